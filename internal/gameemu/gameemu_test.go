package gameemu

import (
	"testing"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestPortDropsOldest(t *testing.T) {
	var p port
	for i := 0; i < portCapacity; i++ {
		if _, dropped := p.write(i); dropped {
			t.Fatalf("write %d dropped", i)
		}
	}
	if p.tryWrite("x") {
		t.Error("tryWrite succeeded on a full port")
	}
	old, dropped := p.write(portCapacity)
	if !dropped || old != 0 {
		t.Errorf("write to a full port returned %v, %v; want the oldest entry 0", old, dropped)
	}
	if v, _ := p.read(); v != 1 {
		t.Errorf("read = %v, want 1", v)
	}
}

// run starts src as a script on home and waits for it to end.
func run(t *testing.T, g *Game, src string, threads int) int {
	t.Helper()
	if err := g.WriteFile("home", "t.js", src); err != nil {
		t.Fatal(err)
	}
	pid, err := g.Run("home", "t.js", threads)
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the script to end", func() bool {
		for _, p := range g.Processes() {
			if p.PID == pid {
				return false
			}
		}
		return true
	})
	return pid
}

func TestRulesKillScripts(t *testing.T) {
	for _, c := range []struct {
		name, src string
		errors    int
	}{
		{"clean", `export async function main(ns) { await ns.sleep(10); ns.scan("home"); }`, 0},
		{"two calls in flight", `export async function main(ns) { const p = ns.sleep(50); ns.scan("home"); await p; }`, 1},
		{"asleep is not busy", `export async function main(ns) { const p = ns.asleep(50); ns.scan("home"); await p; }`, 0},
		{"dynamic RAM", `export async function main(ns) { const f = "sc" + "an"; ns[f]("home"); }`, 1},
		{"thrown error", `export async function main(ns) { throw new Error("boom"); }`, 1},
	} {
		g, err := New(Config{Logf: t.Logf})
		if err != nil {
			t.Fatal(err)
		}
		run(t, g, c.src, 1)
		if got := g.Counters().ScriptErrors; got != c.errors {
			t.Errorf("%s: %d script errors, want %d", c.name, got, c.errors)
		}
		if used := g.UsedRAM("home"); used != 0 {
			t.Errorf("%s: %v still used on home", c.name, used)
		}
		g.Close()
	}
}

func TestExecAccountsRAM(t *testing.T) {
	g, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	src := `export async function main(ns) { await ns.asleep(100); ns.hack; }`
	g.WriteFile("home", "s.js", src)
	pid, err := g.Run("home", "s.js", 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := g.UsedRAM("home"), game.RAM(170*10); got != want {
		t.Errorf("used %v with 10 threads of a 1.70GB script, want %v", got, want)
	}
	if !g.Kill(pid) || g.UsedRAM("home") != 0 {
		t.Errorf("kill: RAM %v left", g.UsedRAM("home"))
	}
	if _, err := g.Run("home", "s.js", 100000); err == nil {
		t.Error("exec beyond home's RAM succeeded")
	}
}

// TestPacedClock checks the paced clock's steps: it follows the wall at
// its rate while the driver waits, counts at most maxPumpWall of a long
// gap between pumps, stops pace slack past where the driver began to work
// and at the time a waiting driver wakes at, and lets go maxHold after it
// got there.
func TestPacedClock(t *testing.T) {
	t0 := time.Unix(1000, 0)
	p := &pacer{slack: 20}
	s := &simState{rate: 4, pace: p, pumped: t0, at: 1000}
	ms := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Millisecond))) }
	work := func(from world.Time) func() {
		return func() { p.working, p.from, p.until, p.held = true, from, 0, time.Time{} }
	}
	wait := func(until world.Time) func() {
		return func() { p.working, p.until, p.held = false, until, time.Time{} }
	}
	steps := []struct {
		what string
		at   time.Time
		do   func()
		want world.Time
	}{
		{"a 1 ms pump at 4 game-ms per wall-ms", ms(1), nil, 1004},
		{"a 50 ms gap counts 2 wall-ms", ms(51), nil, 1012},
		{"the driver works: up to 20 past 1012", ms(52), work(1012), 1016},
		{"on towards 1032", ms(60), nil, 1024},
		{"at 1032", ms(70), nil, 1032},
		{"held at 1032", ms(80), nil, 1032},
		{"held on until maxHold after it was first held", ms(80).Add(maxHold - time.Millisecond), nil, 1032},
		{"let go after maxHold", ms(80).Add(maxHold + time.Millisecond), nil, 1040},
		{"the driver waits with no time to wake: free", ms(3000), wait(0), 1048},
		{"the driver waits until 1060: on towards it", ms(3002), wait(1060), 1056},
		{"at 1060", ms(3004), nil, 1060},
		{"held at 1060 while the driver sleeps on", ms(3050), nil, 1060},
		{"the driver wakes and works: 20 past 1060", ms(3052), work(1060), 1068},
		{"the driver waits until a time passed: held where it is", ms(3054), wait(1050), 1068},
		{"let go after maxHold", ms(3054).Add(maxHold + time.Millisecond), nil, 1076},
	}
	for _, st := range steps {
		if st.do != nil {
			st.do()
		}
		if got := s.target(st.at); got != st.want {
			t.Fatalf("%s: the clock reads %d, want %d", st.what, got, st.want)
		}
	}
}
