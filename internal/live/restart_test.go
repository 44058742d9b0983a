package live_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/game"
	"bbctl/internal/gameemu"
	"bbctl/internal/live"
	"bbctl/internal/live/js"
	"bbctl/internal/logline"
	"bbctl/internal/longtest"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// plannedIncome is the controller's plan, in $ per game-second.
func plannedIncome(c *controller.Controller) float64 {
	sum := 0.0
	for _, t := range c.Status().Targets {
		sum += t.PlannedIncome
	}
	return sum
}

// liveRun runs a controller on w until the game clock reaches until and
// returns it. every, if set, is called after each step.
func liveRun(t *testing.T, w world.World, until world.Time, logs func(controller.LogLine), every func(*controller.Controller)) *controller.Controller {
	t.Helper()
	c, err := controller.New(controller.Config{SpacingMS: e2eSpacingMS, NoContracts: true}, w.Now())
	if err != nil {
		t.Fatal(err)
	}
	opt := controller.RunOptions{Until: until, Log: logline.Loud(t.Errorf, logs)}
	if every != nil {
		opt.Every = func(c *controller.Controller) error { every(c); return nil }
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := controller.Run(ctx, w, c, opt); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRestartWithoutRemoteAPI stops bbctl in the middle of a run and starts
// a new one against a 2.x game, which does not reconnect its Remote API by
// itself: the agent reconnects, every running worker is adopted, no copy is
// needed where the current workers are, and within 2 game-minutes the game
// pays at least 90 % of what it paid before the restart.
//
// Both figures are what the game paid over 90 game-seconds of steady play:
// game-s 60–150 of the first controller's run and game-s 30–120 after the
// restart. Both are measured through the live path, so what the path
// itself costs under load is in both; what the comparison sees is the
// restart. (The plan is not the yardstick: on this small world the
// controller pays about 0.78 of its plan in process too, restart or not —
// grows that find no RAM on the fragmented servers — and a 30-second
// window of it swings from 0.60 to 0.91.)
//
// The game's clock is paced (gameemu.Config.Paced), so that a CI machine
// busy with other packages' tests slows the game rather than bbctl alone.
// It runs for two minutes and a quarter: a long test (BBCTL_LONG=1);
// TestRestartAdopts is its fast companion.
func TestRestartWithoutRemoteAPI(t *testing.T) {
	longtest.Skip(t)
	if raceEnabled {
		t.Skip("runs for two minutes of wall time")
	}
	t.Parallel()
	// Three worlds side by side (the hack rolls and the servers' cores
	// differ), so that the luck of one window's rolls does not decide.
	seeds := []uint64{7, 8, 9}
	before, after := make([]float64, len(seeds)), make([]float64, len(seeds))
	t.Run("worlds", func(t *testing.T) {
		for i, seed := range seeds {
			t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
				t.Parallel()
				before[i], after[i] = restartRun(t, seed)
			})
		}
	})
	var paidBefore, paidAfter float64
	for i := range seeds {
		paidBefore += before[i]
		paidAfter += after[i]
	}
	t.Logf("in all: before $%.0f/s, after $%.0f/s: %.1f%%", paidBefore, paidAfter, 100*paidAfter/paidBefore)
	if paidAfter < 0.9*paidBefore {
		t.Errorf("within 2 game-minutes of the restart the game pays $%.0f/s, %.1f%% of the $%.0f/s before it; want ≥ 90%%",
			paidAfter, 100*paidAfter/paidBefore, paidBefore)
	}
}

