package game

import (
	"math"
	"testing"
)

// TestCostExamples checks the worked examples of MECHANICS §6 and §9.1 and
// the hacknet-server formulas, which the vectors do not cover.
func TestCostExamples(t *testing.T) {
	bn1 := DefaultBitNodeMults()
	bn9, _ := BitNodeMultipliers(9, 1)
	bn10, _ := BitNodeMultipliers(10, 1)
	inf := math.Inf(1)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"8GB server", PurchasedServerCost(8, &bn1), 440000},
		{"1TB server", PurchasedServerCost(1024, &bn1), 56.32e6},
		{"2^20 GB server", PurchasedServerCost(1<<20, &bn1), 57671680000},
		{"2^21 GB server", PurchasedServerCost(1<<21, &bn1), inf},
		{"3GB server", PurchasedServerCost(3, &bn1), inf},
		{"1.4GB rounds to 1", PurchasedServerCost(1.4, &bn1), 55000},
		{"limit BN1", float64(PurchasedServerLimit(&bn1)), 25},
		{"limit BN9", float64(PurchasedServerLimit(&bn9)), 0},
		{"limit BN10", float64(PurchasedServerLimit(&bn10)), 15},
		{"max RAM BN10", PurchasedServerMaxRAM(&bn10), 1 << 19},
		{"home 8→16", HomeRAMUpgradeCost(8, &bn1), 1009743.8720000001},
		{"first core", HomeCoreUpgradeCost(1), 7.5e9},
		{"new node rate", HacknetMoneyRate(1, 1, 1, 1, &bn1), 1.5},
		{"first node", HacknetNodeCost(1, 1), 1000},
		{"no node", HacknetNodeCost(0, 1), 0},
		{"RAM at max", HacknetRAMCost(64, 1, 1), inf},
		{"cores at max", HacknetCoreCost(16, 1, 1), inf},
		{"zero levels", HacknetLevelCost(5, 0, 1, V3), 0},
		{"hash rate", HacknetHashRate(1, 0, 1, 1, 1, &bn1), 0.001},
		{"hash rate half used", HacknetHashRate(10, 32, 64, 3, 1, &bn1), 0.001 * 10 * math.Pow(1.07, 6) * 1.4 * 0.5},
		{"first hacknet server", HacknetServerCost(1, 1), 50000},
		{"second hacknet server", HacknetServerCost(2, 1), 160000},
		{"21st hacknet server", HacknetServerCost(21, 1), inf},
		{"server level 1→2", HacknetServerLevelCost(1, 1, 1), 550000},
		{"server level at max", HacknetServerLevelCost(300, 1, 1), inf},
		{"server RAM 1→2", HacknetServerRAMCost(1, 1, 1), 200000},
		{"server RAM 2→8", HacknetServerRAMCost(2, 2, 1), 2*200000*1.4 + 4*200000*1.4*1.4},
		{"server core 1→2", HacknetServerCoreCost(1, 1, 1), 1e6},
		{"server cache 1→3", HacknetServerCacheCost(1, 2, 1), 1e7 + 1e7*1.85},
		{"server cache at max", HacknetServerCacheCost(15, 1, 1), inf},
	}
	for _, tt := range tests {
		if tt.got != tt.want && math.Abs(tt.got-tt.want) > 1e-12*math.Abs(tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

// TestHugePurchasesTerminate checks that absurd level counts (from a
// malformed row, say) end quickly with the game's answer.
func TestHugePurchasesTerminate(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"levels", HacknetLevelCost(1, 1<<40, 1, V261), inf},
		{"levels from far below", HacknetLevelCost(-1<<40, 1<<40+10, 1, V261), 500 * math.Pow(1.04, 9) / (1 - 1/1.04)}, // Σ 1.04^e, e ≤ 9
		{"cores", HacknetCoreCost(-1<<40, 1<<41, 1), inf},
		{"RAM from 0", HacknetRAMCost(0, 1<<40, 1), 0},
		{"RAM", HacknetRAMCost(1, 1<<40, 1), inf},
		{"server RAM", HacknetServerRAMCost(1, 1<<40, 1), inf},
		{"server levels", HacknetServerLevelCost(1, 1<<40, 1), inf},
		{"cache", HacknetServerCacheCost(-1<<40, 1<<41, 1), inf},
	} {
		if c.got != c.want && math.Abs(c.got-c.want) > 1e-12*c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestBitNodeLevelOnlyMattersIn12(t *testing.T) {
	for n := 1; n <= 14; n++ {
		a, _ := BitNodeMultipliers(n, 1)
		b, _ := BitNodeMultipliers(n, 3)
		if (a == b) == (n == 12) {
			t.Errorf("BitNode %d: levels 1 and 3 equal: %v", n, a == b)
		}
	}
}

func TestHashHelpers(t *testing.T) {
	for _, tc := range []struct {
		cache int
		want  float64
	}{{1, 64}, {2, 128}, {15, 32 << 15}} {
		if got := HacknetServerHashCapacity(tc.cache); got != tc.want {
			t.Errorf("HacknetServerHashCapacity(%d) = %v, want %v", tc.cache, got, tc.want)
		}
	}
	for _, tc := range []struct {
		host string
		want bool
	}{{"hacknet-server-0", true}, {"hacknet-server-19", true}, {"hacknet-node-0", false}, {"home", false}, {"pserv-hacknet-server-1", false}} {
		if got := IsHacknetServer(tc.host); got != tc.want {
			t.Errorf("IsHacknetServer(%q) = %v, want %v", tc.host, got, tc.want)
		}
	}
	for _, tc := range []struct {
		bn, sf9 int
		want    bool
	}{{9, 0, true}, {1, 1, true}, {1, 0, false}, {4, 3, true}} {
		if got := HasHacknetServers(tc.bn, tc.sf9); got != tc.want {
			t.Errorf("HasHacknetServers(%d, %d) = %v, want %v", tc.bn, tc.sf9, got, tc.want)
		}
	}
}
