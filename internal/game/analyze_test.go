package game

import (
	"math"
	"testing"
)

func TestAnalyzeWrappers(t *testing.T) {
	bn := DefaultBitNodeMults()
	p := &Person{Hacking: 10, Mults: DefaultMultipliers()}
	n00dles := func(money float64) *Server {
		return &Server{HasAdminRights: true, RequiredHackingSkill: 1, HackDifficulty: 1, MinDifficulty: 1,
			BaseDifficulty: 1, ServerGrowth: 3000, MoneyAvailable: money, MoneyMax: 1.75e6}
	}
	full := n00dles(1.75e6)
	pct := HackPercent(full, p, &bn) // 0.004125 at level 10
	tests := []struct {
		name      string
		got, want float64
	}{
		{"threads for 10%", HackAnalyzeThreads(full, 175000, p, &bn), 175000 / (1.75e6 * pct)},
		{"threads for nothing", HackAnalyzeThreads(full, 0, p, &bn), 0},
		{"threads for more than there is", HackAnalyzeThreads(full, 2e6, p, &bn), -1},
		{"threads for a negative amount", HackAnalyzeThreads(full, -1, p, &bn), -1},
		{"threads on an empty server", HackAnalyzeThreads(n00dles(0), 1, p, &bn), -1},
		{"hack security, no host", HackAnalyzeSecurity(1000, nil, p, &bn), 2},
		{"hack security, capped", HackAnalyzeSecurity(1000, full, p, &bn), HackSecurityPerThread * math.Ceil(1/pct)},
		{"hack security, under the cap", HackAnalyzeSecurity(10, full, p, &bn), 0.02},
		{"grow security, no host", GrowthAnalyzeSecurity(100, nil, p, 1, &bn), 0.4},
		{"grow security, full server", GrowthAnalyzeSecurity(100, full, p, 1, &bn), 0},
		{"grow security, from $0", GrowthAnalyzeSecurity(1000, n00dles(0), p, 1, &bn), 0.004 * 94},
	}
	for _, tt := range tests {
		if tt.got != tt.want && math.Abs(tt.got-tt.want) > 1e-12*math.Abs(tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	// The hack's own security step agrees with HackAnalyzeSecurity.
	s := *full
	s.Hack(1000, true, p, &bn)
	if got := s.HackDifficulty - full.HackDifficulty; math.Abs(got-HackAnalyzeSecurity(1000, full, p, &bn)) > 1e-12 {
		t.Errorf("hack added %v security, analysis says %v", got, HackAnalyzeSecurity(1000, full, p, &bn))
	}
}
