package hacking

import (
	"math"

	"bbctl/internal/game"
)

// This file sizes single operations: the one place where the controller,
// the planner and the calculator turn a share of money or an amount of
// security into threads.

// HackShare returns the share of its money one hack thread steals from s
// at minimum security (the share does not depend on the money).
func HackShare(s game.Server, env Env) float64 {
	p := Prepared(s)
	return game.HackPercent(&p, &env.Person, env.BN)
}

// Stolen returns the share of the money h hack threads steal when one
// steals pct: never more than all of it.
func Stolen(pct float64, h int) float64 { return math.Min(1, pct*float64(h)) }

// HackThreadsFor returns the most hack threads, at least one, that steal
// no more than the share frac when one steals pct (pct > 0). A level-up
// raises pct: a hack sized before it is cut back to its planned share.
func HackThreadsFor(frac, pct float64) int {
	return max(1, int(math.Floor(frac/pct+1e-9)))
}

// HackThreadsToSteal returns the fewest hack threads that steal at least
// the share frac when one steals pct (pct > 0).
func HackThreadsToSteal(frac, pct float64) int {
	// Guard against 0.5/0.005 landing a hair above an integer.
	return int(math.Ceil(frac/pct - 1e-9))
}

// HackSecurity returns the security h hack threads add when one steals
// pct: 0.002 a thread, but threads beyond those that drain the server add
// nothing (MECHANICS §2.5).
func HackSecurity(h int, pct float64) float64 {
	n := float64(h)
	if pct > 0 {
		n = math.Min(n, math.Ceil(1/pct))
	}
	return game.HackSecurityPerThread * n
}

// GrowSecurity returns the security g grow threads add.
func GrowSecurity(g int) float64 { return game.GrowSecurityPerThread * float64(g) }

// GrowThreads returns the grow threads on a host with the given cores that
// take s, at the security it has, from the money from to its maximum. It
// reports false when no number of threads can (a server without growth).
func GrowThreads(s *game.Server, from float64, cores int, env Env) (int, bool) {
	g := game.GrowThreads(s, s.MoneyMax, from, &env.Person, cores, env.BN)
	if math.IsInf(g, 0) || math.IsNaN(g) || g > math.MaxInt32 {
		return 0, false
	}
	return int(g), true
}

// WeakenThreads returns the weaken threads on a host with the given cores
// that remove at least sec security (0 for sec ≤ 0).
func WeakenThreads(sec float64, cores int, env Env) int {
	if sec <= 0 {
		return 0
	}
	per := game.WeakenEffect(1, cores, env.BN)
	if per <= 0 {
		return math.MaxInt32
	}
	// Guard against 0.002·25/0.05 landing a hair above an integer.
	n := math.Ceil(sec/per - 1e-9)
	return int(math.Max(1, n))
}

// HackWeakenThreads returns the weaken threads on cores that remove the
// security of h hack threads that each steal pct.
func HackWeakenThreads(h int, pct float64, cores int, env Env) int {
	return WeakenThreads(HackSecurity(h, pct), cores, env)
}

// GrowWeakenThreads returns the weaken threads on cores that remove the
// security of g grow threads.
func GrowWeakenThreads(g, cores int, env Env) int {
	return WeakenThreads(GrowSecurity(g), cores, env)
}

// WeakenRemoves returns the security that threads weaken threads on a host
// with the given cores remove.
func WeakenRemoves(threads, cores int, env Env) float64 {
	return game.WeakenEffect(float64(threads), cores, env.BN)
}

// A grow too large for any one host can run as parts on several hosts
// that land together. Growth multiplies, so the parts' growth logs add up;
// but a part's growth per thread falls as the security rises (above the
// level where it is capped), and each part raises the security the parts
// after it see. SplitGrow sizes every part at the security all of them
// together can raise it to, so the money comes back whatever order they
// land in; the $1 per thread a grow adds before it multiplies is left
// out, which only errs on the safe side.

// GrowSlot is room for one part of a split grow: the threads a host can
// run and its cores.
type GrowSlot struct {
	Threads, Cores int
}

// SplitGrow returns the threads of each slot (0: unused) whose grows,
// landing together on the prepared s after a hack took the share frac of
// its money, take it back to its maximum: the slots are filled in order,
// each as far as the growth still needed. It reports false when the slots
// do not hold enough, or frac leaves too little money to grow from.
func SplitGrow(s game.Server, frac float64, slots []GrowSlot, env Env) ([]int, bool) {
	p := Prepared(s)
	if frac <= 0 {
		return make([]int, len(slots)), true
	}
	if frac > maxSplitFrac || p.MoneyMax <= 0 || p.ServerGrowth <= 0 {
		return nil, false
	}
	need := -math.Log1p(-frac) // the growth log that brings 1−frac back to 1
	// Start from the threads on the first slot's cores, then size at the
	// security the parts found raise it to, until that settles.
	total := 0
	if len(slots) > 0 {
		total = int(math.Ceil(need / growLogAt(p, p.MinDifficulty, slots[0].Cores, env)))
	}
	for range 8 {
		at := p.MinDifficulty + GrowSecurity(total)
		parts := make([]int, len(slots))
		left, sum := need, 0
		for i, sl := range slots {
			if left <= 0 {
				break
			}
			k := growLogAt(p, at, sl.Cores, env)
			if k <= 0 {
				continue
			}
			n := min(sl.Threads, int(math.Ceil(left/k-1e-9)))
			if n <= 0 {
				continue
			}
			parts[i] = n
			left -= float64(n) * k
			sum += n
		}
		if left > 1e-12 {
			return nil, false
		}
		if sum <= total {
			return parts, true
		}
		total = sum
	}
	return nil, false
}

// maxSplitFrac bounds the share a split grow makes good: growing back
// from almost nothing, the $1 per thread a grow adds matters.
const maxSplitFrac = 0.99

// SplitGrowThreads returns the threads a grow split over hosts of the
// given cores needs to make good the share frac on the prepared s — what
// the weaken after it must cover (GrowWeakenThreads). It is 0 for a server
// that cannot grow back.
func SplitGrowThreads(s game.Server, frac float64, cores int, env Env) int {
	parts, ok := SplitGrow(s, frac, []GrowSlot{{Threads: math.MaxInt32, Cores: cores}}, env)
	if !ok {
		return 0
	}
	return parts[0]
}

// growLogAt returns the growth log of one grow thread on cores against p
// at security sec.
func growLogAt(p game.Server, sec float64, cores int, env Env) float64 {
	p.HackDifficulty = sec
	return game.GrowthLog(&p, 1, &env.Person, cores, env.BN)
}