// restartRun plays TestRestartWithoutRemoteAPI's restart in the world of
// seed and returns what the game paid per second before and after it.
func restartRun(t *testing.T, seed uint64) (paidBefore, paidAfter float64) {
	const (
		rate                  = 2.0
		beforeRun, window     = world.Time(150_000), world.Time(90_000)
		afterRun, afterSteady = world.Time(120_000), world.Time(30_000)
	)
	cfg := simConfig()
	cfg.Seed = seed
	// No port openers: the seven servers that need no port are the
	// targets and, with 100 GB between them, hold most of the work.
	cfg.Home.RAM = 32 * game.GiB
	sw, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, gameemu.Config{Sim: sw, SimRate: rate, Paced: true})
	r.srv.World.SetClock(r.g.Now, r.g.Rate())
	r.srv.World.SetPacer(r.g)
	logs := func(who string) func(controller.LogLine) {
		return func(l controller.LogLine) {
			if os.Getenv("BBCTL_E2E_LOG") != "" {
				t.Logf("%s %d %s %s", who, l.At, l.Level, l.Msg)
			}
		}
	}
	start := r.g.Now()
	var markBefore float64
	before := liveRun(t, r.srv.World, start+beforeRun, logs("before"), func(c *controller.Controller) {
		if c.Now() < start+beforeRun-window {
			markBefore = c.Stats().Income
		}
	})
	paidBefore = (before.Stats().Income - markBefore) / window.Seconds()
	plan := plannedIncome(before)
	procs := before.Status().Processes
	if paidBefore <= 0 || procs == 0 {
		t.Fatalf("before the restart: paid $%.0f/s, %d processes", paidBefore, procs)
	}

	// bbctl stops; the game's Remote API stays disconnected (2.x does not
	// reconnect), and a new bbctl starts on the same port.
	srv := r.restartBbctl()
	if srv.RFA.Current() != nil {
		t.Fatal("the emulated game reconnected its Remote API")
	}
	// The workers running as the new controller starts: every one is to be
	// adopted (a few may end in the moment between). The paced clock holds
	// while they are counted and the controller starts, as it would for a
	// bbctl at work.
	r.g.Working()
	snap, err := controller.Read(r.ctx(), srv.World)
	if err != nil {
		t.Fatal(err)
	}
	running := 0
	for _, s := range snap.Servers {
		ps, err := srv.World.Ps(r.ctx(), s.Hostname)
		if err != nil {
			continue // not rooted
		}
		for _, p := range ps {
			if _, ok := world.WorkerOp(p.Filename); ok {
				running++
			}
		}
	}
	restart := r.g.Now()
	var mark float64
	adopted := 0
	after := liveRun(t, srv.World, restart+afterRun, func(l controller.LogLine) {
		logs("after")(l)
		var n int
		if _, err := fmt.Sscanf(l.Msg, "adopted %d running workers", &n); err == nil {
			adopted = n
		}
	}, func(c *controller.Controller) {
		if c.Now() < restart+afterSteady {
			mark = c.Stats().Income
		}
	})
	paidAfter = (after.Stats().Income - mark) / (afterRun - afterSteady).Seconds()
	t.Logf("before: plan $%.0f/s, game-s %v-%v paid $%.0f/s (%.0f%% of the plan), %d processes; after the restart: %d of %d running adopted, plan $%.0f/s, game-s %v-%v paid $%.0f/s: %.0f%% of before",
		plan, (beforeRun - window).Seconds(), beforeRun.Seconds(), paidBefore, 100*paidBefore/plan, procs,
		adopted, running, plannedIncome(after), afterSteady.Seconds(), afterRun.Seconds(), paidAfter, 100*paidAfter/paidBefore)
	if adopted < running*9/10 {
		t.Errorf("adopted %d of the %d workers running at the restart", adopted, running)
	}
	if c := r.g.Counters(); c.ScriptErrors != 0 {
		t.Errorf("%d script errors in the game", c.ScriptErrors)
	}
	return paidBefore, paidAfter
}

// TestRestartAdopts is the fast companion of TestRestartWithoutRemoteAPI:
// bbctl stops 15 game-seconds into a run (4 game-ms per wall-ms) and a new
// one starts against the game, whose Remote API stays away; the agent
// reconnects, the new controller adopts the running workers, and its plan
// is the one before the restart.
func TestRestartAdopts(t *testing.T) {
	t.Parallel() // waits on game time; runs beside the other such tests
	if raceEnabled {
		t.Skip("runs for seconds of wall time")
	}
	cfg := simConfig()
	cfg.Home.RAM = 32 * game.GiB
	sw, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, gameemu.Config{Sim: sw, SimRate: 4})
	r.srv.World.SetClock(r.g.Now, r.g.Rate())
	before := liveRun(t, r.srv.World, r.g.Now()+15_000, nil, nil)
	procs := before.Status().Processes
	if procs == 0 {
		t.Fatal("nothing running after 15 game-seconds")
	}
	srv := r.restartBbctl()
	adopted := -1
	after := liveRun(t, srv.World, r.g.Now()+2_000, func(l controller.LogLine) {
		var n int
		if _, err := fmt.Sscanf(l.Msg, "adopted %d running workers", &n); err == nil {
			adopted = n
		}
	}, nil)
	t.Logf("%d workers running at the stop, %d adopted", procs, adopted)
	// Some workers end between the stop and the adoption.
	if adopted < procs/2 {
		t.Errorf("adopted %d of the %d workers running at the stop", adopted, procs)
	}
	// Without the Remote API the new bbctl still knows what the agent
	// holds on home and every server's cores: its plan is the last one's.
	if p0, p1 := plannedIncome(before), plannedIncome(after); math.Abs(p1-p0) > 1e-9*p0 {
		t.Errorf("the plan after the restart is $%.0f/s, before it $%.0f/s", p1, p0)
	}
	if c := r.g.Counters(); c.ScriptErrors != 0 {
		t.Errorf("%d script errors in the game", c.ScriptErrors)
	}
}

