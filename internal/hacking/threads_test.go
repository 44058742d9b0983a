package hacking

import (
	"math"
	"math/rand/v2"
	"testing"
)

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

// A split grow's parts, landing in any order, take the money back to the
// maximum, and raise the security by no more than their threads allow —
// also where the security they raise slows the growth (min security 14,
// above the cap) — and one slot of the planned cores needs no more threads
// than SplitGrowThreads says.
func TestSplitGrowProperty(t *testing.T) {
	env := testEnv(500)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		s := joesguns()
		s.MinDifficulty = []float64{1, 5, 7, 8.5, 14, 30}[rng.IntN(6)]
		s.ServerGrowth = []float64{5, 20, 50, 3000}[rng.IntN(4)]
		frac := rng.Float64() * 0.9
		var slots []GrowSlot
		for range 1 + rng.IntN(6) {
			slots = append(slots, GrowSlot{Threads: rng.IntN(400), Cores: 1 + rng.IntN(8)})
		}
		parts, ok := SplitGrow(s, frac, slots, env)
		if !ok {
			// Then even every slot full is not enough.
			all := make([]GrowSlot, len(slots))
			copy(all, slots)
			if full, ok := SplitGrow(s, frac, append(all, GrowSlot{Threads: math.MaxInt32, Cores: 1}), env); ok && full[len(full)-1] == 0 {
				t.Fatalf("case %d: refused, yet fits without the extra slot", i)
			}
			continue
		}
		sum := 0
		for k, n := range parts {
			if n < 0 || n > slots[k].Threads {
				t.Fatalf("case %d: part %d of %d threads in a slot of %d", i, k, n, slots[k].Threads)
			}
			sum += n
		}
		if got := SplitGrowThreads(s, frac, 8, env); frac > 0 && got <= 0 {
			t.Fatalf("case %d: SplitGrowThreads %d", i, got)
		}
		for _, order := range [][]int{rng.Perm(len(parts)), rng.Perm(len(parts))} {
			p := Prepared(s)
			p.MoneyAvailable = p.MoneyMax * (1 - frac)
			for _, k := range order {
				if parts[k] > 0 {
					p.Grow(float64(parts[k]), slots[k].Cores, &env.Person, env.BN)
				}
			}
			if p.MoneyAvailable < p.MoneyMax {
				t.Fatalf("case %d (min sec %v, growth %v, frac %.3f, parts %v of %v): money %.6g of %.6g",
					i, s.MinDifficulty, s.ServerGrowth, frac, parts, slots, p.MoneyAvailable, p.MoneyMax)
			}
			if p.HackDifficulty > s.MinDifficulty+GrowSecurity(sum)+1e-9 {
				t.Fatalf("case %d: security %v after %d threads from %v", i, p.HackDifficulty, sum, s.MinDifficulty)
			}
		}
	}
}
