package live_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"bbctl/internal/gameemu"
	"bbctl/internal/live"
	"bbctl/internal/live/js"
	"bbctl/internal/world"
)

const token = "test-token-123"

// rig is bbctl serving an emulated game that runs the real agent.
type rig struct {
	t      testing.TB
	g      *gameemu.Game
	srv    *live.Server
	addr   string
	cancel context.CancelFunc
	done   chan error
	agent  int
	log    *lines
}

// lines collects log lines.
type lines struct {
	mu     sync.Mutex
	s      []string
	tb     testing.TB
	closed bool // the test has ended: its log takes no more lines
}

// newLines returns the log of t, which stops echoing to t when t ends (a
// server's goroutine may still log as it shuts down; the testing package
// panics on a log after the test).
func newLines(t testing.TB) *lines {
	l := &lines{tb: t}
	t.Cleanup(func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.closed = true
	})
	return l
}

func (l *lines) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.s = append(l.s, fmt.Sprintf(format, args...))
	if testing.Verbose() && !l.closed {
		l.tb.Logf(format, args...)
	}
}

func (l *lines) has(sub string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.s {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func (l *lines) count(sub string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.s {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

func waitFor(t testing.TB, what string, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// startServer starts bbctl's live server on addr ("" = any free port).
func startServer(t testing.TB, addr string, l *lines) (*live.Server, string, context.CancelFunc, chan error) {
	t.Helper()
	return startServerRun(t, addr, l, nil)
}

// startServerRun is startServer with run as the server's controller.
func startServerRun(t testing.TB, addr string, l *lines, run func(context.Context, world.World) error) (*live.Server, string, context.CancelFunc, chan error) {
	t.Helper()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the old server's port may take a moment to free
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv := &live.Server{Token: token, Logf: l.logf, Run: run}
	srv.Handler() // builds RFA, Bridge and World before Serve runs
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	return srv, ln.Addr().String(), cancel, done
}

func newRig(t testing.TB, cfg gameemu.Config) *rig {
	t.Helper()
	return newRigRun(t, cfg, nil)
}

// newRigRun is newRig with run as bbctl's controller.
func newRigRun(t testing.TB, cfg gameemu.Config, run func(context.Context, world.World) error) *rig {
	t.Helper()
	l := newLines(t)
	cfg.Logf = l.logf
	srv, addr, cancel, done := startServerRun(t, "", l, run)
	g, err := gameemu.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, g: g, srv: srv, addr: addr, cancel: cancel, done: done, log: l}
	t.Cleanup(func() { r.cancel(); g.Close() })
	go g.ConnectRFA(context.Background(), "ws://"+addr)
	waitFor(t, "the agent to be pushed", 5*time.Second, func() bool { _, ok := g.File("home", js.AgentScript); return ok })
	r.startAgent()
	return r
}

func (r *rig) startAgent() {
	r.t.Helper()
	pid, err := r.g.Run("home", js.AgentScript, 1)
	if err != nil {
		r.t.Fatal(err)
	}
	r.agent = pid
	waitFor(r.t, "the agent to connect", 5*time.Second, func() bool { _, _, ok := r.srv.Bridge.Connected(); return ok })
}

func (r *rig) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	r.t.Cleanup(cancel)
	return ctx
}

// nextJob returns the next JobDone, skipping other events.
func nextEvent(t testing.TB, w world.World, d time.Duration) world.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d+5*time.Second)
	defer cancel()
	ev, err := w.Next(ctx, w.Now()+world.Time(d/time.Millisecond))
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	return ev
}

// TestAgentStartsQuietly checks that the agent's start and its reads touch
// no deprecated property (the emulated getPlayer throws on them, where the
// game prints a warning in the terminal) and print nothing.
func TestAgentStartsQuietly(t *testing.T) {
	r := newRig(t, gameemu.Config{Hacking: 7})
	if p, err := r.srv.World.Player(r.ctx()); err != nil || p.Hacking != 7 {
		t.Fatalf("Player = %+v, %v", p, err)
	}
	if c := r.g.Counters(); c.Deprecated != 0 || c.ScriptErrors != 0 {
		t.Errorf("%d deprecated properties read, %d script errors", c.Deprecated, c.ScriptErrors)
	}
	if r.log.has(js.AgentScript + " (pid") {
		t.Error("the agent printed to the terminal")
	}
}

func TestReadsAndRooting(t *testing.T) {
	r := newRig(t, gameemu.Config{Programs: []string{"BruteSSH.exe"}, Hacking: 42, Money: 1234})
	w, ctx := r.srv.World, r.ctx()
	p, err := w.Player(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Hacking != 42 || p.Money != 1234 || p.Mults.HackingMoney != 1 || len(p.Programs) != 0 {
		// the emulated home has no BruteSSH.exe file: the player owns none
		t.Errorf("Player = %+v", p)
	}
	nb, err := w.Scan(ctx, "home")
	if err != nil || len(nb) != 4 || nb[0] != "n00dles" {
		t.Errorf("Scan(home) = %v, %v", nb, err)
	}
	if _, err := w.Scan(ctx, "nowhere"); !errors.Is(err, world.ErrUnknownHost) {
		t.Errorf("Scan(nowhere) = %v, want ErrUnknownHost", err)
	}
	s, err := w.Server(ctx, "joesguns")
	if err != nil || s.MoneyMax != 2.5e6*25 || s.NumOpenPortsRequired != 1 || s.HasAdminRights || s.MaxRAM != 1600 {
		t.Errorf("Server(joesguns) = %+v, %v", s, err)
	}
	if err := w.Nuke(ctx, "joesguns"); !errors.Is(err, world.ErrNotEnoughPorts) {
		t.Errorf("Nuke without ports = %v, want ErrNotEnoughPorts", err)
	}
	if err := w.OpenPort(ctx, "joesguns", world.BruteSSH); err != nil {
		t.Errorf("OpenPort: %v", err)
	}
	if err := w.OpenPort(ctx, "joesguns", world.SQLInject); !errors.Is(err, world.ErrNoProgram) {
		t.Errorf("OpenPort without the program = %v, want ErrNoProgram", err)
	}
	if err := w.Nuke(ctx, "joesguns"); err != nil {
		t.Errorf("Nuke: %v", err)
	}
	if s, _ := w.Server(ctx, "joesguns"); !s.HasAdminRights {
		t.Error("no root after nuke")
	}
	if err := w.Copy(ctx, "joesguns", world.HackScript); err != nil {
		t.Fatal(err)
	}
	files, err := w.Files(ctx, "joesguns")
	if err != nil || len(files) != 1 || files[0] != world.HackScript {
		t.Errorf("Files = %v, %v", files, err)
	}
	// Every worker: the mark that they are current goes with them.
	if err := w.Copy(ctx, "joesguns", world.WorkerScripts()...); err != nil {
		t.Fatal(err)
	}
	if files, _ := w.Files(ctx, "joesguns"); !contains(files, js.WorkersMark()) {
		t.Errorf("Files = %v, want the workers' mark among them", files)
	}
}

func TestExecReportsKillPs(t *testing.T) {
	r := newRig(t, gameemu.Config{HackTime: 50 * time.Millisecond})
	w, ctx := r.srv.World, r.ctx()
	for _, h := range []string{"n00dles", "foodnstuff"} {
		if err := w.Nuke(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	w.Copy(ctx, "foodnstuff", world.WorkerScripts()...)
	w.Copy(ctx, "sigma-cosmetics", world.WorkerScripts()...)
	now := w.Now()
	hackDur := float64(r.g.Duration("hack") / time.Millisecond)
	mk := func(script, host string, threads int, land world.Time, dur float64, tag string) world.ExecRequest {
		return world.ExecRequest{Script: script, Host: host, Threads: threads, Temporary: true,
			Args: world.WorkerArgs{Target: "n00dles", LandAt: land, Duration: dur, Tag: tag}.Args()}
	}
	reqs := []world.ExecRequest{
		mk(world.HackScript, "home", 3, now+300, hackDur, "ok"),
		mk(world.WeakenScript, "foodnstuff", 2, now+400, float64(r.g.Duration("weaken")/time.Millisecond), "w"),
		mk(world.HackScript, "home", 1, now-1000, hackDur, "late"),
		mk(world.HackScript, "home", 1, now+5000, hackDur, "killme"),
		mk(world.HackScript, "sigma-cosmetics", 1, now+300, hackDur, "noroot"),
		mk(world.HackScript, "n00dles", 1, now+300, hackDur, "nofile"),
		mk(world.GrowScript, "home", 100000, now+300, hackDur, "toobig"),
		mk(world.GrowScript, "home", 0, now+300, hackDur, "zero"),
		mk(world.GrowScript, "nowhere", 1, now+300, hackDur, "nohost"),
		// Time to land, but it may not start after startBy, long gone.
		{Script: world.WeakenScript, Host: "home", Threads: 1, Temporary: true,
			Args: world.WorkerArgs{Target: "n00dles", LandAt: now + 5000, Duration: hackDur, Tag: "startby", StartBy: now - 1000}.Args()},
	}
	res := w.Exec(ctx, reqs)
	wantErr := []error{nil, nil, nil, nil, world.ErrNoRoot, world.ErrFileMissing, world.ErrNotEnoughRAM, world.ErrBadThreads, world.ErrUnknownHost, nil}
	for i, want := range wantErr {
		if want == nil && (res[i].Err != nil || res[i].PID <= 0) || want != nil && !errors.Is(res[i].Err, want) {
			t.Errorf("exec %d (%s): %+v, want %v", i, reqs[i].Args[3], res[i], want)
		}
	}
	ps, err := w.Ps(ctx, "home")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range ps {
		if p.PID == res[0].PID {
			found = p.Threads == 3 && p.Filename == world.HackScript && p.RAM == 170 && p.Args[3] == "ok"
		}
	}
	if !found {
		t.Errorf("ps(home) does not show pid %d properly: %+v", res[0].PID, ps)
	}
	if errs := w.Kill(ctx, []int{res[3].PID, 999999}); errs[0] != nil || !errors.Is(errs[1], world.ErrNoSuchProcess) {
		t.Errorf("Kill = %v", errs)
	}
	got := map[string]world.Event{}
	for len(got) < 5 {
		ev := nextEvent(t, w, 3*time.Second)
		switch e := ev.(type) {
		case world.JobDone:
			got[e.Tag] = e
		case world.ProcessEnded:
			got["ended"] = e
		case world.Tick:
			t.Fatalf("tick before every report arrived; have %v", got)
		}
	}
	ok := got["ok"].(world.JobDone)
	if ok.PID != res[0].PID || ok.Host != "home" || ok.Threads != 3 || ok.Op != world.OpHack || ok.Misfire || ok.Result <= 0 {
		t.Errorf("hack report = %+v", ok)
	}
	// Timers fire late on a loaded machine; a landing computed from the
	// wrong clock or without additionalMsec would be off by far more.
	if d := ok.End - ok.LandAt; d < 0 || d > 1000 && !raceEnabled {
		t.Errorf("hack landed %d ms after its landing time", d)
	}
	wk := got["w"].(world.JobDone)
	if wk.Host != "foodnstuff" || wk.Op != world.OpWeaken || wk.Threads != 2 || wk.Result != 0.1 {
		t.Errorf("weaken report = %+v", wk)
	}
	for _, tag := range []string{"late", "startby"} {
		if late := got[tag].(world.JobDone); !late.Misfire || late.Result != 0 {
			t.Errorf("%s report = %+v, want a misfire", tag, late)
		}
	}
	if e := got["ended"].(world.ProcessEnded); e.PID != res[3].PID || !e.Killed || e.Host != "home" {
		t.Errorf("kill event = %+v", e)
	}
	if ev := nextEvent(t, w, 200*time.Millisecond); ev != (world.Tick{At: ev.When()}) {
		t.Errorf("after all reports: %#v, want a Tick", ev)
	}
}

func TestAgentSecurity(t *testing.T) {
	t.Parallel() // waits on game time; runs beside the other such tests
	r := newRig(t, gameemu.Config{})
	// A second agent is refused while one is connected, and stops.
	second, err := r.g.Run("home", js.AgentScript, 1)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the second agent to be refused and stop", 5*time.Second, func() bool {
		for _, p := range r.g.Processes() {
			if p.PID == second {
				return false
			}
		}
		return r.log.has("refused a second agent")
	})
	// An agent with the wrong token is refused and stops.
	bad, _ := js.Agent("ws://"+r.addr+"/agent", "wrong-token")
	r.g.WriteFile("home", "bad.js", bad)
	pid, err := r.g.Run("home", "bad.js", 1)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the bad agent to exit", 5*time.Second, func() bool {
		for _, p := range r.g.Processes() {
			if p.PID == pid {
				return false
			}
		}
		return true
	})
	if !r.log.has("wrong token") {
		t.Error("no log line about the wrong token")
	}
	// The original agent still works.
	if _, err := r.srv.World.Scan(r.ctx(), "home"); err != nil {
		t.Errorf("Scan after the refusals: %v", err)
	}
	if c := r.g.Counters(); c.ScriptErrors != 0 {
		t.Errorf("%d script errors in the game (one-call-in-flight or RAM violations)", c.ScriptErrors)
	}
}

