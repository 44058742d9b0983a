package js

import (
	"testing"

	"bbctl/internal/game"
)

// TestStocksModuleRAM: the stocks module costs 29.90 GB as the game counts
// it, on both versions (each names the other's has* calls, which cost
// nothing there); docs/live.md states it.
func TestStocksModuleRAM(t *testing.T) {
	checkModuleRAM(t, "stocks.js", Stocks, map[game.Version]game.RAM{game.V261: 2990, game.V3: 2990})
}
