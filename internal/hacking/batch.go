// Package hacking holds bbctl's hacking arithmetic: the shape of a
// hack/weaken/grow/weaken batch on a prepared target, the threads that
// prepare a target, and the income ceiling of a world — the linear
// programme that bounds what any scheduler can earn with the RAM, the
// processes and the landing spacing it has.
//
// Everything here is pure and deterministic.
package hacking

import (
	"math"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// Env is the player and BitNode the arithmetic runs for.
type Env struct {
	Person  game.Person
	BN      *game.BitNodeMults
	Version game.Version
}

// Times are an operation's durations on a target in ms.
type Times struct {
	Hack, Grow, Weaken float64
}

// Of returns the duration of op.
func (t Times) Of(op world.Op) float64 {
	switch op {
	case world.OpHack:
		return t.Hack
	case world.OpGrow:
		return t.Grow
	}
	return t.Weaken
}

// OpTimes returns the durations of hack, grow and weaken on s in ms, at the
// security s has.
func OpTimes(s *game.Server, env Env) Times {
	// GrowTime and WeakenTime are 3.2 and 4 hack times: the same products,
	// with the hack time computed once.
	h := game.HackTime(s, &env.Person, env.BN)
	return Times{
		Hack:   h * 1000,
		Grow:   3.2 * h * 1000,
		Weaken: 4 * h * 1000,
	}
}

// TimesMemo remembers the last OpTimes it worked out, for a caller that
// asks for one server's times over and over while nothing they depend on
// changes (the controller asks at every step, for every target). Its key is
// what game.HackTime reads: the security and required level of the server,
// the player's level, intelligence and hacking speed, and the BitNode's
// hacking speed. The zero value is ready to use.
type TimesMemo struct {
	key   timesKey
	times Times
	ok    bool
}

type timesKey struct {
	sec, speed, bnSpeed float64
	req, level, intel   int
}

// Of returns the durations of hack, grow and weaken on s at security sec
// in ms: OpTimes of s with its HackDifficulty set to sec.
func (m *TimesMemo) Of(s *game.Server, sec float64, env Env) Times {
	k := timesKey{sec: sec, speed: env.Person.Mults.HackingSpeed, bnSpeed: env.BN.HackingSpeedMultiplier,
		req: s.RequiredHackingSkill, level: env.Person.Hacking, intel: env.Person.Intelligence}
	if !m.ok || k != m.key {
		at := *s
		at.HackDifficulty = sec
		m.key, m.times, m.ok = k, OpTimes(&at, env), true
	}
	return m.times
}

// Batch is the shape of one HWGW batch on a prepared target (minimum
// security, maximum money): Hack threads steal, Weaken1 removes the hack's
// security, Grow restores the money and Weaken2 removes the grow's security.
// Grow and both weakens run on a host with Cores cores.
type Batch struct {
	Hack, Weaken1, Grow, Weaken2 int
	Cores                        int

	Times Times   // durations at minimum security, ms
	Money float64 // expected money per batch (with the hack chance)
	// Share is the share of the money the hack steals at the level the
	// batch was shaped for: what Grow restores. A level-up makes Hack
	// threads steal more; a scheduler cuts them back to Share.
	Share float64

	RAMSeconds   float64 // Σ threads × GB per thread × duration in s
	GWRAMSeconds float64 // the part of RAMSeconds spent by grow and weaken
	ProcSeconds  float64 // Σ durations of the batch's four processes in s
}

// Threads returns the batch's total threads.
func (b Batch) Threads() int { return b.Hack + b.Weaken1 + b.Grow + b.Weaken2 }

// HackValue returns the money a hack of the given threads is expected to
// take from s at minimum security and maximum money: the share it steals
// times the hack chance (as a batch's Money counts it).
func HackValue(s game.Server, threads int, env Env) float64 {
	p := Prepared(s)
	return hackMoney(&p, threads, game.HackPercent(&p, &env.Person, env.BN), game.HackChance(&p, &env.Person, env.Version), env)
}

// hackMoney is the money h hack threads take on average from p at maximum
// money, given the share one thread steals and the hack chance.
func hackMoney(p *game.Server, h int, pct, chance float64, env Env) float64 {
	return Stolen(pct, h) * p.MoneyMax * chance * env.BN.ScriptHackMoneyGain
}

// Prepared returns a copy of s at minimum security and maximum money.
func Prepared(s game.Server) game.Server {
	s.HackDifficulty = s.MinDifficulty
	s.MoneyAvailable = s.MoneyMax
	return s
}

// MaxHack returns the largest useful hack thread count on the prepared
// server p: the count that steals all its money (at least 1).
func MaxHack(p *game.Server, env Env) int {
	pct := game.HackPercent(p, &env.Person, env.BN)
	if pct <= 0 {
		return 0
	}
	return int(math.Ceil(1 / pct))
}

// HWGW returns the batch with h hack threads on the prepared server p, with
// grow and weaken on a host with the given cores. It reports false when no
// such batch makes sense (no money, h out of range, growth impossible).
func HWGW(p *game.Server, h, cores int, env Env) (Batch, bool) {
	times := OpTimes(p, env)
	return hwgw(p, h, cores, env, times,
		game.HackPercent(p, &env.Person, env.BN),
		game.HackChance(p, &env.Person, env.Version))
}

// HGW returns the batch with h hack threads on the prepared server p
// whose one weaken removes the security of both the hack and the grow: a
// batch without Weaken1, whose grow lands at the security the hack raised.
// On a small batch, where each weaken of an HWGW batch is one thread and
// most of it unused, that saves a thread. It reports false as HWGW does.
func HGW(p *game.Server, h, cores int, env Env) (Batch, bool) {
	times := OpTimes(p, env)
	return hgw(p, h, cores, env, times,
		game.HackPercent(p, &env.Person, env.BN),
		game.HackChance(p, &env.Person, env.Version))
}

// hgw is HGW with the per-target quantities precomputed.
func hgw(p *game.Server, h, cores int, env Env, times Times, pct, chance float64) (Batch, bool) {
	if h < 1 || pct <= 0 || p.MoneyMax <= 0 || chance <= 0 {
		return Batch{}, false
	}
	hsec := HackSecurity(h, pct)
	at := *p
	at.HackDifficulty = p.MinDifficulty + hsec
	gi, ok := GrowThreads(&at, p.MoneyMax*(1-Stolen(pct, h)), cores, env)
	if !ok {
		return Batch{}, false
	}
	w := WeakenThreads(hsec+GrowSecurity(gi), cores, env)
	b := Batch{
		Hack: h, Grow: gi, Weaken2: w, Cores: cores,
		Times: times,
		Money: hackMoney(p, h, pct, chance, env),
		Share: Stolen(pct, h),
	}
	hs, gs, ws := times.Hack/1000, times.Grow/1000, times.Weaken/1000
	b.GWRAMSeconds = world.GrowRAM.GB()*float64(gi)*gs + world.WeakenRAM.GB()*float64(w)*ws
	b.RAMSeconds = world.HackRAM.GB()*float64(h)*hs + b.GWRAMSeconds
	b.ProcSeconds = hs + gs + ws
	if gi == 0 {
		b.ProcSeconds -= gs
	}
	return b, true
}

// hwgw is HWGW with the per-target quantities precomputed.
func hwgw(p *game.Server, h, cores int, env Env, times Times, pct, chance float64) (Batch, bool) {
	if h < 1 || pct <= 0 || p.MoneyMax <= 0 || chance <= 0 {
		return Batch{}, false
	}
	w1 := HackWeakenThreads(h, pct, cores, env)
	gi, ok := GrowThreads(p, p.MoneyMax*(1-Stolen(pct, h)), cores, env)
	if !ok {
		return Batch{}, false
	}
	w2 := GrowWeakenThreads(gi, cores, env)

	b := Batch{
		Hack: h, Weaken1: w1, Grow: gi, Weaken2: w2, Cores: cores,
		Times: times,
		Money: hackMoney(p, h, pct, chance, env),
		Share: Stolen(pct, h),
	}
	hs, gs, ws := times.Hack/1000, times.Grow/1000, times.Weaken/1000
	b.GWRAMSeconds = world.GrowRAM.GB()*float64(gi)*gs + world.WeakenRAM.GB()*float64(w1+w2)*ws
	b.RAMSeconds = world.HackRAM.GB()*float64(h)*hs + b.GWRAMSeconds
	b.ProcSeconds = hs + gs + 2*ws
	if gi == 0 {
		b.ProcSeconds -= gs
	}
	if w2 == 0 {
		b.ProcSeconds -= ws
	}
	return b, true
}
