package live_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/game"
	"bbctl/internal/gameemu"
	"bbctl/internal/live"
	"bbctl/internal/live/js"
	"bbctl/internal/logline"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// simConfig is the game both runs of the end-to-end test play.
func simConfig() sim.Config {
	return sim.Config{
		Seed:    7,
		Player:  sim.PlayerConfig{Hacking: 1000, FreezeExp: true},
		Home:    sim.HomeConfig{RAM: 4096 * game.GiB}, // room for every batch at once, however late the driver runs
		Prepped: true,
	}
}

// driver is a small fixed batcher that runs on any world.World, standing
// in for the controller: every period it launches one hack-weaken-grow-
// weaken batch on n00dles, landing lead ms after the slowest op would.
type driver struct {
	period, lead world.Time
	launched     map[int]bool // pids launched and not yet reported
	seen         map[int]bool // pids reported
	strays       int          // reports of pids whose exec answer was lost
	reports      int
	misfires     int
	duplicates   int
}

func (d *driver) run(t testing.TB, ctx context.Context, w world.World, dur world.Time, during func(at world.Time)) {
	t.Helper()
	if d.launched == nil {
		d.launched, d.seen = map[int]bool{}, map[int]bool{}
	}
	if err := w.Nuke(ctx, "n00dles"); err != nil {
		t.Fatal(err)
	}
	bn := game.DefaultBitNodeMults()
	start := w.Now()
	// A fixed number of batches, each launched when its time has come
	// (late, if the world lags), so both runs launch the same work.
	for k := world.Time(0); k < dur/d.period; k++ {
		at := start + k*d.period
		for w.Now() < at {
			d.take(t, ctx, w, at)
		}
		now := w.Now()
		{
			var p world.Player
			var s game.Server
			err := retry(func() (err error) { p, err = w.Player(ctx); return })
			if err == nil {
				err = retry(func() (err error) { s, err = w.Server(ctx, "n00dles"); return })
			}
			if err != nil {
				t.Fatal(err)
			}
			person := p.Person()
			hack := game.HackTime(&s, &person, &bn) * 1000
			land := at + world.Time(4*hack) + d.lead
			job := func(op world.Op, threads int, at world.Time, mult float64) world.ExecRequest {
				return world.ExecRequest{Script: op.Script(), Host: "home", Threads: threads, Temporary: true,
					Args: world.WorkerArgs{Target: "n00dles", LandAt: at, Duration: hack * mult, Tag: "drv"}.Args()}
			}
			reqs := []world.ExecRequest{
				job(world.OpHack, 4, land, 1), job(world.OpWeaken, 1, land+30, 4),
				job(world.OpGrow, 12, land+60, 3.2), job(world.OpWeaken, 2, land+90, 4),
			}
			for i, r := range w.Exec(ctx, reqs) {
				switch {
				case errors.Is(r.Err, world.ErrDisconnected):
					// The agent went away with the batch: launched or not,
					// nobody knows; a report may still come (a stray).
				case r.Err != nil:
					t.Fatalf("exec %d: %v", i, r.Err)
				default:
					d.launched[r.PID] = true
				}
			}
			if during != nil {
				during(now - start)
			}
		}
	}
}

// retry repeats a read that failed because the agent went away mid-call,
// as the controller does.
func retry(f func() error) error {
	for {
		err := f()
		if !errors.Is(err, world.ErrDisconnected) {
			return err
		}
	}
}

// drain reads events until every launched worker has reported.
func (d *driver) drain(t testing.TB, ctx context.Context, w world.World, limit world.Time) {
	t.Helper()
	end := w.Now() + limit
	for len(d.launched) > 0 && w.Now() < end {
		d.take(t, ctx, w, min(end, w.Now()+500))
	}
	if len(d.launched) > 0 {
		t.Errorf("%d launched workers never reported", len(d.launched))
	}
}

