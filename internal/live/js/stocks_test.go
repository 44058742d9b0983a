package js

import (
	"testing"

	"bbctl/internal/game"
)

// TestStocksModuleRAM: the stocks module costs 29.90 GB as the game counts
// it, on both versions (each names the other's has* calls, which cost
// nothing there); docs/live.md states it.
func TestStocksModuleRAM(t *testing.T) {
	src, err := Stocks("ws://127.0.0.1:12525/agent", "tok")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []game.Version{game.V261, game.V3} {
		got, charges, err := game.ScriptRAM(src, v)
		if err != nil {
			t.Fatal(err)
		}
		if got != 2990 {
			t.Errorf("version %v: stocks.js costs %v, want 29.90GB; charges %v", v, got, charges)
		}
	}
	if _, err := Stocks("http://x", "tok"); err == nil {
		t.Error("a non-WebSocket URL accepted")
	}
}