func TestAgentExitsWhenTold(t *testing.T) {
	r := newRig(t, gameemu.Config{})
	if err := r.srv.Bridge.StopAgent(r.ctx()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the agent to exit", 5*time.Second, func() bool { return len(r.g.Processes()) == 0 })
}

// TestAgentRestart kills the agent while workers run: the world pauses
// (a call waits), the restarted agent resumes it, and the reports the
// workers left in their ports arrive.
func TestAgentRestart(t *testing.T) {
	r := newRig(t, gameemu.Config{HackTime: 50 * time.Millisecond})
	w, ctx := r.srv.World, r.ctx()
	w.Nuke(ctx, "n00dles")
	now := w.Now()
	res := w.Exec(ctx, []world.ExecRequest{{Script: world.HackScript, Host: "home", Threads: 1, Temporary: true,
		Args: world.WorkerArgs{Target: "n00dles", LandAt: now + 300, Duration: 50, Tag: "x"}.Args()}})
	if res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	r.g.Kill(r.agent)
	waitFor(t, "the bridge to notice", 5*time.Second, func() bool { _, _, ok := r.srv.Bridge.Connected(); return !ok })
	scan := make(chan error, 1)
	go func() { _, err := w.Scan(ctx, "home"); scan <- err }()
	select {
	case err := <-scan:
		t.Fatalf("Scan returned while no agent was connected: %v", err)
	case <-time.After(600 * time.Millisecond): // the worker finishes meanwhile
	}
	r.startAgent()
	if err := <-scan; err != nil {
		t.Fatalf("Scan after the restart: %v", err)
	}
	ev := nextEvent(t, w, 3*time.Second)
	if j, ok := ev.(world.JobDone); !ok || j.PID != res[0].PID || j.Host != "home" || j.Threads != 1 {
		t.Fatalf("after restart: %#v, want the worker's report", ev)
	}
}

// TestBbctlRestart stops bbctl while workers run and starts a new one on
// the same port: the agent reconnects by itself and the new world adopts
// the running workers.
func TestBbctlRestart(t *testing.T) {
	t.Parallel() // waits on game time; runs beside the other such tests
	r := newRig(t, gameemu.Config{HackTime: 300 * time.Millisecond})
	w, ctx := r.srv.World, r.ctx()
	w.Nuke(ctx, "n00dles")
	now := w.Now()
	res := w.Exec(ctx, []world.ExecRequest{{Script: world.WeakenScript, Host: "home", Threads: 7, Temporary: true,
		Args: world.WorkerArgs{Target: "n00dles", LandAt: now + 1500, Duration: 1200, Tag: "adopt"}.Args()}})
	if res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	r.cancel()
	<-r.done
	srv, _, cancel, _ := startServer(t, r.addr, r.log)
	t.Cleanup(cancel)
	waitFor(t, "the agent to reconnect", 15*time.Second, func() bool { _, _, ok := srv.Bridge.Connected(); return ok })
	ev := nextEvent(t, srv.World, 3*time.Second)
	j, ok := ev.(world.JobDone)
	if !ok || j.PID != res[0].PID || j.Host != "home" || j.Threads != 7 || j.Tag != "adopt" {
		t.Fatalf("after the restart: %#v, want the adopted worker's report", ev)
	}
	if c := r.g.Counters(); c.ScriptErrors != 0 {
		t.Errorf("%d script errors in the game", c.ScriptErrors)
	}
}

// TestTickCarriesTheTime checks that a tick asked for a moment already
// past carries the time it is: a controller that fell behind must see it.
func TestTickCarriesTheTime(t *testing.T) {
	r := newRig(t, gameemu.Config{})
	w := r.srv.World
	before := w.Now()
	ev, err := w.Next(r.ctx(), before-5000)
	if err != nil {
		t.Fatal(err)
	}
	if tick, ok := ev.(world.Tick); !ok || tick.At < before {
		t.Errorf("Next(5 s ago) = %#v, want a Tick at %d or later", ev, before)
	}
}

// TestNullOrigin plays the Steam game, whose pages send Origin null as a
// sandboxed frame on any web page does: the pushed agent carries no
// token, the connection serves nothing else until the agent started with
// the token proves it is the agent's game, the agent keeps the token for
// its later runs, and a page posing as the game is refused.
func TestNullOrigin(t *testing.T) {
	l := newLines(t)
	srv, addr, cancel, _ := startServer(t, "", l)
	t.Cleanup(cancel)
	g, err := gameemu.New(gameemu.Config{Origin: "null", Logf: l.logf})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	ctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	go g.ConnectRFA(ctx, "ws://"+addr)
	waitFor(t, "the agent to be pushed", 5*time.Second, func() bool { _, ok := g.File("home", js.AgentScript); return ok })
	for _, name := range []string{js.AgentScript, js.ContractsScript} {
		if src, _ := g.File("home", name); strings.Contains(src, token) {
			t.Errorf("%s pushed over a connection with Origin null holds the token", name)
		}
	}
	if srv.RFA.Current() != nil {
		t.Error("a connection with Origin null is the game before it proved it")
	}
	// The command comes once every script is pushed.
	waitFor(t, "the command with the token", 5*time.Second, func() bool { return l.has("run " + js.AgentScript + " " + token) })
	ended := func(pid int) func() bool {
		return func() bool {
			for _, p := range g.Processes() {
				if p.PID == pid {
					return false
				}
			}
			return true
		}
	}
	// Without the token the agent says what to do and stops.
	pid, err := g.Run("home", js.AgentScript, 1)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the agent without a token to stop", 5*time.Second, ended(pid))
	// With it, the agent connects and proves the connection.
	pid, err = g.Run("home", js.AgentScript, 1, token)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the agent to connect", 5*time.Second, func() bool { _, _, ok := srv.Bridge.Connected(); return ok })
	waitFor(t, "the connection to prove it is the game", 5*time.Second, func() bool { return srv.RFA.Current() != nil })
	if got, _ := g.File("home", js.TokenFile); got != token {
		t.Errorf("%s on home = %q, want the token", js.TokenFile, got)
	}
	if _, ok := g.File("home", "bbctl/proof.txt"); ok {
		t.Error("the proof file was left on home")
	}
	// A page posing as the game is refused while the game is connected.
	h := http.Header{}
	h.Set("Origin", "null")
	if _, resp, err := websocket.Dial(ctx, "ws://"+addr, &websocket.DialOptions{HTTPHeader: h}); err == nil || resp == nil || resp.StatusCode != http.StatusConflict {
		t.Errorf("a second connection with Origin null: %v, want 409", err)
	}
	// The next run, as autoexec starts it, finds the kept token.
	if !g.Kill(pid) {
		t.Fatal("could not kill the agent")
	}
	waitFor(t, "the agent to go", 5*time.Second, func() bool { _, _, ok := srv.Bridge.Connected(); return !ok })
	if _, err := g.Run("home", js.AgentScript, 1); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the agent to connect with the kept token", 5*time.Second, func() bool { _, _, ok := srv.Bridge.Connected(); return ok })
}
