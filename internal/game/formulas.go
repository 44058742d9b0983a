package game

import "math"

// Security changes per thread (MECHANICS §2.5).
const (
	HackSecurityPerThread   = 0.002
	GrowSecurityPerThread   = 0.004
	WeakenSecurityPerThread = 0.05
)

// Growth constants (MECHANICS §2.1).
const (
	growthRate   = 0.03
	maxGrowthLog = 0.00349388925425578 // log1p(0.0035)
)

// IntBonus is the intelligence bonus 1 + w·I^0.8/600.
func IntBonus(intelligence, weight float64) float64 {
	return 1 + (weight*jsPow(intelligence, 0.8))/600
}

// CoreBonus is the grow and weaken bonus of a host with the given cores:
// 1 + (c−1)/16.
func CoreBonus(cores int) float64 {
	return 1 + float64(cores-1)/16
}

func clamp(x, lo, hi float64) float64 {
	return math.Min(hi, math.Max(x, lo))
}

// HackChance is the probability that a hack of s by p succeeds. V3 clamps
// the skill term 1.75·L to at least 1.
func HackChance(s *Server, p *Person, v Version) float64 {
	if !s.HasAdminRights || s.HackDifficulty >= 100 {
		return 0
	}
	skillMult := 1.75 * float64(p.Hacking)
	if v >= V3 {
		skillMult = math.Max(skillMult, 1)
	}
	skillChance := (skillMult - float64(s.RequiredHackingSkill)) / skillMult
	difficultyMult := (100 - s.HackDifficulty) / 100
	chance := skillChance * difficultyMult * p.Mults.HackingChance * IntBonus(float64(p.Intelligence), 1)
	return clamp(chance, 0, 1)
}

// HackPercent is the fraction of the server's current money one hack thread
// steals. It does not check root access.
func HackPercent(s *Server, p *Person, bn *BitNodeMults) float64 {
	if s.HackDifficulty >= 100 {
		return 0
	}
	difficultyMult := (100 - s.HackDifficulty) / 100
	skillMult := (float64(p.Hacking) - float64(s.RequiredHackingSkill-1)) / float64(p.Hacking)
	pct := (difficultyMult * skillMult * p.Mults.HackingMoney * bn.ScriptHackMoney) / 240
	return clamp(pct, 0, 1)
}

// HackTime is the duration of a hack in seconds.
func HackTime(s *Server, p *Person, bn *BitNodeMults) float64 {
	if math.IsNaN(s.HackDifficulty) {
		return math.Inf(1)
	}
	difficultyMult := float64(s.RequiredHackingSkill) * s.HackDifficulty
	skillFactor := (2.5*difficultyMult + 500) / (float64(p.Hacking) + 50)
	return (5 * skillFactor) / (p.Mults.HackingSpeed * bn.HackingSpeedMultiplier * IntBonus(float64(p.Intelligence), 1))
}

// GrowTime is the duration of a grow in seconds: 3.2 hack times.
func GrowTime(s *Server, p *Person, bn *BitNodeMults) float64 {
	return 3.2 * HackTime(s, p, bn)
}

// WeakenTime is the duration of a weaken in seconds: 4 hack times.
func WeakenTime(s *Server, p *Person, bn *BitNodeMults) float64 {
	return 4 * HackTime(s, p, bn)
}

// HackExp is the hacking exp one thread of a successful hack, a grow or a
// weaken gives; a failed hack gives a quarter. It depends on the server's
// base security, never on the current one.
func HackExp(s *Server, p *Person, bn *BitNodeMults) float64 {
	if s.BaseDifficulty == 0 || math.IsNaN(s.BaseDifficulty) {
		return 0
	}
	return (3 + s.BaseDifficulty*0.3) * p.Mults.HackingExp * bn.HackExpGain
}

// GrowthLog is the natural log of the growth factor of a grow of the given
// threads on a host with the given cores; −Inf for a server without growth.
func GrowthLog(s *Server, threads float64, p *Person, cores int, bn *BitNodeMults) float64 {
	if s.ServerGrowth == 0 || math.IsNaN(s.ServerGrowth) {
		return math.Inf(-1)
	}
	adj := math.Log1p(growthRate / s.HackDifficulty)
	if adj >= maxGrowthLog {
		adj = maxGrowthLog
	}
	growth := (s.ServerGrowth / 100) * bn.ServerGrowthRate
	return adj * growth * p.Mults.HackingGrow * CoreBonus(cores) * math.Max(threads, 0)
}

// GrowthFactor is the factor a grow multiplies money by (before the $1 per
// thread is added): exp(GrowthLog), or 0 for a server without growth.
func GrowthFactor(s *Server, threads float64, p *Person, cores int, bn *BitNodeMults) float64 {
	if s.ServerGrowth == 0 || math.IsNaN(s.ServerGrowth) {
		return 0
	}
	return jsExp(GrowthLog(s, threads, p, cores, bn))
}