func (d *driver) take(t testing.TB, ctx context.Context, w world.World, until world.Time) {
	t.Helper()
	ev, err := w.Next(ctx, until)
	if err != nil {
		t.Fatal(err)
	}
	if j, ok := ev.(world.JobDone); ok {
		switch {
		case d.seen[j.PID]:
			d.duplicates++
		case !d.launched[j.PID]:
			d.strays++
		}
		d.seen[j.PID] = true
		delete(d.launched, j.PID)
		d.reports++
		if j.Misfire {
			d.misfires++
		}
	}
}

// simRig is bbctl serving an emulated game backed by the simulator.
func simRig(t testing.TB, rate float64) (*rig, *sim.World) {
	t.Helper()
	sw, err := sim.New(simConfig())
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, gameemu.Config{Sim: sw, SimRate: rate})
	r.srv.World.SetClock(r.g.Now, r.g.Rate())
	return r, sw
}

// pacedSimRig is simRig with a paced clock (gameemu.Config.Paced): the
// game's time waits while the live world's user works on what the game
// sent, so a test process starved of CPU by other packages' tests slows
// the game rather than falling behind it.
func pacedSimRig(t testing.TB, rate float64) *rig {
	t.Helper()
	sw, err := sim.New(simConfig())
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, gameemu.Config{Sim: sw, SimRate: rate, Paced: true})
	r.srv.World.SetClock(r.g.Now, r.g.Rate())
	r.srv.World.SetPacer(r.g)
	return r
}

// TestSimEndToEnd runs the same batcher on the simulator in process and
// through the whole live path (simulator → emulated game → agent.js →
// bridge → live world) and compares the income.
func TestSimEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for seconds of wall time")
	}
	t.Parallel() // waits on game time; runs beside the other such tests
	// At 10 game-ms per wall-ms the batcher's 5 s lead is half a
	// wall-second: a machine busy with other packages' tests still
	// launches in time (at 20, under load, it did not).
	dur, rate := world.Time(60_000), 10.0
	if raceEnabled {
		dur, rate = 20_000, 2
	}
	ctx := context.Background()

	direct, err := sim.New(simConfig())
	if err != nil {
		t.Fatal(err)
	}
	// earn runs the batcher on w, lets its workers report, and returns
	// the money gained.
	earn := func(w world.World) (*driver, float64) {
		d := &driver{period: 500, lead: 5000}
		p0, _ := w.Player(ctx)
		d.run(t, ctx, w, dur, nil)
		d.drain(t, ctx, w, 30_000)
		p1, _ := w.Player(ctx)
		return d, p1.Money - p0.Money
	}
	d1, want := earn(direct)
	r := pacedSimRig(t, rate)
	w := r.srv.World
	d2, got := earn(w)

	t.Logf("in process: $%.0f from %d reports (%d misfires); live path: $%.0f from %d reports (%d misfires)",
		want, d1.reports, d1.misfires, got, d2.reports, d2.misfires)
	if want <= 0 {
		t.Fatalf("the in-process run earned %v", want)
	}
	if math.Abs(got-want)/want > 0.05 {
		t.Errorf("live path earned $%.0f, in process $%.0f: %.1f%% apart (limit 5%%)", got, want, 100*math.Abs(got-want)/want)
	}
	if d2.duplicates != 0 || d2.misfires > d2.reports/20 {
		t.Errorf("live path: %d duplicate reports, %d misfires of %d", d2.duplicates, d2.misfires, d2.reports)
	}
	if c := r.g.Counters(); c.ScriptErrors != 0 {
		t.Errorf("%d script errors in the game", c.ScriptErrors)
	}
}

