package game

import (
	"math"
	"testing"
)

func TestFormatMoney(t *testing.T) {
	for _, tt := range []struct {
		x    float64
		want string
	}{
		{0, "$0.00"},
		{12.5, "$12.50"},
		{1009743.872, "$1.010m"},
		{-2500, "-$2.500k"},
		{37.05e6, "$37.050m"},
		{728.3e9, "$728.300b"},
		{5.53e15, "$5.530q"},
		{2e18, "$2.000e+18"},
		{math.Inf(1), "∞"},
		{math.NaN(), "NaN"},
	} {
		if got := FormatMoney(tt.x); got != tt.want {
			t.Errorf("FormatMoney(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
}