// restartBbctl stops the rig's bbctl and starts a new one on the same
// port, on the game's clock (and pace), and waits for the agent to
// reconnect to it and give it the facts it kept.
func (r *rig) restartBbctl() *live.Server {
	r.t.Helper()
	r.cancel()
	<-r.done
	r.g.Waiting(0) // a paced game runs on while no bbctl is there
	srv, _, cancel, _ := startServer(r.t, r.addr, r.log)
	r.t.Cleanup(cancel)
	srv.World.SetClock(r.g.Now, r.g.Rate())
	srv.World.SetPacer(r.g)
	waitFor(r.t, "the agent to reconnect", 15*time.Second, func() bool { _, _, ok := srv.Bridge.Connected(); return ok })
	// serve takes the facts the agent kept before it starts its controller
	// (Server.Run); the tests run their own, so they wait for them.
	waitFor(r.t, "the facts the agent kept", 5*time.Second, func() bool { _, ok := srv.World.Facts(); return ok })
	return srv
}

// TestCopyWithoutRemoteAPI checks the copies of a bbctl restarted against
// a game that did not reconnect its Remote API: a server that holds the
// current workers needs none; one that does not gets them from home through
// the facts module (ns.scp) when home holds the current ones; and when home
// does not, the copy fails with world.ErrDisconnected after the player is
// asked, once, to press Connect.
func TestCopyWithoutRemoteAPI(t *testing.T) {
	r := newRig(t, gameemu.Config{})
	if err := r.srv.World.Copy(r.ctx(), "joesguns", world.WorkerScripts()...); err != nil {
		t.Fatal(err)
	}
	r.cancel()
	<-r.done
	srv, _, cancel, _ := startServer(t, r.addr, r.log)
	t.Cleanup(cancel)
	waitFor(t, "the agent to reconnect", 15*time.Second, func() bool { _, _, ok := srv.Bridge.Connected(); return ok })
	w := srv.World
	if err := w.Copy(r.ctx(), "joesguns", world.WorkerScripts()...); err != nil {
		t.Errorf("copy to a server with the current workers: %v", err)
	}
	if err := w.Copy(r.ctx(), "foodnstuff", world.WorkerScripts()...); err != nil {
		t.Errorf("copy from home through the facts module: %v", err)
	}
	for _, f := range append(world.WorkerScripts(), js.WorkersMark()) {
		if _, ok := r.g.File("foodnstuff", f); !ok {
			t.Errorf("foodnstuff has no %s after the copy", f)
		}
	}
	if r.log.count("Options → Remote API → Connect") != 0 {
		t.Error("the player was asked to press Connect although home could give the workers")
	}
	// Home without the current workers' mark: nothing to copy from.
	r.g.RemoveFile("home", js.WorkersMark())
	for _, host := range []string{"sigma-cosmetics", "n00dles"} {
		if err := w.Copy(r.ctx(), host, world.WorkerScripts()...); !errors.Is(err, world.ErrDisconnected) {
			t.Errorf("copy to %s without the Remote API or current workers on home: %v, want ErrDisconnected", host, err)
		}
	}
	if n := r.log.count("Options → Remote API → Connect"); n != 1 {
		t.Errorf("the player was asked %d times to press Connect, want once", n)
	}
}

// TestFactsKeptByTheAgent restarts bbctl against a 2.x game whose Remote
// API stays away: the new bbctl cannot read the save, and takes the
// BitNode, its level and the cores from the agent, which kept them for it
// (World.KeepFacts), so its first plan is as exact as the last one's.
func TestFactsKeptByTheAgent(t *testing.T) {
	r := bitNode12Rig(t)
	waitFor(t, "the agent to keep the facts", 5*time.Second, func() bool {
		f, ok, err := r.srv.World.RecallFacts(r.ctx())
		return err == nil && ok && f.BitNode == 12
	})
	srv := r.restartBbctl()
	if srv.RFA.Current() != nil {
		t.Fatal("the emulated game reconnected its Remote API")
	}
	waitFor(t, "the kept facts", 5*time.Second, func() bool {
		return r.log.has("facts: BitNode 12.3, 6 cores on home (kept by the agent from an earlier bbctl)")
	})
	checkBitNode12(t, srv.World)
}
