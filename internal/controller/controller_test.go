package controller

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/logline"
	"bbctl/internal/scenario"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

func TestClassify(t *testing.T) {
	c, err := New(Config{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	base := game.Server{HackDifficulty: 5, MinDifficulty: 5, MoneyAvailable: 100, MoneyMax: 100}
	tests := []struct {
		name   string
		change func(*game.Server)
		want   Phase
	}{
		{"prepared", func(*game.Server) {}, Harvest},
		{"security above minimum", func(s *game.Server) { s.HackDifficulty = 5.01 }, Till},
		{"both off: till first", func(s *game.Server) { s.HackDifficulty = 7; s.MoneyAvailable = 1 }, Till},
		{"money below maximum", func(s *game.Server) { s.MoneyAvailable = 99 }, Sow},
		{"money within tolerance", func(s *game.Server) { s.MoneyAvailable = 99.95 }, Harvest},
		{"empty", func(s *game.Server) { s.MoneyAvailable = 0 }, Sow},
	}
	for _, tt := range tests {
		s := base
		tt.change(&s)
		if got := c.classify(&s); got != tt.want {
			t.Errorf("%s: classify = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestTagRoundTrip(t *testing.T) {
	for _, tg := range []tag{
		{epoch: "0", seq: 1, kind: harvestBatch, role: roleHack},
		{epoch: "lq3x", seq: 123456789, kind: prepBatch, role: roleWeaken2},
		{epoch: "z", seq: 0, kind: harvestBatch, role: roleGrow},
	} {
		got, err := parseTag(tg.String())
		if err != nil || got != tg {
			t.Errorf("parseTag(%q) = %+v, %v; want %+v", tg.String(), got, err, tg)
		}
	}
	for _, s := range []string{"", "bb", "bb:1:2", "xx:1:2:hh", "bb::2:hh", "bb:1:x:hh", "bb:1:2:", "bb:1:2:qh", "bb:1:2:hx", "bb:1:2:hw3", "bb:1:2:hh:extra"} {
		if _, err := parseTag(s); err == nil {
			t.Errorf("parseTag(%q) accepted", s)
		}
	}
}

func FuzzParseTag(f *testing.F) {
	f.Add("bb:lq3x:17:hw1")
	f.Add("bb:0:1:pg")
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := parseTag(s)
		if err != nil {
			return
		}
		if again, err := parseTag(tg.String()); err != nil || again != tg {
			t.Fatalf("re-parsing %q: %+v, %v", tg.String(), again, err)
		}
	})
}

func TestConfigValidation(t *testing.T) {
	for _, cfg := range []Config{
		{SpacingMS: -1}, {MaxProcesses: 2}, {CapacityFactor: 1.5}, {PlanStep: 0.5},
		{MoneyTolerance: 1}, {SecurityTolerance: -1}, {Strategy: 9}, {LaunchDelayMS: -5}, {HorizonMS: -1},
	} {
		if _, err := New(cfg, 0); err == nil || !strings.Contains(err.Error(), "controller:") {
			t.Errorf("New(%+v) = %v, want a controller error", cfg, err)
		}
	}
}

func TestStrategyName(t *testing.T) {
	if harvestBatch.String() != "harvest" || prepBatch.String() != "prep" {
		t.Error("batch kind names")
	}
	for p, want := range map[Phase]string{Pending: "pending", Till: "till", Sow: "sow", Harvest: "harvest"} {
		if p.String() != want {
			t.Errorf("%d: %q", p, p.String())
		}
	}
}

// TestLaunchesKeepClearOfRaisedWindows checks, after every step of a run
// whose launch latency is learned while it harvests (a jittery exec, many
// batches in flight, windows of raised security a quarter of the time),
// that no planned harvest launch, up to the launch delay after it, falls where
// its target's security is raised.
func TestLaunchesKeepClearOfRaisedWindows(t *testing.T) {
	w, err := sim.New(sim.Config{
		Seed: 7, Player: sim.PlayerConfig{Hacking: 1000, FreezeExp: true},
		Home: sim.HomeConfig{RAM: 4096 * game.GiB}, Prepped: true,
		LaunchLatency: 20, Faults: sim.Faults{ExecJitter: 40},
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{SpacingMS: 50}, w.Now())
	if err != nil {
		t.Fatal(err)
	}
	checked, widened := 0, 0
	delay := c.launchDelay()
	err = Run(context.Background(), w, c, RunOptions{Until: 120_000, Log: logline.Loud(t.Errorf, nil), Every: func(c *Controller) error {
		if c.launchDelay() != delay {
			delay = c.launchDelay()
			widened++
		}
		for _, o := range c.heap {
			if o.b.kind != harvestBatch || o.callAt <= c.now {
				continue
			}
			checked++
			for _, b := range o.b.t.batches {
				ws, n := b.raised()
				for _, win := range ws[:n] {
					if o.callAt <= win.to && o.callAt+c.launchDelay() >= win.from {
						return fmt.Errorf("at %d: %s of batch %d on %s due at %d (delay %d ms) in the raised window %d–%d of batch %d",
							c.now, o.role, o.b.seq, o.b.t.host, o.callAt, c.launchDelay(), win.from, win.to, b.seq)
					}
				}
			}
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 || widened == 0 {
		t.Fatalf("checked %d planned launches over %d widenings of the launch windows; want some of each", checked, widened)
	}
	// 20 ms of latency and up to 40 of jitter, with a quarter more in
	// hand; the simulator's driver is never behind.
	if d := c.Status().Delay; d.TotalMS != c.launchDelay() || d.ExecMS <= 20 || d.ExecMS > 60 || d.LagMS != 0 || d.TotalMS != d.ExecMS+(d.ExecMS+3)/4 {
		t.Errorf("Status().Delay = %+v, want the exec latency learned (20–60 ms) and no lag", d)
	}
}

// TestWidenLaunchDelayMovesLaunchesOutOfWindows checks that a launch planned
// just after a raised window moves before it, not into it, when the launch
// delay grows.
func TestWidenLaunchDelayMovesLaunchesOutOfWindows(t *testing.T) {
	c, err := New(Config{SpacingMS: 20, LaunchDelayMS: 10}, 0)
	if err != nil {
		t.Fatal(err)
	}
	tg := &target{host: "n00dles"}
	// Landings H 1000, W1 1020, G 1040, W2 1060: security is raised over
	// 999–1021 and 1039–1061.
	landed := &batch{seq: 1, kind: harvestBatch, t: tg}
	for i, r := range []role{roleHack, roleWeaken1, roleGrow, roleWeaken2} {
		landed.add(&op{b: landed, role: r, landAt: 1000 + world.Time(20*i), state: opRunning, heapIdx: -1})
	}
	next := &batch{seq: 2, kind: harvestBatch, t: tg}
	tg.batches = []*batch{landed, next}
	// A hack launch in the gap 1022–1038: up to 10 ms later it is still clear.
	o := &op{b: next, role: roleHack, landAt: 5000, callAt: 1022, heapIdx: -1}
	c.schedule(o)
	c.learnDelay(15, 0) // an exec of 15 ms: the delay grows by 5
	ws, n := landed.raised()
	for _, w := range ws[:n] {
		if o.callAt <= w.to && o.callAt+15 >= w.from {
			t.Fatalf("after widening to 15 ms the launch is at %d, in the raised window %d–%d", o.callAt, w.from, w.to)
		}
	}
	if o.callAt > 1022-5 {
		t.Errorf("after widening by 5 ms the launch is at %d, want at most 1017", o.callAt)
	}
}

// TestLagIsForgotten checks that a spell of driver lag or of slow execs
// widens the launch delay at once and is forgotten one to two minutes after
// it ends, down to the configured exec latency.
func TestLagIsForgotten(t *testing.T) {
	c, err := New(Config{LaunchDelayMS: 10}, 0)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		at        world.Time
		exec, lag world.Time
		want      world.Time // the launch delay after the sample
	}{
		// The exec latency counts with a quarter more in hand.
		{0, 0, 0, 13},
		{1_000, 0, 300, 313},   // a busy spell
		{30_000, 25, 0, 332},   // a slower exec
		{59_000, 0, 120, 332},  // still the busy span
		{61_000, 0, 0, 332},    // a new span: the last one's 300 and 25 still count
		{70_000, 5, 0, 332},    // a faster exec does not shorten what the spans hold
		{125_000, 0, 0, 13},    // two spans on: only the configured exec latency
		{126_000, 0, 999, 13},  // a lag of a second or more: the game was away
		{127_000, 0, 40, 53},   // a new, smaller lag
		{128_000, 60, 0, 115},  // a slow exec (60 + 15) with it
		{400_000, 0, 0, 13},    // a long quiet: forgotten
		{401_000, 3000, 0, 13}, // an exec of 3 s is not a latency to plan for
		{402_000, 0, 0, 13},
	}
	for _, s := range steps {
		c.now = s.at
		c.learnDelay(s.exec, s.lag)
		if c.launchDelay() != s.want {
			t.Errorf("at %d ms after exec %d, lag %d: launch delay %d ms, want %d", s.at, s.exec, s.lag, c.launchDelay(), s.want)
		}
	}
}

// TestAdoptedReportTeachesLatency checks that the report of an adopted
// worker teaches the exec latency: its arguments say when the controller
// before this one launched it.
func TestAdoptedReportTeachesLatency(t *testing.T) {
	c, err := New(Config{LaunchDelayMS: 10}, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ledger.UpdateServer(game.Server{Hostname: "home", HasAdminRights: true, MaxRAM: 64 * game.GiB, Cores: 1}); err != nil {
		t.Fatal(err)
	}
	c.targets["n00dles"] = &target{host: "n00dles"}
	tag := tag{epoch: "old", seq: 7, kind: harvestBatch, role: roleWeaken1}.String()
	args := world.WorkerArgs{Target: "n00dles", LandAt: 160_000, Duration: 50_000, Tag: tag, StartBy: 100_500, LaunchedAt: 99_950}
	o, _, ok := c.adoptProcess("home", world.Process{PID: 42, Filename: world.WeakenScript, Threads: 2, Args: args.Args()})
	if !ok {
		t.Fatal("the worker was not adopted")
	}
	o.b.t.batches = append(o.b.t.batches, o.b)
	o.b.add(o)
	c.now = 160_000
	c.jobDone(world.Report{PID: 42, Host: "home", Op: world.OpWeaken, Target: "n00dles", Threads: 2, Tag: tag,
		LandAt: 160_000, Start: 100_025, End: 160_000, Result: 0.1})
	if c.execLatency() != 75 || c.launchDelay() != 75+19 {
		t.Errorf("after the adopted worker's report: exec latency %d ms, launch delay %d ms; want 75 (launched at 99,950, called at 100,025) and 94", c.execLatency(), c.launchDelay())
	}
}

// TestCopyWaitsQuietly checks that copies the world cannot make for now (a
// live game whose Remote API is not connected) are said once, not once per
// server, and that the first copy made again says so.
func TestCopyWaitsQuietly(t *testing.T) {
	c, err := New(Config{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	c.Ready()
	hosts := []string{"a", "b", "c", "d"}
	for _, h := range hosts {
		c.servers[h] = &serverInfo{copying: true, srv: game.Server{Hostname: h, HasAdminRights: true, MaxRAM: 8 * game.GiB}}
		c.Copied(h, &world.OpError{Op: "copy", Host: h, Err: fmt.Errorf("the game's Remote API is not connected: %w", world.ErrDisconnected)})
	}
	var warned []string
	for _, l := range c.Ready().Logs {
		if strings.Contains(l.Msg, "copy workers") {
			warned = append(warned, l.Msg)
		}
	}
	if len(warned) != 1 {
		t.Errorf("log lines about the copies: %q, want one", warned)
	}
	for _, h := range hosts {
		if si := c.servers[h]; si.copied || si.copying {
			t.Errorf("%s: copied %v, copying %v; want neither (copied again at the next reading)", h, si.copied, si.copying)
		}
	}
	c.servers["a"].copying = true
	c.Copied("a", nil)
	again := false
	for _, l := range c.Ready().Logs {
		again = again || strings.Contains(l.Msg, "copying again")
	}
	if !again || !c.servers["a"].copied {
		t.Errorf("after a copy succeeds: said %v, copied %v", again, c.servers["a"].copied)
	}
}

// The lists kept for speed stay true to what they stand for, after every
// step of runs whose plans change (the level climbs, targets are taken in
// and dropped), with both strategies: the planned targets (planned) are
// those of order that are planned, in order, and each batch's earliest and
// latest landing (first, last) are those of its ops.
func TestKeptLists(t *testing.T) {
	sc, err := scenario.Load("mid")
	if err != nil {
		t.Fatal(err)
	}
	for _, strategy := range []Strategy{BbctlStrategy, SeedStrategy} {
		cfg := sc.SimConfig()
		cfg.Player.FreezeExp = false // levels, so new plans
		w, err := sim.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		c, err := New(Config{Strategy: strategy, SpacingMS: sc.SpacingMS, MaxProcesses: sc.MaxProcesses}, w.Now())
		if err != nil {
			t.Fatal(err)
		}
		steps, inFlight := 0, 0
		err = Run(context.Background(), w, c, RunOptions{Until: 6 * 60_000, Every: func(c *Controller) error {
			steps++
			var want []*target
			for _, t := range c.order {
				if t.planned {
					want = append(want, t)
				}
			}
			if got := c.planned(); fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("step %d: planned %v, want %v", steps, got, want)
			}
			for _, tg := range c.order {
				inFlight += len(tg.batches)
				for _, b := range tg.batches {
					lo, hi := world.Time(1<<62-1), world.Time(0)
					for _, o := range b.ops {
						lo, hi = min(lo, o.landAt), max(hi, o.landAt)
					}
					if b.first() != lo || b.last() != hi {
						return fmt.Errorf("step %d: batch %d on %s lands %d–%d, its ops %d–%d", steps, b.seq, tg.host, b.first(), b.last(), lo, hi)
					}
				}
			}
			return nil
		}})
		if err != nil {
			t.Fatalf("strategy %v: %v", strategy, err)
		}
		if wantPlans := map[Strategy]int{BbctlStrategy: 2, SeedStrategy: 1}[strategy]; c.stats.Plans < wantPlans || inFlight == 0 {
			t.Errorf("strategy %v: %d plans, %d batches seen in flight: the run did not exercise the lists", strategy, c.stats.Plans, inFlight)
		}
	}
}
