package scenario

import (
	"math"
	"strings"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

func TestWhatIfApplyAndCost(t *testing.T) {
	mid, err := Load("mid")
	if err != nil {
		t.Fatal(err)
	}
	mid.Purchased = nil
	bn, _ := game.BitNodeMultipliers(1, 1)
	tests := []struct {
		flags string
		c     WhatIf
		check func(Scenario) bool
		money float64
	}{
		{"--add-servers 25x1TB", WhatIf{AddServers: []Servers{{RAM: RAM(1024 * game.GiB), Count: 25}}},
			func(s Scenario) bool { return len(s.Purchased) == 1 && s.Purchased[0].Count == 25 },
			25 * 1024 * 55000},
		{"--home-ram 4TB", WhatIf{HomeRAM: 4096 * game.GiB},
			func(s Scenario) bool { return s.HomeRAM() == 4096*game.GiB && s.HomeCores() == 4 },
			game.HomeRAMUpgradeCost(1024, &bn) + game.HomeRAMUpgradeCost(2048, &bn)},
		{"--home-cores 6", WhatIf{HomeCores: 6},
			func(s Scenario) bool { return s.HomeCores() == 6 },
			1e9*math.Pow(7.5, 4) + 1e9*math.Pow(7.5, 5)},
		{"--home-cores 2", WhatIf{HomeCores: 2}, // smaller costs nothing
			func(s Scenario) bool { return s.HomeCores() == 2 }, 0},
		{"--openers all", WhatIf{Openers: world.AllPrograms()},
			func(s Scenario) bool { return len(s.Player.Openers) == 5 }, 250e6},
		{"--openers none", WhatIf{Openers: []world.Program{}},
			func(s Scenario) bool { return len(s.Player.Openers) == 0 }, 0},
		{"--hacking 800", WhatIf{Hacking: 800},
			func(s Scenario) bool { return s.Player.Hacking == 800 && s.Player.Exp == 0 }, 0},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.flags {
			t.Errorf("String() = %q, want %q", got, tt.flags)
		}
		s, err := tt.c.Apply(mid)
		if err != nil {
			t.Errorf("%s: %v", tt.flags, err)
			continue
		}
		if !tt.check(s) {
			t.Errorf("%s: applied %+v", tt.flags, s)
		}
		cost, err := tt.c.Cost(mid)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(cost.Money-tt.money) > 1e-9*tt.money {
			t.Errorf("%s: costs %v, want %v (%+v)", tt.flags, cost.Money, tt.money, cost.Items)
		}
	}
	// The exp to climb from 500 to 800 is the difference of the exact exps.
	c, _ := WhatIf{Hacking: 800}.Cost(mid)
	if want := game.ExpForSkillExact(800, 1) - game.ExpForSkillExact(500, 1); c.Exp != want {
		t.Errorf("exp %v, want %v", c.Exp, want)
	}
	// The original is untouched.
	if mid.Home.Cores != 4 || mid.Purchased != nil || mid.Player.Hacking != 500 {
		t.Errorf("Apply changed its argument: %+v", mid)
	}
}

func TestWhatIfErrors(t *testing.T) {
	mid, _ := Load("mid") // 25 purchased servers already
	for _, tt := range []struct {
		c    WhatIf
		want string
	}{
		{WhatIf{AddServers: []Servers{{RAM: RAM(8 * game.GiB), Count: 1}}}, "26 purchased servers in all, BitNode 1 allows 25"},
		{WhatIf{HomeRAM: 3 * game.GiB}, "--home-ram 3GB"},
		{WhatIf{HomeCores: 9}, "--home-cores 9"},
		{WhatIf{Hacking: -1}, "--hacking -1"},
	} {
		if _, err := tt.c.Apply(mid); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.c, err, tt.want)
		}
	}
	for _, bad := range []string{"25", "x1TB", "0x1TB", "3x3GB", "2x", "ax8GB"} {
		if _, err := ParseServers(bad); err == nil {
			t.Errorf("ParseServers(%q) accepted", bad)
		}
	}
	if g, err := ParseServers("25X1tb"); err != nil || g.Count != 25 || game.RAM(g.RAM) != 1024*game.GiB {
		t.Errorf("ParseServers(25X1tb) = %+v, %v", g, err)
	}
	for _, bad := range []string{"Nope", "BruteSSH,brutessh.exe"} {
		if _, err := ParseOpeners(bad); err == nil {
			t.Errorf("ParseOpeners(%q) accepted", bad)
		}
	}
}
