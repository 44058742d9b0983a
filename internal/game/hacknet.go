package game

import (
	"math"
	"strings"
)

// Hacknet node limits (MECHANICS §9.1).
const (
	HacknetNodeMaxLevel = 200
	HacknetNodeMaxRAM   = 64 // GB
	HacknetNodeMaxCores = 16
)

// Hacknet server limits (MECHANICS §9.1).
const (
	HacknetServerMaxLevel = 300
	HacknetServerMaxRAM   = 8192 // GB
	HacknetServerMaxCores = 128
	HacknetServerMaxCache = 15
	HacknetServerMaxCount = 20
)

// Hash sales: the hash upgrade "Sell for Money" trades HashesPerSale
// hashes for MoneyPerSale dollars, at a price that never rises. The game
// also sells, at this rate, the hashes that would overflow the capacity.
const (
	HashesPerSale = 4
	MoneyPerSale  = 1e6
)

// HacknetServerPrefix begins every hacknet server's hostname: the game
// names the n-th "hacknet-server-<n−1>".
const HacknetServerPrefix = "hacknet-server-"

// IsHacknetServer reports whether host is named as the game names hacknet
// servers. The game's getServer does not say it otherwise.
func IsHacknetServer(host string) bool { return strings.HasPrefix(host, HacknetServerPrefix) }

// HasHacknetServers reports whether hacknet servers replace hacknet nodes:
// in BitNode 9, or with Source-File 9 at any level.
func HasHacknetServers(bitNode, sourceFile9 int) bool { return bitNode == 9 || sourceFile9 > 0 }

// HacknetServerHashCapacity is the hashes a hacknet server at cache level
// cache can store: 32·2^cache.
func HacknetServerHashCapacity(cache int) float64 { return 32 * math.Pow(2, float64(cache)) }

// HacknetMoneyRate is the $/s a hacknet node of the given level, RAM (GB)
// and cores makes; mult is the player's hacknet_node_money multiplier.
func HacknetMoneyRate(level int, ram float64, cores int, mult float64, bn *BitNodeMults) float64 {
	levelMult := float64(level) * 1.5
	ramMult := jsPow(1.035, ram-1)
	coresMult := float64(cores+5) / 6
	return levelMult * ramMult * coresMult * mult * bn.HacknetNodeMoney
}

// HacknetLevelCost is the price of levels more levels for a node at level
// start. V261 prices level i at 1.04^(start+i); V3 (and 2.6.2 on) at
// 1.04^(start−1+i), and V3 also refuses (+Inf) to go past the maximum level.
// It is 0 for levels < 1 and +Inf from the maximum on.
func HacknetLevelCost(start, levels int, costMult float64, v Version) float64 {
	shift := 0
	if v >= V3 {
		shift = -1
	}
	return hacknetLevelCost(start, levels, costMult, shift, v >= V3)
}

// hacknetLevelCost prices levels with exponent start+shift+i; strict refuses
// purchases that end above the maximum level (v3 #2696).
func hacknetLevelCost(start, levels int, costMult float64, shift int, strict bool) float64 {
	if levels < 1 {
		return 0
	}
	if start >= HacknetNodeMaxLevel || (strict && start+levels > HacknetNodeMaxLevel) {
		return math.Inf(1)
	}
	return 500 * powSum(1, 1.04, start+shift, levels) * costMult
}

// HacknetRAMCost is the price of levels RAM doublings of a node with
// startRAM GB.
func HacknetRAMCost(startRAM float64, levels int, costMult float64) float64 {
	if levels < 1 {
		return 0
	}
	if startRAM >= HacknetNodeMaxRAM {
		return math.Inf(1)
	}
	total := 0.0
	n := jsRound(math.Log2(startRAM))
	ram := startRAM
	for i := 0; i < levels && total <= math.MaxFloat64; i++ { // stop once +Inf
		total += ram * 30000 * jsPow(1.28, n)
		ram *= 2
		n++
		if ram == 0 {
			break // every further term is 0 too
		}
	}
	return total * costMult
}

