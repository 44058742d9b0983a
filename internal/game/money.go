package game

import (
	"math"
	"strconv"
)

// FormatMoney formats dollars as the game shows them: $1.234m, $56.789b,
// $12.00 below a thousand, ∞ for an infinite cost.
func FormatMoney(x float64) string {
	if math.IsInf(x, 1) {
		return "∞"
	}
	if math.IsNaN(x) {
		return "NaN"
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	for _, u := range []struct {
		suffix string
		size   float64
	}{{"q", 1e15}, {"t", 1e12}, {"b", 1e9}, {"m", 1e6}, {"k", 1e3}} {
		if x >= u.size {
			if x >= 1e18 {
				return sign + "$" + strconv.FormatFloat(x, 'e', 3, 64)
			}
			return sign + "$" + strconv.FormatFloat(x/u.size, 'f', 3, 64) + u.suffix
		}
	}
	return sign + "$" + strconv.FormatFloat(x, 'f', 2, 64)
}