// TestSimRecovery kills the agent, then bbctl, in the middle of a run on
// the simulator-backed game: the batcher pauses and resumes, and every
// worker launched reports exactly once.
func TestSimRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for seconds of wall time")
	}
	// Not beside the other game-time tests: while the agent is away the
	// game's clock runs on, and its ports hold 50 reports each.
	ctx := context.Background()
	// While the agent is away, workers' reports wait in the game's ports,
	// which drop their oldest entries past 50. A slow clock keeps that wait
	// short in game time even when the test machine is busy.
	rate := 2.0
	r, _ := simRig(t, rate)
	d := &driver{period: 500, lead: 2000}
	killed := false
	d.run(t, ctx, r.srv.World, 20_000, func(at world.Time) {
		if at >= 8_000 && !killed {
			killed = true
			r.g.Kill(r.agent)
			// Restart it a little later, as a player or autoexec would.
			go func() {
				time.Sleep(100 * time.Millisecond)
				pid, err := r.g.Run("home", "bbctl/agent.js", 1)
				if err != nil {
					t.Error(err)
				}
				r.agent = pid
			}()
		}
	})
	// bbctl stops and starts again on the same port; the new world adopts
	// the workers still running and receives their reports.
	srv := r.restartBbctl()
	d.drain(t, ctx, srv.World, 30_000)
	if d.duplicates != 0 {
		t.Errorf("%d duplicate reports", d.duplicates)
	}
	t.Logf("%d reports (%d of launches whose answer was lost), %d misfires", d.reports, d.strays, d.misfires)
	if c := r.g.Counters(); c.ScriptErrors != 0 {
		t.Errorf("%d script errors in the game", c.ScriptErrors)
	}
}

// TestSaveFacts checks that the live world learns, from the game's save,
// what the agent cannot read: the BitNode, its level and the servers'
// cores; and that a game without getSaveFile leaves the defaults.
func TestSaveFacts(t *testing.T) {
	r := bitNode12Rig(t)
	checkBitNode12(t, r.srv.World)
	// A new agent (after a reset or a reload) has the save read again.
	saves := r.g.Counters().Saves
	r.g.Kill(r.agent)
	waitFor(t, "the bridge to notice", 5*time.Second, func() bool { _, _, ok := r.srv.Bridge.Connected(); return !ok })
	r.startAgent()
	waitFor(t, "the save to be read again", 5*time.Second, func() bool { return r.g.Counters().Saves > saves })

	old := newRig(t, gameemu.Config{}) // an emulated game before 2.8.1
	waitFor(t, "the missing getSaveFile to be noticed", 5*time.Second, func() bool { return old.log.has("no getSaveFile") })
	if p, err := old.srv.World.Player(old.ctx()); err != nil || p.BitNode != 0 {
		t.Errorf("without a save: Player = BitNode %d, %v; want 0 (unknown)", p.BitNode, err)
	}
	if s, err := old.srv.World.Server(old.ctx(), "home"); err != nil || s.Cores != 1 {
		t.Errorf("without a save: home has %d cores, %v; want 1", s.Cores, err)
	}
}

// bitNode12Rig returns a rig whose game, backed by the simulator, is in
// BitNode 12.3 with a 6-core home, once bbctl has read its save.
func bitNode12Rig(t *testing.T) *rig {
	t.Helper()
	cfg := simConfig()
	cfg.BitNode, cfg.BitNodeLevel = 12, 3
	cfg.Home.Cores = 6
	sw, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, gameemu.Config{Sim: sw, SimRate: 1})
	r.srv.World.SetClock(r.g.Now, r.g.Rate())
	waitFor(t, "the save to be read", 5*time.Second, func() bool { return r.log.has("save: BitNode 12.3") })
	return r
}

// checkBitNode12 checks that w knows bitNode12Rig's game: BitNode 12.3,
// 6 cores on home and one on n00dles.
func checkBitNode12(t *testing.T, w *live.World) {
	t.Helper()
	ctx := context.Background()
	if p, err := w.Player(ctx); err != nil || p.BitNode != 12 || p.BitNodeLevel != 3 {
		t.Errorf("Player = BitNode %d level %d, %v; want 12 level 3", p.BitNode, p.BitNodeLevel, err)
	}
	for host, want := range map[string]int{"home": 6, "n00dles": 1} {
		if s, err := w.Server(ctx, host); err != nil || s.Cores != want {
			t.Errorf("Server(%s).Cores = %d, %v; want %d", host, s.Cores, err, want)
		}
	}
}

