package sim

import (
	"bytes"
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

var bg = context.Background()

func newWorld(t testing.TB, cfg Config) *World {
	t.Helper()
	w, err := New(cfg)
	if err != nil {
		t.Fatalf("New(%+v): %v", cfg, err)
	}
	return w
}

// worker returns a request for op on host against target.
func worker(op world.Op, host, target string, threads int, landAt world.Time, dur float64, tag string) world.ExecRequest {
	a := world.WorkerArgs{Target: target, LandAt: landAt, Duration: dur, Tag: tag}
	return world.ExecRequest{Script: op.Script(), Host: host, Threads: threads, Args: a.Args()}
}

func mustExec(t testing.TB, w *World, reqs ...world.ExecRequest) []int {
	t.Helper()
	var pids []int
	for i, r := range w.Exec(bg, reqs) {
		if r.Err != nil {
			t.Fatalf("exec %+v: %v", reqs[i], r.Err)
		}
		pids = append(pids, r.PID)
	}
	return pids
}

func mustNuke(t testing.TB, w *World, hosts ...string) {
	t.Helper()
	for _, h := range hosts {
		if err := w.Nuke(bg, h); err != nil {
			t.Fatalf("nuke %s: %v", h, err)
		}
	}
}

func srv(t testing.TB, w *World, host string) game.Server {
	t.Helper()
	s, err := w.Server(bg, host)
	if err != nil {
		t.Fatalf("server %s: %v", host, err)
	}
	return s
}

// drain returns every event up to until, Tick excluded.
func drain(t testing.TB, w *World, until world.Time) []world.Event {
	t.Helper()
	var evs []world.Event
	for {
		ev, err := w.Next(bg, until)
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if _, ok := ev.(world.Tick); ok {
			return evs
		}
		evs = append(evs, ev)
	}
}

func jobs(evs []world.Event) []world.Report {
	var out []world.Report
	for _, ev := range evs {
		if j, ok := ev.(world.JobDone); ok {
			out = append(out, j.Report)
		}
	}
	return out
}

// predicted returns what the game computes for a worker called now with
// the given additionalMsec: the end time.
func predictedEnd(w *World, op world.Op, target string, call world.Time, add float64) world.Time {
	s := w.servers[w.byName[target]].Server
	return call + world.Time(math.Trunc((w.opTime(op, &s)+add/1000)*1000))
}

func TestExecFailures(t *testing.T) {
	w := newWorld(t, Config{Seed: 1})
	if err := w.AddScript("home", "big.js", 200); err != nil {
		t.Fatal(err)
	}
	if err := w.Copy(bg, "n00dles", world.HackScript); err != nil {
		t.Fatal(err)
	}
	wa := world.WorkerArgs{Target: "n00dles", LandAt: 1e6, Duration: 1}.Args()
	for _, tc := range []struct {
		name string
		req  world.ExecRequest
		want error
	}{
		{"unknown host", world.ExecRequest{Script: "big.js", Host: "nowhere", Threads: 1}, world.ErrUnknownHost},
		{"empty script", world.ExecRequest{Script: "", Host: "home", Threads: 1}, world.ErrBadScript},
		{"zero threads", world.ExecRequest{Script: "big.js", Host: "home", Threads: 0}, world.ErrBadThreads},
		{"negative threads", world.ExecRequest{Script: "big.js", Host: "home", Threads: -3}, world.ErrBadThreads},
		{"script not on host", world.ExecRequest{Script: "other.js", Host: "home", Threads: 1}, world.ErrFileMissing},
		{"worker not copied", world.ExecRequest{Script: world.GrowScript, Host: "n00dles", Threads: 1, Args: wa}, world.ErrFileMissing},
		{"no root", world.ExecRequest{Script: world.HackScript, Host: "n00dles", Threads: 1, Args: wa}, world.ErrNoRoot},
		{"not enough RAM", world.ExecRequest{Script: "big.js", Host: "home", Threads: 5}, world.ErrNotEnoughRAM},
		{"overflowing threads", world.ExecRequest{Script: "big.js", Host: "home", Threads: math.MaxInt}, world.ErrNotEnoughRAM},
	} {
		res := w.Exec(bg, []world.ExecRequest{tc.req})
		if len(res) != 1 || res[0].PID != 0 || !errors.Is(res[0].Err, tc.want) {
			t.Errorf("%s: got %+v, want error %v", tc.name, res, tc.want)
			continue
		}
		var oe *world.OpError
		if !errors.As(res[0].Err, &oe) || oe.Op != "exec" || oe.Host != tc.req.Host {
			t.Errorf("%s: error %v is not an exec *world.OpError on %q", tc.name, res[0].Err, tc.req.Host)
		}
	}
	if got := srv(t, w, "home").RAMUsed; got != 0 {
		t.Errorf("failed execs left RAMUsed %v", got)
	}
	// Exactly full is allowed (the game's 0.001 slack); failed requests use
	// no pid; one failure does not stop the others.
	res := w.Exec(bg, []world.ExecRequest{
		{Script: "big.js", Host: "home", Threads: 3},
		{Script: "big.js", Host: "nowhere", Threads: 1},
		{Script: "big.js", Host: "home", Threads: 1},
		{Script: "big.js", Host: "home", Threads: 1},
	})
	if res[0].PID != 1 || res[1].Err == nil || res[2].PID != 2 || !errors.Is(res[3].Err, world.ErrNotEnoughRAM) {
		t.Errorf("batch exec: got %+v", res)
	}
	if got := srv(t, w, "home").RAMUsed; got != 800 {
		t.Errorf("RAMUsed = %v, want 8GB", got)
	}
}

func TestRAMAccounting(t *testing.T) {
	w := newWorld(t, Config{Seed: 2, Home: HomeConfig{RAM: 64 * game.GiB}, Player: PlayerConfig{Hacking: 100}})
	mustNuke(t, w, "n00dles")
	ps := mustExec(t, w,
		worker(world.OpHack, "home", "n00dles", 3, 1e6, 0, "h"),   // 5.10
		worker(world.OpWeaken, "home", "n00dles", 7, 0, 1e9, "w"), // 12.25, misfires at once
		worker(world.OpGrow, "home", "n00dles", 1, 10, 0, "g"),    // 1.75
	)
	if got, want := srv(t, w, "home").RAMUsed, game.RAM(3*170+7*175+175); got != want {
		t.Fatalf("after exec RAMUsed = %d hundredths, want %d", got, want)
	}
	if errs := w.Kill(bg, []int{ps[0], 999}); errs[0] != nil || !errors.Is(errs[1], world.ErrNoSuchProcess) {
		t.Fatalf("kill: %v", errs)
	}
	// Kill frees at once, before any event is read.
	if got, want := srv(t, w, "home").RAMUsed, game.RAM(7*175+175); got != want {
		t.Fatalf("after kill RAMUsed = %d, want %d", got, want)
	}
	evs := drain(t, w, 1e6)
	if len(evs) != 3 {
		t.Fatalf("events %v, want killed, misfire, grow", evs)
	}
	if e, ok := evs[0].(world.ProcessEnded); !ok || !e.Killed || e.PID != ps[0] {
		t.Errorf("first event %#v, want the kill of %d", evs[0], ps[0])
	}
	if j := jobs(evs); len(j) != 2 || !j[0].Misfire || j[0].PID != ps[1] || j[1].Misfire || j[1].Op != world.OpGrow {
		t.Errorf("jobs %+v, want a misfired weaken then a grow", j)
	}
	if got := srv(t, w, "home").RAMUsed; got != 0 {
		t.Errorf("after all ended RAMUsed = %d, want 0", got)
	}
	if errs := w.Kill(bg, []int{ps[2]}); !errors.Is(errs[0], world.ErrNoSuchProcess) {
		t.Errorf("kill of an ended process: %v", errs[0])
	}
	st := w.Stats()
	if st.Started != 3 || st.Running != 0 || st.MaxConcurrent != 3 || st.Kills != 1 || st.Misfires != 1 || st.GrowsLanded != 1 {
		t.Errorf("stats %+v", st)
	}
}

// Property: after any sequence of execs, kills and completions, every
// server's RAMUsed is the sum over its processes and never negative.
func TestRAMInvariant(t *testing.T) {
	w := newWorld(t, Config{Seed: 3, Player: PlayerConfig{Hacking: 50}, Purchased: []PurchasedConfig{{RAM: 64 * game.GiB, Count: 3}}})
	mustNuke(t, w, "n00dles", "foodnstuff")
	hosts := []string{"home", "pserv-0", "pserv-1", "pserv-2"}
	for _, h := range hosts[1:] {
		if err := w.Copy(bg, h, world.WorkerScripts()...); err != nil {
			t.Fatal(err)
		}
	}
	rng := w.faultRNG // any deterministic source will do
	var live []int
	for step := 0; step < 3000; step++ {
		switch rng.IntN(4) {
		case 0, 1:
			op := world.Op(1 + rng.IntN(3))
			tgt := []string{"n00dles", "foodnstuff"}[rng.IntN(2)]
			r := worker(op, hosts[rng.IntN(len(hosts))], tgt, 1+rng.IntN(9), w.Now()+world.Time(rng.IntN(400000)), float64(rng.IntN(100000)), "p")
			if res := w.Exec(bg, []world.ExecRequest{r}); res[0].Err == nil {
				live = append(live, res[0].PID)
			} else if !errors.Is(res[0].Err, world.ErrNotEnoughRAM) {
				t.Fatalf("exec: %v", res[0].Err)
			}
		case 2:
			if len(live) > 0 {
				i := rng.IntN(len(live))
				w.Kill(bg, []int{live[i]})
				live = slices.Delete(live, i, i+1)
			}
		case 3:
			if _, err := w.Next(bg, w.Now()+world.Time(rng.IntN(20000))); err != nil {
				t.Fatal(err)
			}
		}
		running := 0
		for _, h := range hosts {
			procs, err := w.Ps(bg, h)
			if err != nil {
				t.Fatal(err)
			}
			var sum game.RAM
			for _, p := range procs {
				sum += p.RAM * game.RAM(p.Threads)
			}
			running += len(procs)
			if id, _ := w.lookup("ps", h); w.servers[id].nprocs != len(procs) {
				t.Fatalf("step %d: %s counts %d processes, ps lists %d", step, h, w.servers[id].nprocs, len(procs))
			}
			if s := srv(t, w, h); s.RAMUsed != sum || sum < 0 || sum > s.MaxRAM {
				t.Fatalf("step %d: %s RAMUsed %d, processes hold %d, max %d", step, h, s.RAMUsed, sum, s.MaxRAM)
			}
		}
		if running != w.Stats().Running {
			t.Fatalf("step %d: ps lists %d processes, Stats.Running %d", step, running, w.Stats().Running)
		}
	}
}

func TestDurationFixedAtCall(t *testing.T) {
	w := newWorld(t, Config{Seed: 4, Player: PlayerConfig{Hacking: 10}, Home: HomeConfig{RAM: 64 * game.GiB}})
	mustNuke(t, w, "joesguns")
	pred := predictedEnd(w, world.OpWeaken, "joesguns", 0, 0) // additionalMsec 0: lands when the game says
	pids := mustExec(t, w, worker(world.OpWeaken, "home", "joesguns", 1, pred, float64(pred), "a"))
	// The call happens at exec time (no latency); then raise the security,
	// which would lengthen a weaken called now.
	if _, err := w.Next(bg, 0); err != nil {
		t.Fatal(err)
	}
	if err := w.SetSecurity("joesguns", 90); err != nil {
		t.Fatal(err)
	}
	later := predictedEnd(w, world.OpWeaken, "joesguns", 0, 0)
	if later <= pred {
		t.Fatalf("raising security did not lengthen weaken: %d ≤ %d", later, pred)
	}
	j := jobs(drain(t, w, 1e7))
	if len(j) != 1 || j[0].PID != pids[0] || j[0].End != pred || j[0].Start != 0 {
		t.Fatalf("job %+v, want pid %d ending at %d", j, pids[0], pred)
	}
	// The effect reads the state at completion: security 90, not the
	// security of the call.
	if got, want := j[0].Result, game.WeakenEffect(1, 1, &w.bn); math.Abs(got-want) > 1e-12 {
		t.Errorf("weaken removed %v, want %v", got, want)
	}
	if got := srv(t, w, "joesguns").HackDifficulty; math.Abs(got-(90-0.05)) > 1e-9 {
		t.Errorf("security after weaken %v, want 89.95", got)
	}
}

func TestWrongPredictionMovesLanding(t *testing.T) {
	w := newWorld(t, Config{Seed: 5, Player: PlayerConfig{Hacking: 10}})
	mustNuke(t, w, "n00dles")
	d := float64(predictedEnd(w, world.OpHack, "n00dles", 0, 0))
	for _, off := range []float64{-1500, 0, 2500} {
		land := world.Time(100000)
		mustExec(t, w, worker(world.OpHack, "home", "n00dles", 1, w.Now()+land, d+off, "x"))
		call := w.Now() // no latency: the call is at exec time
		want := predictedEnd(w, world.OpHack, "n00dles", call, float64(land)-(d+off))
		j := jobs(drain(t, w, w.Now()+1e6))
		if len(j) != 1 || j[0].End != want {
			t.Fatalf("prediction off by %v: job %+v, want end %d", off, j, want)
		}
		if diff := j[0].End - (call + land); math.Abs(float64(diff)+off) > 1 {
			t.Errorf("prediction off by %v moved the landing by %d ms", off, diff)
		}
	}
}

func TestEffectFromStateAtCompletion(t *testing.T) {
	w := newWorld(t, Config{Seed: 6, Player: PlayerConfig{Hacking: 30}, Home: HomeConfig{RAM: 64 * game.GiB, Cores: 4}})
	mustNuke(t, w, "joesguns")
	d := predictedEnd(w, world.OpGrow, "joesguns", 0, 0)
	mustExec(t, w, worker(world.OpGrow, "home", "joesguns", 12, d, float64(d), "g"))
	if _, err := w.Next(bg, 0); err != nil { // the call
		t.Fatal(err)
	}
	if err := w.SetMoney("joesguns", 1000); err != nil {
		t.Fatal(err)
	}
	if err := w.SetSecurity("joesguns", 40); err != nil {
		t.Fatal(err)
	}
	want := srv(t, w, "joesguns")
	person := w.person
	factor, _ := want.Grow(12, 4, &person, &w.bn) // home's 4 cores
	j := jobs(drain(t, w, 1e7))
	if len(j) != 1 || j[0].Result != factor {
		t.Fatalf("grow result %+v, want factor %v", j, factor)
	}
	if got := srv(t, w, "joesguns"); got.MoneyAvailable != want.MoneyAvailable || got.HackDifficulty != want.HackDifficulty {
		t.Errorf("after grow money %v sec %v, want %v %v", got.MoneyAvailable, got.HackDifficulty, want.MoneyAvailable, want.HackDifficulty)
	}
}

func TestLevelUpShortensLaterCallsOnly(t *testing.T) {
	w := newWorld(t, Config{Seed: 7, Home: HomeConfig{RAM: 64 * game.GiB}})
	mustNuke(t, w, "n00dles")
	first := predictedEnd(w, world.OpWeaken, "n00dles", 0, 0)
	mustExec(t, w, worker(world.OpWeaken, "home", "n00dles", 1, first, float64(first), "a"))
	if _, err := w.Next(bg, 1000); err != nil { // a's call, then a tick
		t.Fatal(err)
	}
	if err := w.AddExp(game.ExpForSkillExact(50, 1)); err != nil {
		t.Fatal(err)
	}
	ev, err := w.Next(bg, 1000)
	if lu, ok := ev.(world.LevelUp); err != nil || !ok || lu.Level != 50 {
		t.Fatalf("after AddExp: %#v %v, want LevelUp to 50", ev, err)
	}
	second := predictedEnd(w, world.OpWeaken, "n00dles", w.Now(), 0)
	if second-w.Now() >= first {
		t.Fatalf("level 50 weaken %d ms is not shorter than level 1's %d", second-w.Now(), first)
	}
	mustExec(t, w, worker(world.OpWeaken, "home", "n00dles", 1, second, float64(second-w.Now()), "b"))
	j := jobs(drain(t, w, 1e7))
	if len(j) != 2 || j[0].Tag != "b" || j[0].End != second || j[1].Tag != "a" || j[1].End != first {
		t.Fatalf("jobs %+v, want b at %d then a (unchanged) at %d", j, second, first)
	}
}

func TestMisfire(t *testing.T) {
	w := newWorld(t, Config{Seed: 8, LaunchLatency: 30})
	mustNuke(t, w, "n00dles")
	before := srv(t, w, "n00dles")
	// Expected duration 1000 ms, landing 1020 ms after exec: with 30 ms of
	// latency the worker calls at 30 and would need to land at 1030.
	mustExec(t, w, worker(world.OpHack, "home", "n00dles", 1, 1020, 1000, "late"))
	evs := drain(t, w, 1e7)
	j := jobs(evs)
	if len(evs) != 1 || len(j) != 1 || !j[0].Misfire || j[0].Start != 30 || j[0].End != 30 || j[0].Result != 0 {
		t.Fatalf("events %#v, want one misfire at 30", evs)
	}
	if after := srv(t, w, "n00dles"); after != before {
		t.Errorf("a misfire changed the target: %+v → %+v", before, after)
	}
	if p, _ := w.Player(bg); p.HackingExp != 0 {
		t.Errorf("a misfire gave exp %v", p.HackingExp)
	}
	// A landing time in the far past misfires too (no int64 overflow).
	mustExec(t, w, worker(world.OpHack, "home", "n00dles", 1, math.MinInt64, 0, "past"))
	if j := jobs(drain(t, w, w.Now()+1e6)); len(j) != 1 || !j[0].Misfire {
		t.Errorf("landAt MinInt64: %+v", j)
	}
	// Landing exactly on time is not a misfire.
	mustExec(t, w, worker(world.OpHack, "home", "n00dles", 1, w.Now()+1030, 1000, "ok"))
	if j := jobs(drain(t, w, w.Now()+1e6)); len(j) != 1 || j[0].Misfire {
		t.Errorf("on-time worker: %+v", j)
	}
	// A worker that starts after its StartBy refuses, even with time to
	// land; one that starts at it, or has none, does not.
	for _, c := range []struct {
		after   world.Time // StartBy after the exec; 0 for none
		misfire bool
	}{{29, true}, {30, false}, {0, false}} {
		a := world.WorkerArgs{Target: "n00dles", LandAt: w.Now() + 5000, Duration: 1000, Tag: "by"}
		if c.after > 0 {
			a.StartBy = w.Now() + c.after
		}
		mustExec(t, w, world.ExecRequest{Script: world.HackScript, Host: "home", Threads: 1, Args: a.Args()})
		if j := jobs(drain(t, w, w.Now()+1e6)); len(j) != 1 || j[0].Misfire != c.misfire {
			t.Errorf("StartBy %d ms after exec, 30 ms latency: %+v, want misfire %v", c.after, j, c.misfire)
		}
	}
}

func TestEqualEndTimesInCreationOrder(t *testing.T) {
	w := newWorld(t, Config{Seed: 9, Home: HomeConfig{RAM: 128 * game.GiB}, Player: PlayerConfig{Hacking: 20}})
	mustNuke(t, w, "n00dles")
	wt := predictedEnd(w, world.OpWeaken, "n00dles", 0, 0)
	land := wt + 5000
	var reqs []world.ExecRequest
	for i := range 12 {
		op := []world.Op{world.OpWeaken, world.OpGrow, world.OpHack}[i%3]
		reqs = append(reqs, worker(op, "home", "n00dles", 1, land, float64(predictedEnd(w, op, "n00dles", 0, 0)), "t"))
	}
	pids := mustExec(t, w, reqs...)
	j := jobs(drain(t, w, 1e7))
	if len(j) != len(pids) {
		t.Fatalf("%d jobs, want %d", len(j), len(pids))
	}
	for i, r := range j {
		if r.PID != pids[i] || r.End != land {
			t.Errorf("job %d: pid %d end %d, want pid %d end %d", i, r.PID, r.End, pids[i], land)
		}
	}
}

func TestWorkerCallFailures(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version string
		req     world.ExecRequest
		fail    bool
	}{
		{"bad args", "", world.ExecRequest{Script: world.HackScript, Host: "home", Threads: 1, Args: []string{"n00dles", "soon"}}, true},
		{"no args", "", world.ExecRequest{Script: world.GrowScript, Host: "home", Threads: 1}, true},
		{"unknown target", "", worker(world.OpWeaken, "home", "nowhere", 1, 1e6, 0, ""), true},
		{"no root on target", "", worker(world.OpWeaken, "home", "foodnstuff", 1, 1e6, 0, ""), true},
		{"level too low", "", worker(world.OpHack, "home", "joesguns", 1, 1e6, 0, ""), true},
		{"grow needs no level", "", worker(world.OpGrow, "home", "joesguns", 1, 1e6, 0, ""), false},
		{"own server in v3", "", worker(world.OpWeaken, "home", "pserv-0", 1, 1e6, 0, ""), true},
		{"home in v3", "", worker(world.OpGrow, "home", "home", 1, 1e6, 0, ""), true},
		{"own server in 2.6.1", "2.6.1", worker(world.OpWeaken, "home", "pserv-0", 1, 1e6, 0, ""), false},
		{"additionalMsec over 1e9", "", worker(world.OpWeaken, "home", "n00dles", 1, 2e9, 0, ""), true},
		{"landAt far past", "", worker(world.OpWeaken, "home", "n00dles", 1, math.MinInt64, 0, ""), false}, // a misfire
	} {
		w := newWorld(t, Config{Seed: 10, Version: tc.version, Purchased: []PurchasedConfig{{RAM: 8 * game.GiB, Count: 1}}})
		mustNuke(t, w, "n00dles", "joesguns")
		pids := mustExec(t, w, tc.req)
		evs := drain(t, w, 1e10)
		if len(evs) != 1 {
			t.Errorf("%s: events %#v, want one", tc.name, evs)
			continue
		}
		pe, failed := evs[0].(world.ProcessEnded)
		if failed != tc.fail {
			t.Errorf("%s: got %#v, want failure %v", tc.name, evs[0], tc.fail)
		}
		if failed && (pe.Killed || pe.PID != pids[0] || pe.Host != "home") {
			t.Errorf("%s: got %#v, want an unkilled end of %d on home", tc.name, pe, pids[0])
		}
		if got := srv(t, w, "home").RAMUsed; got != 0 {
			t.Errorf("%s: RAMUsed %v after the end", tc.name, got)
		}
	}
}

