package main

import (
	"fmt"
	"math"
	"strconv"
)

// formatFloat prints up to six significant decimals, without trailing
// zeros.
func formatFloat(x float64) string {
	if math.IsInf(x, 1) {
		return "∞"
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

// exact prints the shortest decimal that reads back as x.
func exact(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func formatPercent(f float64) string {
	return strconv.FormatFloat(f*100, 'g', 4, 64) + "%"
}

// formatSeconds prints seconds with ms precision, plus minutes or hours
// when long.
func formatSeconds(s float64) string {
	if math.IsInf(s, 1) || math.IsNaN(s) {
		return "never"
	}
	out := strconv.FormatFloat(s, 'f', 3, 64) + " s"
	switch {
	case s >= 3600:
		out += fmt.Sprintf(" (%.1f h)", s/3600)
	case s >= 60:
		out += fmt.Sprintf(" (%.1f min)", s/60)
	}
	return out
}
