package js

import (
	"strings"
	"testing"

	"bbctl/internal/game"
)

// TestEconomyModuleRAM: the economy module costs 11.05 GB on 2.x (the
// hacknet identifier 4 GB, the purchased-server calls) and 10.85 GB on 3.x
// (ns.cloud, each hacknet function 0.5 GB), as the game counts it; each
// version's names cost nothing in the other. docs/live.md states it.
func TestEconomyModuleRAM(t *testing.T) {
	checkModuleRAM(t, "economy.js", Economy, map[game.Version]game.RAM{game.V261: 1105, game.V3: 1085})
}

// TestSingularityModuleRAM: each purchase's singularity module costs what
// the game charges at each Source-File 4 level — the 1.6 GB base and its
// one function (purchaseTor and purchaseProgram 2 GB, upgradeHomeRam and
// upgradeHomeCores 3 GB) at 16 times at level 1, 4 times at level 2, once
// at level 3 and in BitNode 4: 33.6 / 9.6 / 3.6 GB and 49.6 / 13.6 / 4.6
// GB — on both versions, and names no other Singularity function (the
// game would charge it). docs/live.md states it.
func TestSingularityModuleRAM(t *testing.T) {
	cases := []struct {
		shop Shop
		want [4]game.RAM // at Source-File 4.1, 4.2, 4.3
	}{
		{ShopTOR, [4]game.RAM{1: 3360, 2: 960, 3: 360}},
		{ShopProgram, [4]game.RAM{1: 3360, 2: 960, 3: 360}},
		{ShopHomeRAM, [4]game.RAM{1: 4960, 2: 1360, 3: 460}},
		{ShopHomeCores, [4]game.RAM{1: 4960, 2: 1360, 3: 460}},
	}
	if len(cases) != len(Shops()) {
		t.Fatalf("%d shops, %d cases", len(Shops()), len(cases))
	}
	for _, c := range cases {
		build := func(url, token string) (string, error) { return Singularity(c.shop, url, token) }
		all := checkModuleRAM(t, c.shop.Script(), build, map[game.Version]game.RAM{game.V261: c.want[1], game.V3: c.want[1]})
		for v, charges := range all {
			for level := 1; level <= 3; level++ {
				if r := game.AtSingularity(charges, level); r != c.want[level] {
					t.Errorf("%s, version %v, Source-File 4.%d: %v, want %v", c.shop.Script(), v, level, r, c.want[level])
				}
			}
			for _, ch := range charges {
				if strings.HasPrefix(ch.Name, "singularity.") && ch.Name != "singularity."+c.shop.Fn() {
					t.Errorf("%s, version %v: charged %s", c.shop.Script(), v, ch.Name)
				}
			}
		}
		src, err := Singularity(c.shop, "ws://127.0.0.1:12525/agent", "tok")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(src, `const MODULE = "`+c.shop.Module()+`";`) || strings.Contains(src, "__BBCTL_") {
			t.Errorf("%s: template not filled in", c.shop.Script())
		}
		for _, other := range Shops() {
			if other != c.shop && strings.Contains(src, other.Fn()) {
				t.Errorf("%s names %s", c.shop.Script(), other.Fn())
			}
		}
	}
	if _, err := Singularity(Shop(0), "ws://127.0.0.1:12525/agent", "tok"); err == nil {
		t.Error("an unknown shop: no error")
	}
}
