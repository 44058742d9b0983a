package js

import (
	"testing"

	"bbctl/internal/game"
)

// TestEconomyModuleRAM: the economy module costs 11.05 GB on 2.x (the
// hacknet identifier 4 GB, the purchased-server calls) and 9.85 GB on 3.x
// (ns.cloud, each hacknet function 0.5 GB), as the game counts it; each
// version's names cost nothing in the other. docs/live.md states it.
func TestEconomyModuleRAM(t *testing.T) {
	src, err := Economy("ws://127.0.0.1:12525/agent", "tok")
	if err != nil {
		t.Fatal(err)
	}
	for v, want := range map[game.Version]game.RAM{game.V261: 1105, game.V3: 985} {
		got, charges, err := game.ScriptRAM(src, v)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("version %v: economy.js costs %v, want %v; charges %v", v, got, want, charges)
		}
	}
	if _, err := Economy("http://x", "tok"); err == nil {
		t.Error("a non-WebSocket URL accepted")
	}
}

// TestSingularityModuleRAM: the singularity module costs what the game
// charges at each Source-File 4 level — 161.6 GB at level 1 (its four
// purchases at 16 times 2 and 3 GB), 41.6 GB at level 2, 11.6 GB at level 3
// and in BitNode 4 — on both versions. docs/live.md states it.
func TestSingularityModuleRAM(t *testing.T) {
	src, err := Singularity("ws://127.0.0.1:12525/agent", "tok")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []game.Version{game.V261, game.V3} {
		got, charges, err := game.ScriptRAM(src, v)
		if err != nil {
			t.Fatal(err)
		}
		if got != 16160 {
			t.Errorf("version %v: singularity.js costs %v, want 161.6GB; charges %v", v, got, charges)
		}
		for level, want := range map[int]game.RAM{1: 16160, 2: 4160, 3: 1160} {
			if r := game.AtSingularity(charges, level); r != want {
				t.Errorf("version %v, Source-File 4.%d: %v, want %v", v, level, r, want)
			}
		}
	}
}