// TestFactsWithoutSave plays a 2.6-shaped game, which has no getSaveFile,
// in BitNode 2.2 with a 4-core home: bbctl reads the BitNode, its level and
// the cores through the facts module, and the controller's plan through
// the live path is the plan it makes on the simulator in process.
func TestFactsWithoutSave(t *testing.T) {
	cfg := simConfig()
	cfg.Version = "2.6.1"
	cfg.BitNode, cfg.BitNodeLevel = 2, 2
	cfg.Home.Cores = 4
	sw, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	idle := func(ctx context.Context, _ world.World) error { <-ctx.Done(); return nil }
	r := newRigRun(t, gameemu.Config{Sim: sw, SimRate: 1, NoSaveFile: true}, idle)
	w := r.srv.World
	w.SetClock(r.g.Now, r.g.Rate())
	waitFor(t, "the facts module's reading", 10*time.Second, func() bool { return r.log.has("facts: BitNode 2.2, 4 cores on home") })
	if p, err := w.Player(r.ctx()); err != nil || p.BitNode != 2 || p.BitNodeLevel != 2 {
		t.Errorf("Player = BitNode %d level %d, %v; want 2 level 2", p.BitNode, p.BitNodeLevel, err)
	}
	if s, err := w.Server(r.ctx(), "home"); err != nil || s.Cores != 4 {
		t.Errorf("home has %d cores, %v; want 4", s.Cores, err)
	}
	waitFor(t, "the facts module to exit", 5*time.Second, func() bool { return !r.srv.Bridge.ModuleConnected(live.ModuleFacts) })
	if c := r.g.Counters(); c.Saves != 0 || c.ScriptErrors != 0 {
		t.Errorf("%d saves read, %d script errors", c.Saves, c.ScriptErrors)
	}

	// The same world in process, with the agent's RAM held on home as in
	// the game.
	direct, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	agent, _ := r.g.File("home", js.AgentScript)
	ram, err := r.g.StaticRAM(agent)
	if err != nil {
		t.Fatal(err)
	}
	if err := direct.AddScript("home", js.AgentScript, ram); err != nil {
		t.Fatal(err)
	}
	if res := direct.Exec(r.ctx(), []world.ExecRequest{{Script: js.AgentScript, Host: "home", Threads: 1}}); res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	want, wantLog := firstPlan(t, direct)
	got, gotLog := firstPlan(t, w)
	t.Logf("in process: %s; live path: %s", wantLog, gotLog)
	if want <= 0 || got != want {
		t.Errorf("the plan through the live path is $%v/s, in process $%v/s; want them equal", got, want)
	}
}

// firstPlan runs a controller on w until it has made its first plan and
// returns the plan's income and its log line.
func firstPlan(t *testing.T, w world.World) (float64, string) {
	t.Helper()
	c, err := controller.New(controller.Config{NoContracts: true}, w.Now())
	if err != nil {
		t.Fatal(err)
	}
	var line string
	errPlanned := errors.New("planned")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = controller.Run(ctx, w, c, controller.RunOptions{
		Log: logline.Loud(t.Errorf, func(l controller.LogLine) {
			if strings.HasPrefix(l.Msg, "plan at") {
				line = l.Msg
			}
		}),
		Every: func(c *controller.Controller) error {
			if c.Stats().Plans > 0 {
				return errPlanned
			}
			return nil
		},
	})
	if !errors.Is(err, errPlanned) {
		t.Fatalf("controller: %v", err)
	}
	return plannedIncome(c), line
}
