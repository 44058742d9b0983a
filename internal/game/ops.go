package game

import "math"

// ClampSecurity keeps the server's security in [max(MinDifficulty, 1), 100],
// as the game does after every change.
func (s *Server) ClampSecurity() {
	if s.HackDifficulty < s.MinDifficulty {
		s.HackDifficulty = s.MinDifficulty
	}
	if s.HackDifficulty < 1 {
		s.HackDifficulty = 1
	}
	if s.HackDifficulty > 100 {
		s.HackDifficulty = 100
	}
}

// Hack applies a completing hack of the given threads by p to s (MECHANICS
// §3.9) and returns the money credited to the player and the exp gained.
// On success the server loses min(money, money·pct·threads) and gains
// 0.002 security per thread, counting at most ceil(1/pct) threads; a failed
// hack changes nothing and gives a quarter of the exp. A successful hack that
// drains nothing also gives a quarter.
func (s *Server) Hack(threads float64, success bool, p *Person, bn *BitNodeMults) (returned, exp float64) {
	exp = HackExp(s, p, bn) * threads
	if !success {
		return 0, exp / 4
	}
	pct := HackPercent(s, p, bn)
	maxThreads := math.Ceil(1 / pct)
	if math.IsNaN(maxThreads) {
		maxThreads = 1e6
	}
	drained := s.MoneyAvailable * pct * threads
	if drained <= 0 || math.IsNaN(drained) {
		drained = 0
		exp /= 4
	}
	if drained > s.MoneyAvailable {
		drained = s.MoneyAvailable
	}
	s.MoneyAvailable -= drained
	if s.MoneyAvailable < 0 {
		s.MoneyAvailable = 0
	}
	s.HackDifficulty += HackSecurityPerThread * math.Min(threads, maxThreads)
	s.ClampSecurity()
	return drained * bn.ScriptHackMoneyGain, exp
}

// Grow applies a completing grow of the given threads, run on a host with
// the given cores, to s and returns the factor the money grew by (money
// after / money before, a zero before counting as 1: 2.6.1's return value;
// v3 returns 0 for a server with no maximum money, which this also gives
// since such a server stays at $0) and the exp gained.
// If the money changed, security rises by 0.004 per thread actually needed
// (GrowThreads from the old to the new money, at the security before the
// rise), at most threads.
func (s *Server) Grow(threads float64, cores int, p *Person, bn *BitNodeMults) (returned, exp float64) {
	exp = HackExp(s, p, bn) * threads
	old := s.MoneyAvailable
	s.MoneyAvailable = GrowMoney(s, threads, p, cores, bn)
	if s.MoneyAvailable != old {
		used := GrowThreads(s, s.MoneyAvailable, old, p, cores, bn)
		used = math.Min(math.Max(0, math.Ceil(used)), threads)
		s.HackDifficulty += 2 * HackSecurityPerThread * used
		s.ClampSecurity()
	}
	before := old
	if before <= 0 {
		before = 1
	}
	return s.MoneyAvailable / before, exp
}

// Weaken applies a completing weaken of the given threads, run on a host
// with the given cores, to s. It returns the nominal effect (what 2.6.1's
// weaken resolves to), the security actually removed after clamping (what
// 2.8+ and v3 resolve to) and the exp gained.
func (s *Server) Weaken(threads float64, cores int, p *Person, bn *BitNodeMults) (nominal, removed, exp float64) {
	exp = HackExp(s, p, bn) * threads
	nominal = WeakenEffect(threads, cores, bn)
	before := s.HackDifficulty
	s.HackDifficulty -= nominal
	s.ClampSecurity()
	return nominal, before - s.HackDifficulty, exp
}
