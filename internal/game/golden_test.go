package game

import (
	"math"
	"testing"
)

// TestGoldenValues checks the hand-picked values of MECHANICS §2.9 (2.6.1,
// BitNode 1, all multipliers 1, intelligence 0).
func TestGoldenValues(t *testing.T) {
	bn := DefaultBitNodeMults()
	player := func(level, intel int) *Person {
		return &Person{Hacking: level, Intelligence: intel, Mults: DefaultMultipliers()}
	}
	synthetic := func(sec float64) *Server {
		return &Server{HackDifficulty: sec, ServerGrowth: 100, MoneyAvailable: 1e6, MoneyMax: 1e12}
	}
	n00dles := &Server{HasAdminRights: true, RequiredHackingSkill: 1, HackDifficulty: 1, BaseDifficulty: 1}
	joesguns := &Server{HasAdminRights: true, RequiredHackingSkill: 10, HackDifficulty: 5, BaseDifficulty: 15,
		ServerGrowth: 20, MoneyMax: 62.5e6}
	n00dlesGrow := &Server{HackDifficulty: 1, ServerGrowth: 3000, MoneyMax: 1.75e6}
	silverHelix := &Server{HackDifficulty: 30, ServerGrowth: 30, MoneyMax: 1.125e9}

	tests := []struct {
		name      string
		got, want float64
	}{
		{"grow factor sec 5, 1 thread", GrowthFactor(synthetic(5), 1, player(1, 0), 1, &bn), 1.0035},
		{"grow factor sec 5, 2 threads", GrowthFactor(synthetic(5), 2, player(1, 0), 1, &bn), 1.00701225},
		{"grow factor sec 10, 1 thread", GrowthFactor(synthetic(10), 1, player(1, 0), 1, &bn), 1.003},
		{"grow factor sec 10, 2 threads", GrowthFactor(synthetic(10), 2, player(1, 0), 1, &bn), 1.006009},
		{"grow factor sec 10, 3 threads", GrowthFactor(synthetic(10), 3, player(1, 0), 1, &bn), 1.009027027},
		{"grow factor sec 10, 4 threads", GrowthFactor(synthetic(10), 4, player(1, 0), 1, &bn), 1.012054108081},
		{"n00dles chance L1", HackChance(n00dles, player(1, 0), V261), 0.42428571428571427},
		{"n00dles pct L1", HackPercent(n00dles, player(1, 0), &bn), 0.004125},
		{"n00dles hack time L1", HackTime(n00dles, player(1, 0), &bn), 49.26470588235294},
		{"n00dles exp", HackExp(n00dles, player(1, 0), &bn), 3.3},
		{"joesguns chance L100", HackChance(joesguns, player(100, 0), V261), 0.8957142857142857},
		{"joesguns pct L100", HackPercent(joesguns, player(100, 0), &bn), 0.003602083333333333},
		{"joesguns hack time L100", HackTime(joesguns, player(100, 0), &bn), 20.833333333333336},
		{"intBonus 100", IntBonus(100, 1), 1.0663511950922495},
		{"joesguns chance L100 I100", HackChance(joesguns, player(100, 100), V261), 0.9551459990326292},
		{"joesguns grow threads 31.25m→62.5m", GrowThreads(joesguns, 62.5e6, 31.25e6, player(1, 0), 1, &bn), 992},
		{"joesguns simple grow threads ×2", GrowThreadsSimple(joesguns, 2, player(1, 0), 1, &bn), 991.9421168195983},
		{"n00dles grow threads from $0", GrowThreads(n00dlesGrow, 1.75e6, 0, player(1, 0), 1, &bn), 94},
		{"silver-helix grow threads, 4 cores", GrowThreads(silverHelix, 1.125e9, 11.25e6, player(1, 0), 4, &bn), 12931},
		{"W(7, 2)", WeakenEffect(7, 2, &bn), 0.371875},
		{"X(2)", ExpForSkill(2, 1), 16.82178150783875},
		{"X(100)", ExpForSkill(100, 1), 11255.317546552918},
		{"level at exp 1000", float64(SkillFromExp(1000, 1)), 34},
	}
	for _, tt := range tests {
		if tt.got != tt.want && math.Abs(tt.got-tt.want) > 1e-12*math.Abs(tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

// TestVersionDifferences checks where V3 departs from V261.
func TestVersionDifferences(t *testing.T) {
	s := &Server{HasAdminRights: true, RequiredHackingSkill: 1, HackDifficulty: 1}
	p := &Person{Hacking: 0, Mults: DefaultMultipliers()}
	if got := HackChance(s, p, V3); got != 0 {
		// skillMult clamped to 1: (1−1)/1 = 0.
		t.Errorf("V3 chance at level 0 = %v, want 0", got)
	}
	if got := HackChance(s, p, V261); !math.IsNaN(got) && got != 0 {
		t.Errorf("V261 chance at level 0 = %v", got)
	}
	if a, b := HacknetLevelCost(1, 1, 1, V261), HacknetLevelCost(1, 1, 1, V3); a != 520 || b != 500 {
		t.Errorf("level cost 1→2: 2.6.1 %v, v3 %v; want 520, 500", a, b)
	}
	if got := HacknetLevelCost(199, 2, 1, V3); !math.IsInf(got, 1) {
		t.Errorf("v3 level cost past the maximum = %v, want +Inf", got)
	}
	if got := HacknetLevelCost(199, 2, 1, V261); math.IsInf(got, 0) {
		t.Errorf("2.6.1 level cost past the maximum = %v, want finite", got)
	}
}

// TestExpForSkillExact checks that the exact inverse reaches the level and
// is the smallest such double, for multipliers where the naive inverse
// falls short.
func TestExpForSkillExact(t *testing.T) {
	short := 0
	for _, mult := range []float64{1, 1.3, 0.35, 0.8, 2.5, 0.9803921568627451} {
		for level := 1; level <= 3000; level++ {
			x := ExpForSkillExact(level, mult)
			if SkillFromExp(x, mult) < level {
				t.Fatalf("mult %v level %d: SkillFromExp(%v) = %d", mult, level, x, SkillFromExp(x, mult))
			}
			naive := ExpForSkill(level, mult)
			if x < naive {
				t.Fatalf("mult %v level %d: %v below the naive %v", mult, level, x, naive)
			}
			if x > naive {
				short++
				if below := math.Nextafter(x, 0); below >= naive && SkillFromExp(below, mult) >= level {
					t.Fatalf("mult %v level %d: %v is not the smallest", mult, level, x)
				}
			}
		}
	}
	if short == 0 {
		t.Error("the naive inverse never fell short: the test checks nothing")
	}
}

func TestServerClampSecurity(t *testing.T) {
	for _, c := range []struct{ sec, min, want float64 }{
		{0.5, 0, 1}, {0.5, 3, 3}, {150, 3, 100}, {50, 3, 50}, {2, 3, 3}, {100, 120, 100},
	} {
		s := Server{HackDifficulty: c.sec, MinDifficulty: c.min}
		s.ClampSecurity()
		if s.HackDifficulty != c.want {
			t.Errorf("clamp(%v, min %v) = %v, want %v", c.sec, c.min, s.HackDifficulty, c.want)
		}
	}
}

func TestParseVersion(t *testing.T) {
	for s, want := range map[string]Version{"": V3, "3": V3, "v3": V3, "3.0.2": V3, "2.6.1": V261, "v2.6": V261} {
		if got, err := ParseVersion(s); err != nil || got != want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, bad := range []string{"4", "2.7", "x"} {
		if _, err := ParseVersion(bad); err == nil {
			t.Errorf("ParseVersion(%q): no error", bad)
		}
	}
	if V3.String() != "3" || V261.String() != "2.6.1" {
		t.Error("Version.String")
	}
}
