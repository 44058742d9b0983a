package gameemu

import (
	"testing"
	"time"

	"bbctl/internal/game"
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
