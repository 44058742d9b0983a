package live_test

import (
	"context"
	"math"
	"os"
	"testing"

	"bbctl/internal/controller"
	"bbctl/internal/logline"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// e2eSpacingMS is the landing spacing of the end-to-end runs, in process
// and through the live path alike. The emulated game runs its clock at twice
// the wall's inside a test process that shares two cores with other
// packages' tests, so its timers fire several game-ms late; a wider spacing
// gives the landings room, as players on slow machines use (MECHANICS §11:
// 20 to 150 ms).
const e2eSpacingMS = 50

// runController runs a fresh controller on w for dur game-ms and returns
// the money its hacks gained from steadyFrom game-ms after the start, and
// the controller.
func runController(t testing.TB, w world.World, dur, steadyFrom world.Time) (float64, *controller.Controller) {
	t.Helper()
	return runControllerSpaced(t, w, dur, steadyFrom, e2eSpacingMS)
}

// runControllerSpaced is runController with a landing spacing of spacing
// ms.
func runControllerSpaced(t testing.TB, w world.World, dur, steadyFrom world.Time, spacing float64) (float64, *controller.Controller) {
	t.Helper()
	ctx := context.Background()
	start := w.Now()
	c, err := controller.New(controller.Config{SpacingMS: spacing}, start)
	if err != nil {
		t.Fatal(err)
	}
	verbose := os.Getenv("BBCTL_E2E_LOG") != ""
	opt := controller.RunOptions{Until: start + dur, Log: logline.Loud(t.Errorf, func(l controller.LogLine) {
		if verbose {
			t.Logf("%d %s %s", l.At, l.Level, l.Msg)
		}
	})}
	var mark float64
	marked := false
	opt.Every = func(c *controller.Controller) error {
		if !marked && c.Now() >= start+steadyFrom {
			marked = true
			mark = c.Stats().Income
		}
		return nil
	}
	if err := controller.Run(ctx, w, c, opt); err != nil {
		t.Fatal(err)
	}
	t.Logf("controller stats: %+v", c.Stats())
	return c.Stats().Income - mark, c
}

// TestControllerEndToEnd runs the controller on the simulator in process
// and through the whole live path (simulator → emulated game → agent.js →
// bridge → live world) and compares their income: within 5 % once both
// run steadily, from 40 to 150 game-seconds.
//
// The emulated game runs the simulator's clock at eight times the wall's
// (so the run takes about 25 s), on a paced clock that waits while the
// controller works, so that the comparison holds on a machine busy with
// other packages' tests. The live path's latency is real all the same:
// every call crosses the WebSocket, the agent and the bridge. The
// controller absorbs it (a worker that cannot start in time refuses rather
// than landing out of order, and launches leave slack where the schedule
// has room); the test also checks that on the simulator alone, with a
// launch latency of 20–60 ms. BBCTL_E2E_LOG=1 prints the controllers'
// logs.
func TestControllerEndToEnd(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("runs for 25 s of wall time")
	}
	t.Parallel() // waits on game time; runs beside the other such tests
	// The live path starts a little later: its first reading of the
	// network goes through the agent, where the simulator's takes no time.
	// So the income is compared once both run steadily.
	const dur, steadyFrom, rate = world.Time(150_000), world.Time(40_000), 8.0
	direct, err := sim.New(simConfig())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := runController(t, direct, dur, steadyFrom)
	if want <= 0 {
		t.Fatalf("the in-process run earned %v in its steady part", want)
	}
	lagged := simConfig()
	lagged.LaunchLatency = 20
	lagged.Faults.ExecJitter = 40
	lw, err := sim.New(lagged)
	if err != nil {
		t.Fatal(err)
	}
	if withLag, _ := runController(t, lw, dur, steadyFrom); math.Abs(withLag-want)/want > 0.05 {
		t.Errorf("on the simulator with a launch latency of 20–60 ms the controller earns $%.0f, without $%.0f: more than 5%% apart",
			withLag, want)
	}
	r := pacedSimRig(t, rate)
	got, c := runController(t, r.srv.World, dur, steadyFrom)
	t.Logf("controller at %g game-ms per wall-ms, game-s %v to %v: in process $%.0f, live path $%.0f (%.1f%% apart)",
		rate, steadyFrom.Seconds(), dur.Seconds(), want, got, 100*math.Abs(got-want)/want)
	if math.Abs(got-want)/want > 0.05 {
		t.Errorf("live path earned $%.0f, in process $%.0f: more than 5%% apart", got, want)
	}
	drainAndCheck(t, r.srv.World, c)
}

// drainAndCheck lets the running workers of c finish and their reports
// reach it (the live world's time does not stop when Run returns), then
// compares its ledger with the game.
func drainAndCheck(t *testing.T, w world.World, c *controller.Controller) {
	t.Helper()
	ctx := context.Background()
	for end := w.Now() + 30_000; c.Status().Processes > 0 && w.Now() < end; {
		ev, err := w.Next(ctx, w.Now()+500)
		if err != nil {
			t.Fatal(err)
		}
		c.Step(ev)
	}
	problems, err := controller.LeakCheck(ctx, w, c)
	if err != nil {
		t.Fatalf("leak check: %v", err)
	}
	for _, p := range problems {
		t.Errorf("leak check: %v", p)
	}
}

// TestControllerLive is the fast companion of TestControllerEndToEnd: the
// real controller through the whole live path for 40 game-seconds, at 4
// game-ms per wall-ms (10 s). It launches, its hacks earn, it logs no
// ERROR, nothing in the game fails, and once its workers have reported the
// ledger agrees with the game.
func TestControllerLive(t *testing.T) {
	if raceEnabled {
		t.Skip("runs for 10 s of wall time")
	}
	t.Parallel() // waits on game time; runs beside the other such tests
	r := pacedSimRig(t, 4)
	w := r.srv.World
	c, err := controller.New(controller.Config{SpacingMS: e2eSpacingMS, NoContracts: true}, w.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	err = controller.Run(ctx, w, c, controller.RunOptions{Until: w.Now() + 40_000, Log: logline.Loud(t.Errorf, nil)})
	if err != nil {
		t.Fatal(err)
	}
	st := c.Stats()
	if st.Launched == 0 || st.Hacks == 0 || st.Income <= 0 {
		t.Errorf("through the live path in 40 game-s: %+v", st)
	}
	drainAndCheck(t, w, c)
	if n := r.g.Counters().ScriptErrors; n != 0 {
		t.Errorf("%d script errors in the game", n)
	}
}