func TestWeakenResultByVersion(t *testing.T) {
	for _, tc := range []struct {
		version string
		want    float64
	}{{"", 0}, {"3", 0}, {"2.6.1", 0.05 * 3}} {
		w := newWorld(t, Config{Seed: 11, Version: tc.version, Prepped: true})
		mustNuke(t, w, "n00dles")
		mustExec(t, w, worker(world.OpWeaken, "home", "n00dles", 3, 0, 0, ""))
		j := jobs(drain(t, w, 1e7))
		if len(j) != 1 || math.Abs(j[0].Result-tc.want) > 1e-15 {
			t.Errorf("version %q: weaken at min security returned %+v, want %v", tc.version, j, tc.want)
		}
	}
}

// hackOutcomes runs n one-thread hacks on n00dles and returns their results.
func hackOutcomes(t *testing.T, seed uint64, n int) []float64 {
	w := newWorld(t, Config{Seed: seed, Prepped: true, Player: PlayerConfig{FreezeExp: true}, Home: HomeConfig{RAM: 1024 * game.GiB}})
	mustNuke(t, w, "n00dles")
	var reqs []world.ExecRequest
	for i := range n {
		reqs = append(reqs, worker(world.OpHack, "home", "n00dles", 1, world.Time(60000+i), 0, ""))
	}
	mustExec(t, w, reqs...)
	var out []float64
	for _, r := range jobs(drain(t, w, 1e7)) {
		out = append(out, r.Result)
	}
	if len(out) != n {
		t.Fatalf("%d hacks landed, want %d", len(out), n)
	}
	return out
}

