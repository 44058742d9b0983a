package game

import "math"

// Purchased-server and home constants (MECHANICS §6).
const (
	purchasedServerBaseCost  = 55000   // $ per GB
	purchasedServerBaseLimit = 25      // servers
	purchasedServerBaseMax   = 1 << 20 // GB
	homeRAMBaseCost          = 32000   // $ per GB
	HomeMaxRAM               = 1 << 30 // GB
	HomeMaxCores             = 8
)

// jsRound is JavaScript's Math.round: halves go up.
func jsRound(x float64) float64 { return math.Floor(x + 0.5) }

// PurchasedServerCost is the price of a purchased ("cloud") server with ram
// GB; +Inf unless round(ram) is a positive power of two no larger than
// PurchasedServerMaxRAM. Upgrading costs the difference of two prices.
func PurchasedServerCost(ram float64, bn *BitNodeMults) float64 {
	r := jsRound(ram)
	if math.IsNaN(r) || r <= 0 || r > PurchasedServerMaxRAM(bn) {
		return math.Inf(1)
	}
	if n := int64(r); n&(n-1) != 0 {
		return math.Inf(1)
	}
	upg := math.Max(0, jsLog(r)/jsLog(2)-6)
	return r * purchasedServerBaseCost * bn.PurchasedServerCost * jsPow(bn.PurchasedServerSoftcap, upg)
}

// PurchasedServerLimit is how many servers the player may buy.
func PurchasedServerLimit(bn *BitNodeMults) int {
	return int(jsRound(purchasedServerBaseLimit * bn.PurchasedServerLimit))
}

// PurchasedServerMaxRAM is the largest RAM in GB a purchased server may have:
// the largest power of two not above round(2^20·BN.PurchasedServerMaxRam),
// or 0 if that is below 1 (no BitNode comes near either end of the range).
func PurchasedServerMaxRAM(bn *BitNodeMults) float64 {
	x := jsRound(purchasedServerBaseMax * bn.PurchasedServerMaxRam)
	if !(x >= 1) {
		return 0
	}
	_, e := math.Frexp(x)
	return math.Ldexp(1, e-1)
}

// HomeRAMUpgradeCost is the price of doubling home RAM from currentRAM GB.
func HomeRAMUpgradeCost(currentRAM float64, bn *BitNodeMults) float64 {
	mult := jsPow(1.58, math.Log2(currentRAM))
	return currentRAM * homeRAMBaseCost * mult * bn.HomeComputerRamCost
}

// HomeCoreUpgradeCost is the price of the next home core when home has
// cores cores (no BitNode multiplier applies).
func HomeCoreUpgradeCost(cores int) float64 {
	return 1e9 * jsPow(7.5, float64(cores))
}
