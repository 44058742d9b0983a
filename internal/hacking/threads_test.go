package hacking

import "testing"

// Thread counts land on whole numbers where float division lands a hair
// off them.
func TestThreadCountsOnIntegers(t *testing.T) {
	env := testEnv(100)
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"to steal 50 % at 0.5 % a thread", HackThreadsToSteal(0.5, 0.005), 100},
		{"to steal 30 % at 0.1 % a thread", HackThreadsToSteal(0.3, 0.001), 300},
		{"at most 50 % at 0.5 % a thread", HackThreadsFor(0.5, 0.005), 100},
		{"at most 0.01 % at 0.5 % a thread", HackThreadsFor(0.0001, 0.005), 1},
		{"weaken for 25 hacks", HackWeakenThreads(25, 0.001, 1, env), 1},
		{"weaken for 26 hacks", HackWeakenThreads(26, 0.001, 1, env), 2},
		{"weaken for hacks past the drain", HackWeakenThreads(1000, 0.01, 1, env), 4}, // 100 drain it
		{"weaken for 12 grows", GrowWeakenThreads(12, 1, env), 1},
		{"weaken for 13 grows", GrowWeakenThreads(13, 1, env), 2},
		{"weaken for nothing", WeakenThreads(0, 1, env), 0},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d threads, want %d", c.name, c.got, c.want)
		}
	}
}

// GrowThreads refuses a server that cannot grow, and needs none at the
// maximum.
func TestGrowThreadsLimits(t *testing.T) {
	env := testEnv(100)
	p := Prepared(joesguns())
	if g, ok := GrowThreads(&p, p.MoneyMax, 1, env); !ok || g != 0 {
		t.Errorf("grow at max money: %d, %v", g, ok)
	}
	if g, ok := GrowThreads(&p, p.MoneyMax/2, 1, env); !ok || g <= 0 {
		t.Errorf("grow from half: %d, %v", g, ok)
	}
	p.ServerGrowth = 0
	if _, ok := GrowThreads(&p, p.MoneyMax/2, 1, env); ok {
		t.Error("a server without growth grows")
	}
}