func TestHackRollDeterminism(t *testing.T) {
	a, b, c := hackOutcomes(t, 12, 300), hackOutcomes(t, 12, 300), hackOutcomes(t, 13, 300)
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different hack outcomes")
	}
	if slices.Equal(a, c) {
		t.Errorf("different seeds, same hack outcomes")
	}
	wins := 0
	for _, x := range a {
		if x > 0 {
			wins++
		}
	}
	// n00dles at level 1 has chance 0.424...; 300 rolls stay well within
	// 0.25..0.6 unless the roll is broken.
	if wins < 75 || wins > 180 {
		t.Errorf("%d of 300 hacks succeeded at chance 0.42", wins)
	}
}

func TestNukeAndPorts(t *testing.T) {
	w := newWorld(t, Config{Seed: 14, Player: PlayerConfig{Programs: []world.Program{world.BruteSSH}}})
	var one, two string
	for _, h := range w.Hosts() {
		s := srv(t, w, h)
		if one == "" && s.NumOpenPortsRequired == 1 {
			one = h
		}
		if two == "" && s.NumOpenPortsRequired == 2 {
			two = h
		}
	}
	if err := w.Nuke(bg, one); !errors.Is(err, world.ErrNotEnoughPorts) {
		t.Errorf("nuke %s with no port open: %v", one, err)
	}
	if err := w.OpenPort(bg, one, world.FTPCrack); !errors.Is(err, world.ErrNoProgram) {
		t.Errorf("FTPCrack not owned: %v", err)
	}
	if err := w.OpenPort(bg, one, world.Program(42)); !errors.Is(err, world.ErrNoProgram) {
		t.Errorf("invalid program: %v", err)
	}
	if err := w.OpenPort(bg, "nowhere", world.BruteSSH); !errors.Is(err, world.ErrUnknownHost) {
		t.Errorf("unknown host: %v", err)
	}
	for range 3 {
		if err := w.OpenPort(bg, one, world.BruteSSH); err != nil {
			t.Fatalf("BruteSSH on %s: %v", one, err)
		}
	}
	if s := srv(t, w, one); s.OpenPortCount != 1 || s.HasAdminRights {
		t.Errorf("after BruteSSH ×3: %d ports open, root %v", s.OpenPortCount, s.HasAdminRights)
	}
	if err := w.Nuke(bg, one); err != nil {
		t.Errorf("nuke with enough ports: %v", err)
	}
	if err := w.Nuke(bg, one); err != nil {
		t.Errorf("nuke of a rooted server: %v", err)
	}
	if !srv(t, w, one).HasAdminRights {
		t.Errorf("no root after nuke")
	}
	w.OpenPort(bg, two, world.BruteSSH)
	if err := w.Nuke(bg, two); !errors.Is(err, world.ErrNotEnoughPorts) {
		t.Errorf("nuke %s with 1 of 2 ports: %v", two, err)
	}
	// Nuke needs no hacking level: joesguns needs level 10 and no port.
	if s := srv(t, w, "joesguns"); s.RequiredHackingSkill <= 1 || s.NumOpenPortsRequired != 0 {
		t.Fatalf("joesguns = %+v, want a level requirement above 1 and no port", s)
	}
	mustNuke(t, w, "joesguns")
}

