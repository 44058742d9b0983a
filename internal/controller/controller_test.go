package controller

import (
	"strings"
	"testing"

	"bbctl/internal/game"
)

func TestClassify(t *testing.T) {
	c, err := New(Config{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	base := game.Server{HackDifficulty: 5, MinDifficulty: 5, MoneyAvailable: 100, MoneyMax: 100}
	tests := []struct {
		name   string
		change func(*game.Server)
		want   Phase
	}{
		{"prepared", func(*game.Server) {}, Harvest},
		{"security above minimum", func(s *game.Server) { s.HackDifficulty = 5.01 }, Till},
		{"both off: till first", func(s *game.Server) { s.HackDifficulty = 7; s.MoneyAvailable = 1 }, Till},
		{"money below maximum", func(s *game.Server) { s.MoneyAvailable = 99 }, Sow},
		{"money within tolerance", func(s *game.Server) { s.MoneyAvailable = 99.95 }, Harvest},
		{"empty", func(s *game.Server) { s.MoneyAvailable = 0 }, Sow},
	}
	for _, tt := range tests {
		s := base
		tt.change(&s)
		if got := c.classify(&s); got != tt.want {
			t.Errorf("%s: classify = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestTagRoundTrip(t *testing.T) {
	for _, tg := range []tag{
		{epoch: "0", seq: 1, kind: harvestBatch, role: roleHack},
		{epoch: "lq3x", seq: 123456789, kind: prepBatch, role: roleWeaken2},
		{epoch: "z", seq: 0, kind: harvestBatch, role: roleGrow},
	} {
		got, err := parseTag(tg.String())
		if err != nil || got != tg {
			t.Errorf("parseTag(%q) = %+v, %v; want %+v", tg.String(), got, err, tg)
		}
	}
	for _, s := range []string{"", "bb", "bb:1:2", "xx:1:2:hh", "bb::2:hh", "bb:1:x:hh", "bb:1:2:", "bb:1:2:qh", "bb:1:2:hx", "bb:1:2:hw3", "bb:1:2:hh:extra"} {
		if _, err := parseTag(s); err == nil {
			t.Errorf("parseTag(%q) accepted", s)
		}
	}
}

func FuzzParseTag(f *testing.F) {
	f.Add("bb:lq3x:17:hw1")
	f.Add("bb:0:1:pg")
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := parseTag(s)
		if err != nil {
			return
		}
		if again, err := parseTag(tg.String()); err != nil || again != tg {
			t.Fatalf("re-parsing %q: %+v, %v", tg.String(), again, err)
		}
	})
}

func TestConfigValidation(t *testing.T) {
	for _, cfg := range []Config{
		{SpacingMS: -1}, {MaxProcesses: 2}, {CapacityFactor: 1.5}, {PlanStep: 0.5},
		{MoneyTolerance: 1}, {SecurityTolerance: -1}, {Strategy: 9}, {LaunchJitterMS: -5}, {HorizonMS: -1},
	} {
		if _, err := New(cfg, 0); err == nil || !strings.Contains(err.Error(), "controller:") {
			t.Errorf("New(%+v) = %v, want a controller error", cfg, err)
		}
	}
}

func TestStrategyName(t *testing.T) {
	if harvestBatch.String() != "harvest" || prepBatch.String() != "prep" {
		t.Error("batch kind names")
	}
	for p, want := range map[Phase]string{Pending: "pending", Till: "till", Sow: "sow", Harvest: "harvest"} {
		if p.String() != want {
			t.Errorf("%d: %q", p, p.String())
		}
	}
}
