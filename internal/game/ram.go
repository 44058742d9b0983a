package game

import (
	"fmt"
	"math"
	"strconv"
)

// RAM is an amount of memory in integer hundredths of a GB, the precision
// the game rounds every RAM figure to (MECHANICS §4.1).
type RAM int64

// Common RAM amounts.
const (
	CentiGB RAM = 1
	GiB     RAM = 100 // one GB as the game counts it
)

// GB converts a float amount of GB to RAM, rounding to the nearest hundredth
// the way the game's roundToTwo does (halves up).
func GB(x float64) RAM {
	return RAM(math.Floor(x*100 + 0.5))
}

// GB returns r as a float number of GB.
func (r RAM) GB() float64 { return float64(r) / 100 }

// String formats r for reading in the largest sensible unit, with at
// most two decimals: "1.75GB", "108GB", "1.5TB", "1.58PB". Below 1 TB it
// is exact; above, it rounds (FormatRAM is exact everywhere).
func (r RAM) String() string {
	for _, u := range []struct {
		suffix string
		size   RAM
	}{{"PB", 1 << 20 * GiB}, {"TB", 1 << 10 * GiB}} {
		if r >= u.size || -r >= u.size {
			return strconv.FormatFloat(math.Round(float64(r)/float64(u.size)*100)/100, 'f', -1, 64) + u.suffix
		}
	}
	return gbText(r)
}

// gbText writes r in GB, exactly.
func gbText(r RAM) string { return strconv.FormatFloat(r.GB(), 'f', -1, 64) + "GB" }

// MaxRAMGB is the largest amount of RAM ParseRAM accepts, in GB: 2^30 GB
// (1024 PB), a thousand times the game's largest server, and far inside
// what RAM (hundredths of a GB in an int64) holds.
const MaxRAMGB = 1 << 30

// FormatRAM formats r exactly, in the largest unit that keeps it whole —
// "8GB", "1TB", "1PB", "1.75GB", "1536GB" — as ParseRAM reads it back.
func FormatRAM(r RAM) string {
	for _, u := range []struct {
		suffix string
		size   RAM
	}{{"PB", 1 << 20 * GiB}, {"TB", 1 << 10 * GiB}} {
		if r >= u.size && r%u.size == 0 {
			return strconv.FormatInt(int64(r/u.size), 10) + u.suffix
		}
	}
	return gbText(r)
}

// ParseRAM parses a GB figure such as "1.75", "8GB", "1TB" or "2PB".
// Units are powers of 1024, as in the game; more than MaxRAMGB is an
// error.
func ParseRAM(s string) (RAM, error) {
	mult := 1.0
	num := s
	for _, u := range []struct {
		suffix string
		mult   float64
	}{{"PB", 1 << 20}, {"TB", 1 << 10}, {"GB", 1}} {
		if len(s) > len(u.suffix) && s[len(s)-len(u.suffix):] == u.suffix {
			num, mult = s[:len(s)-len(u.suffix)], u.mult
			break
		}
	}
	x, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
		return 0, fmt.Errorf("invalid RAM amount %q: want a non-negative number of GB such as 8, 1.75GB or 1TB", s)
	}
	if x*mult > MaxRAMGB {
		return 0, fmt.Errorf("RAM amount %q: too large (the most bbctl counts is %gPB)", s, float64(MaxRAMGB)/(1<<20))
	}
	return GB(x * mult), nil
}