func TestScanOrder(t *testing.T) {
	cfg := Config{Seed: 15, Purchased: []PurchasedConfig{{RAM: 8 * game.GiB, Count: 2}, {RAM: 16 * game.GiB, Count: 1}}}
	w := newWorld(t, cfg)
	bn := game.DefaultBitNodeMults()
	net := game.GenerateNetwork(game.NewNetworkRNG(cfg.Seed), &bn, game.V3)
	checked := 0
	for _, ns := range net.Servers {
		got, err := w.Scan(bg, ns.Hostname)
		if ns.Hostname == "home" {
			want := append(slices.Clone(ns.Links), "pserv-0", "pserv-1", "pserv-2")
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("scan home = %v, %v; want %v", got, err, want)
			}
			continue
		}
		if ns.Layer == 0 {
			if !errors.Is(err, world.ErrUnknownHost) {
				t.Errorf("unlinked %s: scan gave %v, %v", ns.Hostname, got, err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, ns.Links) || got[0] != ns.Parent {
			t.Errorf("scan %s = %v, %v; want %v (parent %s first)", ns.Hostname, got, err, ns.Links, ns.Parent)
		}
		if s := srv(t, w, ns.Hostname); s != ns.Server {
			t.Errorf("server %s = %+v, want the generated %+v", ns.Hostname, s, ns.Server)
		}
		checked++
	}
	if checked < 60 {
		t.Errorf("only %d linked servers", checked)
	}
	for _, h := range []string{"pserv-0", "pserv-1", "pserv-2"} {
		got, err := w.Scan(bg, h)
		if err != nil || !slices.Equal(got, []string{"home"}) {
			t.Errorf("scan %s = %v, %v", h, got, err)
		}
		s := srv(t, w, h)
		if !s.HasAdminRights || !s.PurchasedByPlayer || s.Cores != 1 || s.MoneyMax != 0 {
			t.Errorf("%s = %+v", h, s)
		}
	}
	if s := srv(t, w, "pserv-2"); s.MaxRAM != 16*game.GiB {
		t.Errorf("pserv-2 RAM %v", s.MaxRAM)
	}
	for _, h := range []string{"darkweb", "w0r1d_d43m0n"} {
		if _, err := w.Server(bg, h); !errors.Is(err, world.ErrUnknownHost) {
			t.Errorf("%s is in the simulated network: %v", h, err)
		}
	}
}

func TestFilesAndCopy(t *testing.T) {
	w := newWorld(t, Config{Seed: 16})
	files, _ := w.Files(bg, "home")
	if want := []string{world.GrowScript, world.HackScript, world.WeakenScript}; !slices.Equal(files, want) {
		t.Errorf("home files %v, want %v", files, want)
	}
	if files, _ := w.Files(bg, "n00dles"); len(files) != 0 {
		t.Errorf("n00dles files %v", files)
	}
	if err := w.AddScript("home", "lib/x.js", 260); err != nil {
		t.Fatal(err)
	}
	if err := w.Copy(bg, "n00dles", world.WeakenScript, "lib/x.js"); err != nil {
		t.Fatal(err)
	}
	files, _ = w.Files(bg, "n00dles")
	if want := []string{world.WeakenScript, "lib/x.js"}; !slices.Equal(files, want) {
		t.Errorf("n00dles files %v, want %v", files, want)
	}
	if err := w.Copy(bg, "n00dles", "nope.js"); !errors.Is(err, world.ErrFileMissing) {
		t.Errorf("copy of a missing file: %v", err)
	}
	if err := w.Copy(bg, "nowhere", world.HackScript); !errors.Is(err, world.ErrUnknownHost) {
		t.Errorf("copy to an unknown host: %v", err)
	}
	mustNuke(t, w, "n00dles")
	pids := mustExec(t, w, world.ExecRequest{Script: "lib/x.js", Host: "n00dles", Threads: 1, Args: []string{"a", "b", "c", "d", "e"}, Temporary: true})
	ps, _ := w.Ps(bg, "n00dles")
	want := []world.Process{{PID: pids[0], Host: "n00dles", Filename: "lib/x.js", Threads: 1, Args: []string{"a", "b", "c", "d", "e"}, Temporary: true, RAM: 260}}
	if len(ps) != 1 || ps[0].PID != want[0].PID || !slices.Equal(ps[0].Args, want[0].Args) || ps[0].RAM != 260 || !ps[0].Temporary {
		t.Errorf("ps = %+v, want %+v", ps, want)
	}
	// Idle processes hold their RAM until killed.
	if evs := drain(t, w, 1e9); len(evs) != 0 || srv(t, w, "n00dles").RAMUsed != 260 {
		t.Errorf("idle process: events %v, RAMUsed %v", evs, srv(t, w, "n00dles").RAMUsed)
	}
	for _, bad := range []struct {
		host, name string
		ram        game.RAM
	}{{"home", "", 200}, {"home", world.HackScript, 200}, {"home", "x.js", 100}, {"home", "x.js", 102401}, {"nowhere", "x.js", 200}} {
		if err := w.AddScript(bad.host, bad.name, bad.ram); err == nil {
			t.Errorf("AddScript(%q, %q, %v) accepted", bad.host, bad.name, bad.ram)
		}
	}
}

func TestPorts(t *testing.T) {
	w := newWorld(t, Config{Seed: 17, PortCapacity: 3})
	p, err := w.Port(7)
	if err != nil {
		t.Fatal(err)
	}
	if q, _ := w.Port(7); q != p {
		t.Errorf("Port(7) twice gave two ports")
	}
	if !p.Empty() || p.Full() || p.Capacity() != 3 {
		t.Errorf("new port: empty %v full %v capacity %d", p.Empty(), p.Full(), p.Capacity())
	}
	if v, ok := p.Read(); ok || v != nil {
		t.Errorf("read of an empty port: %v %v", v, ok)
	}
	if _, ok := p.Peek(); ok {
		t.Errorf("peek of an empty port succeeded")
	}
	for i := 1; i <= 3; i++ {
		if old, dropped := p.Write(i); dropped || old != nil {
			t.Errorf("write %d dropped %v", i, old)
		}
	}
	if !p.Full() || p.TryWrite(4) {
		t.Errorf("full port: Full %v, TryWrite accepted", p.Full())
	}
	if old, dropped := p.Write(4); !dropped || old != 1 {
		t.Errorf("write over capacity dropped %v %v, want 1", old, dropped)
	}
	if v, ok := p.Peek(); !ok || v != 2 || p.Len() != 3 {
		t.Errorf("peek = %v %v, len %d", v, ok, p.Len())
	}
	var got []any
	for {
		v, ok := p.Read()
		if !ok {
			break
		}
		got = append(got, v)
	}
	if !slices.Equal(got, []any{2, 3, 4}) {
		t.Errorf("read %v, want [2 3 4]", got)
	}
	p.Write("a")
	p.Write("b")
	p.Clear()
	if !p.Empty() || !p.TryWrite("c") {
		t.Errorf("after clear: empty %v", p.Empty())
	}
	if v, _ := p.Read(); v != "c" {
		t.Errorf("read after clear = %v", v)
	}
	for _, n := range []int{0, -1, MaxPort + 1} {
		if _, err := w.Port(n); err == nil {
			t.Errorf("Port(%d) accepted", n)
		}
	}
	if d, _ := w.Port(MaxPort); d.Capacity() != 3 {
		t.Errorf("Port(MaxPort) capacity %d", d.Capacity())
	}
	if dw, _ := newWorld(t, Config{}).Port(1); dw.Capacity() != DefaultPortCapacity {
		t.Errorf("default capacity %d", dw.Capacity())
	}
}

func TestExecJitter(t *testing.T) {
	w := newWorld(t, Config{Seed: 18, LaunchLatency: 100, Faults: Faults{ExecJitter: 50}, Home: HomeConfig{RAM: 1024 * game.GiB}})
	mustNuke(t, w, "n00dles")
	var reqs []world.ExecRequest
	for range 200 {
		reqs = append(reqs, worker(world.OpWeaken, "home", "n00dles", 1, 1e6, 0, ""))
	}
	mustExec(t, w, reqs...)
	starts := map[world.Time]bool{}
	for _, r := range jobs(drain(t, w, 1e7)) {
		if r.Start < 100 || r.Start > 150 {
			t.Fatalf("call at %d, want within [100, 150]", r.Start)
		}
		starts[r.Start] = true
	}
	if len(starts) < 30 {
		t.Errorf("only %d distinct call times from a 50 ms jitter", len(starts))
	}
}

func TestFaultKills(t *testing.T) {
	w := newWorld(t, Config{Seed: 19, Faults: Faults{KillsPerHour: 3600 * 10}, Home: HomeConfig{RAM: 1024 * game.GiB}})
	mustNuke(t, w, "n00dles")
	var reqs []world.ExecRequest
	for range 100 {
		reqs = append(reqs, worker(world.OpWeaken, "home", "n00dles", 2, 30000, 0, ""))
	}
	pids := mustExec(t, w, reqs...)
	killed := 0
	for _, ev := range drain(t, w, 1e6) {
		if e, ok := ev.(world.ProcessEnded); ok {
			if !e.Killed || e.Host != "home" || e.At >= 30000+60000 {
				t.Errorf("fault kill %#v", e)
			}
			killed++
		}
	}
	// 10 kills per game-second over the weaken's ~30-100 s: all 100 die
	// long before most of them land.
	if killed < 50 || int64(killed) != w.Stats().FaultKills {
		t.Errorf("%d fault kills, Stats %d", killed, w.Stats().FaultKills)
	}
	if got := srv(t, w, "home").RAMUsed; got != 0 {
		t.Errorf("RAMUsed %v after every process ended", got)
	}
	if w.Stats().Running != 0 || w.byPID.n != 0 || len(pids) != 100 {
		t.Errorf("%d processes still running", w.Stats().Running)
	}
	// With no worker running, the fault process pauses: Next reaches until.
	if ev, err := w.Next(bg, math.MaxInt64); err != nil || ev.When() != math.MaxInt64 {
		t.Errorf("idle Next: %#v %v", ev, err)
	}
}

func TestSetServerRAM(t *testing.T) {
	w := newWorld(t, Config{Seed: 20, Purchased: []PurchasedConfig{{RAM: 16 * game.GiB, Count: 1}}})
	if err := w.AddScript("pserv-0", "mine.js", 400); err != nil {
		t.Fatal(err)
	}
	pids := mustExec(t, w, world.ExecRequest{Script: "mine.js", Host: "pserv-0", Threads: 3})
	if err := w.SetServerRAM("pserv-0", 8*game.GiB); err != nil {
		t.Fatal(err)
	}
	ev, _ := w.Next(bg, 100)
	if sc, ok := ev.(world.ServerChanged); !ok || sc.Host != "pserv-0" || sc.At != 0 {
		t.Fatalf("event %#v, want ServerChanged for pserv-0", ev)
	}
	// Over-committed: the process keeps running, exec fails.
	if s := srv(t, w, "pserv-0"); s.MaxRAM != 800 || s.RAMUsed != 1200 {
		t.Errorf("server %+v", s)
	}
	if res := w.Exec(bg, []world.ExecRequest{{Script: "mine.js", Host: "pserv-0", Threads: 1}}); !errors.Is(res[0].Err, world.ErrNotEnoughRAM) {
		t.Errorf("exec on an over-committed server: %v", res[0].Err)
	}
	w.Kill(bg, pids)
	if res := w.Exec(bg, []world.ExecRequest{{Script: "mine.js", Host: "pserv-0", Threads: 2}}); res[0].Err != nil {
		t.Errorf("exec after the kill: %v", res[0].Err)
	}
	if err := w.SetServerRAM("pserv-0", 800); err != nil {
		t.Fatal(err)
	}
	if evs := drain(t, w, 200); len(evs) != 1 { // the kill only: same RAM is no change
		t.Errorf("events %#v", evs)
	}
	if err := w.SetServerRAM("nowhere", 800); !errors.Is(err, world.ErrUnknownHost) {
		t.Errorf("unknown host: %v", err)
	}
	if err := w.SetServerRAM("home", -1); err == nil {
		t.Errorf("negative RAM accepted")
	}
}

func TestLevelUps(t *testing.T) {
	w := newWorld(t, Config{Seed: 21, Home: HomeConfig{RAM: 4096 * game.GiB}})
	mustNuke(t, w, "n00dles", "joesguns")
	for i := range 50 {
		mustExec(t, w, worker(world.OpWeaken, "home", "joesguns", 20, world.Time(i*1000), 0, ""))
	}
	last := 1
	ups := 0
	for _, ev := range drain(t, w, 1e7) {
		if lu, ok := ev.(world.LevelUp); ok {
			if lu.Level <= last {
				t.Errorf("LevelUp to %d after %d", lu.Level, last)
			}
			last = lu.Level
			ups++
		}
	}
	p, _ := w.Player(bg)
	if ups == 0 || p.Hacking != last || p.Hacking != game.SkillFromExp(p.HackingExp, 1) {
		t.Errorf("%d level-ups to %d; player level %d exp %v", ups, last, p.Hacking, p.HackingExp)
	}
	// 50 × 20 threads × (3 + 15·0.3) exp each.
	base := srv(t, w, "joesguns").BaseDifficulty
	if want := 50 * 20 * (3 + base*0.3); math.Abs(p.HackingExp-want) > 1e-9*want {
		t.Errorf("exp %v, want %v", p.HackingExp, want)
	}

	frozen := newWorld(t, Config{Seed: 21, Player: PlayerConfig{Hacking: 7, FreezeExp: true}, Home: HomeConfig{RAM: 1024 * game.GiB}})
	mustNuke(t, frozen, "joesguns")
	before, _ := frozen.Player(bg)
	mustExec(t, frozen, worker(world.OpWeaken, "home", "joesguns", 100, 0, 0, ""))
	for _, ev := range drain(t, frozen, 1e7) {
		if _, ok := ev.(world.LevelUp); ok {
			t.Errorf("LevelUp with FreezeExp")
		}
	}
	if after, _ := frozen.Player(bg); after.HackingExp != before.HackingExp || after.Hacking != 7 {
		t.Errorf("FreezeExp: %+v → %+v", before, after)
	}
}

func TestPlayerConfig(t *testing.T) {
	m := game.Multipliers{Hacking: 1.3, HackingChance: 1, HackingMoney: 1, HackingSpeed: 1, HackingExp: 1, HackingGrow: 1}
	w := newWorld(t, Config{Seed: 22, BitNode: 2, Player: PlayerConfig{Hacking: 250, Mults: m, Money: 1e6, Intelligence: 5, Programs: []world.Program{world.SQLInject}}})
	p, _ := w.Player(bg)
	if p.Hacking != 250 || p.Intelligence != 5 || p.Money != 1e6 || p.BitNode != 2 || p.BitNodeLevel != 1 || !p.Has(world.SQLInject) || p.Mults != m {
		t.Errorf("player %+v", p)
	}
	bn, _ := game.BitNodeMultipliers(2, 1)
	if got := game.SkillFromExp(p.HackingExp, m.Hacking*bn.HackingLevelMultiplier); got != 250 {
		t.Errorf("exp %v gives level %d, want 250", p.HackingExp, got)
	}
	w = newWorld(t, Config{Player: PlayerConfig{Exp: 1000}})
	if p, _ := w.Player(bg); p.Hacking != 34 || p.Mults != game.DefaultMultipliers() {
		t.Errorf("exp 1000: %+v", p)
	}
	p.Programs[0] = world.BruteSSH // Player returns a copy
	if p2, _ := w.Player(bg); len(p2.Programs) != 0 {
		t.Errorf("Player shares its programs slice")
	}
}

func TestHackMoneyAndStats(t *testing.T) {
	w := newWorld(t, Config{Seed: 23, BitNode: 3, Prepped: true, Player: PlayerConfig{Hacking: 200, FreezeExp: true}, Home: HomeConfig{RAM: 64 * game.GiB}})
	mustNuke(t, w, "n00dles")
	if err := w.SetSecurity("n00dles", 5); err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		mustExec(t, w, worker(world.OpHack, "home", "n00dles", 1, world.Time(100000+i), 0, ""))
	}
	sum := 0.0
	for _, r := range jobs(drain(t, w, 1e7)) {
		sum += r.Result
	}
	st := w.Stats()
	p, _ := w.Player(bg)
	if st.HacksLanded != 20 || st.HacksDesynced != 20 || st.HackSuccesses == 0 || sum == 0 || st.MoneyGained != sum || p.Money != sum {
		t.Errorf("stats %+v, results sum %v, player money %v", st, sum, p.Money)
	}
}