// GrowMoney is the server's money after a grow: (money + threads)·factor,
// capped at the maximum.
func GrowMoney(s *Server, threads float64, p *Person, cores int, bn *BitNodeMults) float64 {
	g := GrowthFactor(s, threads, p, cores, bn)
	if g < 1 {
		g = 1
	}
	m := (s.MoneyAvailable + threads) * g
	if m > s.MoneyMax || math.IsNaN(m) {
		m = s.MoneyMax
	}
	return m
}

// GrowThreadsSimple is the game's growthAnalyze: the fractional threads that
// multiply money by growth, ignoring the $1 per thread. +Inf for a server
// without growth.
func GrowThreadsSimple(s *Server, growth float64, p *Person, cores int, bn *BitNodeMults) float64 {
	if s.ServerGrowth == 0 || math.IsNaN(s.ServerGrowth) {
		return math.Inf(1)
	}
	return jsLog(growth) / GrowthLog(s, 1, p, cores, bn)
}

// GrowThreads is the least integer number of threads t with
// (start + t)·exp(k·t) ≥ target, where k is the growth log of one thread: the
// threads one grow needs to take the server from start to target money
// (target is lowered to the maximum). It is 0 when target ≤ start and +Inf
// for a server without growth. It reproduces the game's Newton iteration and
// its final integer checks exactly.
func GrowThreads(s *Server, target, start float64, p *Person, cores int, bn *BitNodeMults) float64 {
	if s.ServerGrowth == 0 || math.IsNaN(s.ServerGrowth) {
		return math.Inf(1)
	}
	if start < 0 {
		start = 0
	}
	if target > s.MoneyMax {
		target = s.MoneyMax
	}
	if target <= start {
		return 0
	}
	k := GrowthLog(s, 1, p, cores, bn)
	x := (target - start) / (1 + (target*(1.0/16)+start*(15.0/16))*k)
	var diff float64
	for i := 0; i < 100; i++ {
		ox := start + x
		nx := (x - ox*jsLog(ox/target)) / (1 + ox*k)
		diff = nx - x
		x = nx
		if diff >= -1 && diff <= 1 {
			break
		}
	}
	c := math.Ceil(x)
	if c-x > 0.999999 {
		f := c - 1
		if target <= (start+f)*jsExp(k*f) {
			return f
		}
	}
	if c >= x+(math.Abs(diff)+0.000001) {
		return c
	}
	if target <= (start+c)*jsExp(k*c) {
		return c
	}
	return c + 1
}

// WeakenEffect is the security one weaken of the given threads removes
// before clamping: 0.05·t·CoreBonus(c)·BN.ServerWeakenRate.
func WeakenEffect(threads float64, cores int, bn *BitNodeMults) float64 {
	return WeakenSecurityPerThread * threads * CoreBonus(cores) * bn.ServerWeakenRate
}

// SkillFromExp is the game's calculateSkill: the level reached with exp
// experience under the level multiplier mult (for hacking,
// Mults.Hacking·BN.HackingLevelMultiplier). It is at least 1.
func SkillFromExp(exp, mult float64) int {
	v := math.Floor(mult * (32*jsLog(exp+534.6) - 200))
	if math.IsNaN(v) || v < 1 {
		return 1
	}
	if v >= math.MaxInt64 {
		return math.MaxInt64
	}
	return int(v)
}

// ExpForSkill is the game's calculateExp: the naive inverse of SkillFromExp,
// max(0, exp((skill/mult + 200)/32) − 534.6). For mult ≠ 1 it can fall an
// ulp short of the level; see ExpForSkillExact.
func ExpForSkill(skill int, mult float64) float64 {
	return math.Max(0, jsExp((float64(skill)/mult+200)/32)-534.6)
}

// ExpForSkillExact is the smallest double x ≥ ExpForSkill(skill, mult) with
// SkillFromExp(x, mult) ≥ skill: the exp that really reaches the level.
// It is +Inf when no finite exp does.
func ExpForSkillExact(skill int, mult float64) float64 {
	x := ExpForSkill(skill, mult)
	if math.IsNaN(x) || SkillFromExp(x, mult) >= skill {
		return x
	}
	// SkillFromExp is monotone in x and, for non-negative doubles, so is the
	// bit pattern: binary-search the bits between x and an upper bound.
	hi := math.Max(x, 1)
	for SkillFromExp(hi, mult) < skill {
		if math.IsInf(hi, 1) {
			return hi
		}
		hi *= 2
	}
	lo, up := math.Float64bits(x), math.Float64bits(hi) // level(lo) < skill ≤ level(up)
	for up-lo > 1 {
		mid := lo + (up-lo)/2
		if SkillFromExp(math.Float64frombits(mid), mult) >= skill {
			up = mid
		} else {
			lo = mid
		}
	}
	return math.Float64frombits(up)
}
