package js

import (
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

// TestSingularityModuleRAM: the singularity module costs what the game
// charges at each Source-File 4 level — 161.6 GB at level 1 (its four
// purchases at 16 times 2 and 3 GB), 41.6 GB at level 2, 11.6 GB at level 3
// and in BitNode 4 — on both versions. docs/live.md states it.
func TestSingularityModuleRAM(t *testing.T) {
	all := checkModuleRAM(t, "singularity.js", Singularity, map[game.Version]game.RAM{game.V261: 16160, game.V3: 16160})
	for v, charges := range all {
		for level, want := range map[int]game.RAM{1: 16160, 2: 4160, 3: 1160} {
			if r := game.AtSingularity(charges, level); r != want {
				t.Errorf("version %v, Source-File 4.%d: %v, want %v", v, level, r, want)
			}
		}
	}
}
