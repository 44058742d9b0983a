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
