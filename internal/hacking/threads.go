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