func TestPrepped(t *testing.T) {
	raw, prepped := newWorld(t, Config{Seed: 24}), newWorld(t, Config{Seed: 24, Prepped: true})
	differs := false
	for _, h := range prepped.Hosts() {
		s := srv(t, prepped, h)
		if s.HackDifficulty != s.MinDifficulty || s.MoneyAvailable != s.MoneyMax {
			t.Errorf("prepped %s: security %v (min %v), money %v (max %v)", h, s.HackDifficulty, s.MinDifficulty, s.MoneyAvailable, s.MoneyMax)
		}
		if r := srv(t, raw, h); r != s {
			differs = true
		}
	}
	if !differs {
		t.Errorf("Prepped changed nothing")
	}
}

// scenario runs a fixed mix of calls, faults included, and returns the
// world and its event log.
func scenario(t *testing.T, seed uint64) (*World, string) {
	var log bytes.Buffer
	w := newWorld(t, Config{
		Seed: seed, EventLog: &log, LaunchLatency: 20,
		Faults:    Faults{ExecJitter: 15, KillsPerHour: 600},
		Home:      HomeConfig{RAM: 256 * game.GiB, Cores: 2},
		Purchased: []PurchasedConfig{{RAM: 64 * game.GiB, Count: 2}},
	})
	mustNuke(t, w, "n00dles", "foodnstuff", "joesguns")
	w.Copy(bg, "pserv-1", world.WorkerScripts()...)
	var last int
	for i := range 300 {
		op := world.Op(1 + i%3)
		tgt := []string{"n00dles", "foodnstuff", "joesguns"}[i%3]
		host := []string{"home", "pserv-1"}[i%2]
		res := w.Exec(bg, []world.ExecRequest{worker(op, host, tgt, 1+i%5, w.Now()+world.Time(150000+i*7), 0, "s")})
		if res[0].Err == nil {
			last = res[0].PID
		}
		if i%17 == 0 {
			w.Kill(bg, []int{last, 12345})
		}
		if i == 150 {
			w.SetServerRAM("pserv-1", 32*game.GiB)
		}
		if _, err := w.Next(bg, w.Now()+world.Time(i%11)*300); err != nil {
			t.Fatal(err)
		}
	}
	drain(t, w, w.Now()+1e7)
	return w, log.String()
}

