package game

import "math"

// The game's thin analysis wrappers (formula-vectors.json "not_included",
// MECHANICS §2.5).

// HackAnalyzeThreads is ns.hackAnalyzeThreads: the (fractional) threads a
// hack needs to steal amount from s at its current money. It is 0 for an
// amount of 0 and −1 when the amount is negative or above the money, or
// when the server has no money or a hack steals nothing.
func HackAnalyzeThreads(s *Server, amount float64, p *Person, bn *BitNodeMults) float64 {
	pct := HackPercent(s, p, bn)
	switch {
	case amount == 0:
		return 0
	case amount < 0 || amount > s.MoneyAvailable || pct == 0 || s.MoneyAvailable == 0:
		return -1
	}
	return amount / (s.MoneyAvailable * pct)
}

// HackAnalyzeSecurity is ns.hackAnalyzeSecurity: the security a successful
// hack of the given threads adds. With a server (s not nil) whose hack
// steals something, the threads are first capped at ceil(1/pct), as the
// hack itself caps them.
func HackAnalyzeSecurity(threads float64, s *Server, p *Person, bn *BitNodeMults) float64 {
	if s != nil {
		if pct := HackPercent(s, p, bn); pct > 0 {
			threads = math.Min(threads, math.Ceil(1/pct))
		}
	}
	return HackSecurityPerThread * threads
}

// GrowthAnalyzeSecurity is ns.growthAnalyzeSecurity: the security a grow of
// the given threads on a host with the given cores adds. With a server (s
// not nil) the threads are first capped at those needed to reach its
// maximum money from its current money.
func GrowthAnalyzeSecurity(threads float64, s *Server, p *Person, cores int, bn *BitNodeMults) float64 {
	if s != nil {
		threads = math.Min(threads, math.Ceil(GrowThreads(s, s.MoneyMax, s.MoneyAvailable, p, cores, bn)))
	}
	return GrowSecurityPerThread * threads
}