// HacknetCoreCost is the price of levels more cores for a node with start
// cores.
func HacknetCoreCost(start, levels int, costMult float64) float64 {
	return sumCost(start, levels, HacknetNodeMaxCores, 500000, 1.48, costMult)
}

// HacknetNodeCost is the price of the n-th node (n = nodes owned + 1); 0 for
// n ≤ 0. mult is the player's hacknet_node_purchase_cost multiplier.
func HacknetNodeCost(n int, mult float64) float64 {
	if n <= 0 {
		return 0
	}
	return 1000 * jsPow(1.85, float64(n-1)) * mult
}

// HacknetHashRate is the hashes per second a hacknet server (SF9, BN9)
// makes; mult is the player's hacknet_node_money multiplier.
func HacknetHashRate(level int, ramUsed, maxRAM float64, cores int, mult float64, bn *BitNodeMults) float64 {
	base := 0.001 * float64(level)
	ramMult := jsPow(1.07, math.Log2(maxRAM))
	coreMult := 1 + float64(cores-1)/5
	ramRatio := 1 - ramUsed/maxRAM
	return base * ramMult * coreMult * ramRatio * mult * bn.HacknetNodeMoney
}

// HacknetServerCost is the price of the n-th hacknet server; +Inf past the
// limit of 20.
func HacknetServerCost(n int, mult float64) float64 {
	if n <= 0 {
		return 0
	}
	if n-1 >= HacknetServerMaxCount {
		return math.Inf(1)
	}
	return 50000 * jsPow(3.2, float64(n-1)) * mult
}

// HacknetServerLevelCost is the price of levels more levels for a hacknet
// server at level start.
func HacknetServerLevelCost(start, levels int, costMult float64) float64 {
	if levels < 1 {
		return 0
	}
	if start >= HacknetServerMaxLevel {
		return math.Inf(1)
	}
	return 500000 * powSum(1, 1.1, start, levels) * costMult
}

// HacknetServerRAMCost is the price of levels RAM doublings of a hacknet
// server with startRAM GB.
func HacknetServerRAMCost(startRAM float64, levels int, costMult float64) float64 {
	if levels < 1 {
		return 0
	}
	if startRAM >= HacknetServerMaxRAM {
		return math.Inf(1)
	}
	total := 0.0
	n := jsRound(math.Log2(startRAM))
	ram := startRAM
	for i := 0; i < levels && total <= math.MaxFloat64; i++ { // stop once +Inf
		total += ram * 200000 * jsPow(1.4, n)
		ram *= 2
		n++
		if ram == 0 {
			break // every further term is 0 too
		}
	}
	return total * costMult
}

// HacknetServerCoreCost is the price of levels more cores for a hacknet
// server with start cores.
func HacknetServerCoreCost(start, levels int, costMult float64) float64 {
	return sumCost(start, levels, HacknetServerMaxCores, 1e6, 1.55, costMult)
}

// HacknetServerCacheCost is the price of levels more cache levels for a
// hacknet server at cache level start. The game applies no player
// multiplier to it: pass costMult 1.
func HacknetServerCacheCost(start, levels int, costMult float64) float64 {
	return sumCost(start, levels, HacknetServerMaxCache, 1e7, 1.85, costMult)
}

// sumCost is Σ base·growth^(c−1) for c from start over levels steps, times
// costMult; 0 for no levels and +Inf from max on.
func sumCost(start, levels, max int, base, growth, costMult float64) float64 {
	if levels < 1 {
		return 0
	}
	if start >= max {
		return math.Inf(1)
	}
	return powSum(base, growth, start-1, levels) * costMult
}

// powSum is Σ k·base^e for e from first over count terms, added in that
// order as the game does. base must exceed 1: terms far below 1 are exactly
// 0 and skipped, and the sum stops once it is +Inf, so a huge count costs
// no more than a few hundred thousand terms.
func powSum(k, base float64, first, count int) float64 {
	const minExp = -200000 // base^minExp is 0 for every base used here (≥ 1.04)
	if first < minExp {
		skip := min(minExp-first, count)
		first += skip
		count -= skip
	}
	total := 0.0
	for i := 0; i < count && total <= math.MaxFloat64; i++ {
		total += k * jsPow(base, float64(first+i))
	}
	return total
}