func TestDeterminism(t *testing.T) {
	a, logA := scenario(t, 25)
	b, logB := scenario(t, 25)
	c, _ := scenario(t, 26)
	if a.EventLogHash() != b.EventLogHash() || logA != logB {
		t.Errorf("same seed: hashes %s and %s, logs equal %v", a.EventLogHash(), b.EventLogHash(), logA == logB)
	}
	if a.EventLogHash() == c.EventLogHash() {
		t.Errorf("seeds 25 and 26 give the same hash %s", a.EventLogHash())
	}
	for _, kind := range []string{" exec ", " exec-failed ", " kill ", " job ", " ended ", " levelup ", " server ", " tick"} {
		if !strings.Contains(logA, kind) {
			t.Errorf("event log has no %q line", kind)
		}
	}
	if a.Stats().FaultKills == 0 || a.Stats().Kills == 0 {
		t.Errorf("scenario exercised no kills: %+v", a.Stats())
	}
	if err := a.EventLogErr(); err != nil {
		t.Error(err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestEventLogWriteError(t *testing.T) {
	w := newWorld(t, Config{EventLog: failWriter{}})
	w.Next(bg, 10)
	w.Next(bg, 20)
	if err := w.EventLogErr(); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("EventLogErr = %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{BitNode: 15}, "BitNode"},
		{Config{BitNode: -1}, "BitNode"},
		{Config{Version: "4.0"}, "Version"},
		{Config{Home: HomeConfig{RAM: -1}}, "Home.RAM"},
		{Config{Home: HomeConfig{Cores: 9}}, "Home.Cores"},
		{Config{PortCapacity: -5}, "PortCapacity"},
		{Config{LaunchLatency: -1}, "LaunchLatency"},
		{Config{Faults: Faults{ExecJitter: -1}}, "ExecJitter"},
		{Config{Faults: Faults{KillsPerHour: math.NaN()}}, "KillsPerHour"},
		{Config{Faults: Faults{KillsPerHour: -1}}, "KillsPerHour"},
		{Config{Speed: math.Inf(1)}, "Speed"},
		{Config{Speed: -1}, "Speed"},
		{Config{Player: PlayerConfig{Hacking: -1}}, "Player.Hacking"},
		{Config{Player: PlayerConfig{Hacking: 1 << 20}}, "Player.Hacking"},
		{Config{Player: PlayerConfig{Hacking: 5, Exp: 10}}, "not both"},
		{Config{Player: PlayerConfig{Exp: math.Inf(1)}}, "Player.Exp"},
		{Config{Player: PlayerConfig{Money: math.NaN()}}, "Player.Money"},
		{Config{Player: PlayerConfig{Intelligence: -2}}, "Player.Intelligence"},
		{Config{Player: PlayerConfig{Mults: game.Multipliers{Hacking: 2}}}, "Player.Mults.HackingChance"},
		{Config{Player: PlayerConfig{Programs: []world.Program{0}}}, "Player.Programs[0]"},
		{Config{Player: PlayerConfig{SourceFile4: 4}}, "Player.SourceFile4"},
		{Config{Player: PlayerConfig{SourceFile9: -1}}, "Player.SourceFile9"},
		{Config{Player: PlayerConfig{SourceFile9: 4}}, "Player.SourceFile9"},
		{Config{Purchased: []PurchasedConfig{{RAM: 3 * game.GiB, Count: 1}}}, "Purchased[0].RAM"},
		{Config{Purchased: []PurchasedConfig{{RAM: 150, Count: 1}}}, "Purchased[0].RAM"},
		{Config{Purchased: []PurchasedConfig{{RAM: 8 * game.GiB, Count: -1}}}, "Purchased[0].Count"},
		{Config{Purchased: []PurchasedConfig{{RAM: 8 * game.GiB, Count: 26}}}, "Purchased"},
		{Config{Purchased: []PurchasedConfig{{RAM: 8 * game.GiB, Count: math.MaxInt}, {RAM: 8 * game.GiB, Count: math.MaxInt}}}, "Purchased"},
		{Config{BitNode: 9, Purchased: []PurchasedConfig{{RAM: 8 * game.GiB, Count: 1}}}, "Purchased"},
	} {
		w, err := New(tc.cfg)
		if err == nil || w != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v; want an error naming %q", tc.cfg, err, tc.want)
		}
	}
}

func TestContextCancelled(t *testing.T) {
	w := newWorld(t, Config{})
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if _, err := w.Next(ctx, 100); !errors.Is(err, context.Canceled) {
		t.Errorf("Next: %v", err)
	}
	if res := w.Exec(ctx, []world.ExecRequest{{Script: world.HackScript, Host: "home", Threads: 1}}); !errors.Is(res[0].Err, context.Canceled) {
		t.Errorf("Exec: %v", res[0].Err)
	}
	if _, err := w.Ps(ctx, "home"); !errors.Is(err, context.Canceled) {
		t.Errorf("Ps: %v", err)
	}
}

func TestUnknownHosts(t *testing.T) {
	w := newWorld(t, Config{})
	for name, err := range map[string]error{
		"scan":   func() error { _, err := w.Scan(bg, "x"); return err }(),
		"server": func() error { _, err := w.Server(bg, "x"); return err }(),
		"files":  func() error { _, err := w.Files(bg, "x"); return err }(),
		"ps":     func() error { _, err := w.Ps(bg, "x"); return err }(),
		"nuke":   w.Nuke(bg, "x"),
		"setsec": w.SetSecurity("x", 1),
		"setmon": w.SetMoney("x", 1),
		"script": w.AddScript("x", "a.js", 200),
	} {
		if !errors.Is(err, world.ErrUnknownHost) {
			t.Errorf("%s on an unknown host: %v", name, err)
		}
	}
	if err := w.SetSecurity("n00dles", math.NaN()); err == nil {
		t.Errorf("SetSecurity(NaN) accepted")
	}
	if err := w.SetMoney("n00dles", -1); err == nil {
		t.Errorf("SetMoney(-1) accepted")
	}
	if err := w.AddExp(-1); err == nil {
		t.Errorf("AddExp(-1) accepted")
	}
}

func TestEndOfTime(t *testing.T) {
	w := newWorld(t, Config{LaunchLatency: 10})
	mustNuke(t, w, "n00dles")
	if ev, _ := w.Next(bg, math.MaxInt64-5); ev.When() != math.MaxInt64-5 {
		t.Fatalf("tick at %d", ev.When())
	}
	mustExec(t, w, worker(world.OpWeaken, "home", "n00dles", 1, math.MaxInt64, 0, ""))
	for range 3 {
		ev, err := w.Next(bg, math.MaxInt64)
		if err != nil || ev.When() < math.MaxInt64-5 {
			t.Fatalf("time went back: %#v %v", ev, err)
		}
	}
}

func TestNextUntilInPast(t *testing.T) {
	w := newWorld(t, Config{})
	if ev, _ := w.Next(bg, 500); ev.When() != 500 {
		t.Fatalf("tick at %d", ev.When())
	}
	if ev, _ := w.Next(bg, 100); ev.When() != 500 || w.Now() != 500 {
		t.Errorf("Next(until before now) = %#v, now %d", ev, w.Now())
	}
}

// The golden n00dles durations of MECHANICS §2.9 (level 1, security 1):
// hack 49.26470588235294 s, grow 3.2× and weaken 4× that, truncated to ms.
func TestGoldenDurations(t *testing.T) {
	for _, tc := range []struct {
		op   world.Op
		want world.Time
	}{{world.OpHack, 49264}, {world.OpGrow, 157647}, {world.OpWeaken, 197058}} {
		w := newWorld(t, Config{Seed: 27})
		mustNuke(t, w, "n00dles")
		mustExec(t, w, worker(tc.op, "home", "n00dles", 1, 0, 0, "")) // additionalMsec 0
		j := jobs(drain(t, w, 1e6))
		if len(j) != 1 || j[0].Start != 0 || j[0].End != tc.want {
			t.Errorf("%v on n00dles at level 1: %+v, want end %d", tc.op, j, tc.want)
		}
	}
}

// BitNode 8 credits nothing for script hacks (ScriptHackMoneyGain 0): the
// target loses money, the player gains none.
func TestScriptHackMoneyGain(t *testing.T) {
	for _, tc := range []struct {
		bitNode int
		paid    bool
	}{{1, true}, {8, false}} {
		w := newWorld(t, Config{Seed: 28, BitNode: tc.bitNode, Prepped: true, Player: PlayerConfig{Hacking: 300, FreezeExp: true}, Home: HomeConfig{RAM: 128 * game.GiB}})
		mustNuke(t, w, "n00dles")
		before := srv(t, w, "n00dles").MoneyAvailable
		for i := range 10 {
			mustExec(t, w, worker(world.OpHack, "home", "n00dles", 5, world.Time(20000+i), 0, ""))
		}
		sum := 0.0
		for _, r := range jobs(drain(t, w, 1e7)) {
			sum += r.Result
		}
		drained := before - srv(t, w, "n00dles").MoneyAvailable
		p, _ := w.Player(bg)
		if drained <= 0 || w.Stats().HackSuccesses == 0 {
			t.Fatalf("BN%d: nothing drained", tc.bitNode)
		}
		want := 0.0
		if tc.paid {
			want = drained
		}
		if math.Abs(p.Money-want) > 1e-9*drained || math.Abs(sum-want) > 1e-9*drained {
			t.Errorf("BN%d: drained %v, player money %v, results %v; want %v", tc.bitNode, drained, p.Money, sum, want)
		}
	}
}
