package game

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func ulpsApart(a, b float64) uint64 {
	x, y := math.Float64bits(a), math.Float64bits(b)
	if x > y {
		return x - y
	}
	return y - x
}

// TestJSExpLogCloseToGo checks the fdlibm ports against Go's math: they
// both are within an ulp of the true value, so they must agree within two,
// and exactly at the special values.
func TestJSExpLogCloseToGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		x := (rng.Float64() - 0.5) * 1400
		if d := ulpsApart(jsExp(x), math.Exp(x)); d > 2 { // each is within an ulp of the true value
			t.Fatalf("jsExp(%v) = %v, math.Exp %v (%d ulps)", x, jsExp(x), math.Exp(x), d)
		}
		y := math.Exp((rng.Float64() - 0.5) * 1400)
		if d := ulpsApart(jsLog(y), math.Log(y)); d > 2 {
			t.Fatalf("jsLog(%v) = %v, math.Log %v (%d ulps)", y, jsLog(y), math.Log(y), d)
		}
	}
	for _, c := range []struct{ got, want float64 }{
		{jsExp(0), 1}, {jsExp(math.Inf(1)), math.Inf(1)}, {jsExp(math.Inf(-1)), 0}, {jsExp(1000), math.Inf(1)},
		{jsExp(-1000), 0}, {jsLog(1), 0}, {jsLog(0), math.Inf(-1)}, {jsLog(math.Inf(1)), math.Inf(1)},
		{jsLog(math.E), 1}, {jsLog(5e-324), -744.4400719213812},
	} {
		if c.got != c.want {
			t.Errorf("got %v, want %v", c.got, c.want)
		}
	}
	if !math.IsNaN(jsLog(-1)) || !math.IsNaN(jsExp(math.NaN())) {
		t.Error("NaN cases")
	}
}

func TestJSPowIntegerExponents(t *testing.T) {
	for _, c := range []struct{ x, y, want float64 }{
		{1.02, 100, 7.244646118252348}, {1.02, -1, 1 / 1.02}, {7.5, 8, 10011291.50390625}, {2, 10, 1024}, {3, 0, 1},
	} {
		if got := jsPow(c.x, c.y); got != c.want {
			t.Errorf("jsPow(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}

// TestGrowThreadsIsLeast checks the definition of GrowThreads on random
// servers: the count reaches the target and one thread fewer does not.
func TestGrowThreadsIsLeast(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	bn := DefaultBitNodeMults()
	for i := 0; i < 20000; i++ {
		s := &Server{
			HackDifficulty: 1 + rng.Float64()*99,
			ServerGrowth:   float64(1 + rng.IntN(3000)),
			MoneyMax:       math.Floor(math.Exp(rng.Float64() * 28)),
		}
		p := &Person{Hacking: 1, Mults: DefaultMultipliers()}
		p.Mults.HackingGrow = 0.5 + rng.Float64()*2
		cores := 1 + rng.IntN(8)
		start := math.Floor(s.MoneyMax * rng.Float64() * rng.Float64())
		target := s.MoneyMax
		n := GrowThreads(s, target, start, p, cores, &bn)
		k := GrowthLog(s, 1, p, cores, &bn)
		reaches := func(t float64) bool { return target <= (start+t)*jsExp(k*t) }
		if n < 0 || n != math.Trunc(n) {
			t.Fatalf("%+v start %v: %v threads", s, start, n)
		}
		if target <= start {
			if n != 0 {
				t.Fatalf("target ≤ start: %v threads", n)
			}
			continue
		}
		if !reaches(n) || (n > 0 && reaches(n-1)) {
			t.Fatalf("%+v cores %d start %v: %v threads is not the least that reaches %v", s, cores, start, n, target)
		}
	}
}

// bigPow is x^n computed with 1000-bit floats and rounded once: the
// correctly rounded integer power.
func bigPow(x float64, n int) float64 {
	const prec = 1000
	acc := new(big.Float).SetPrec(prec).SetInt64(1)
	base := new(big.Float).SetPrec(prec).SetFloat64(x)
	for k := n; k > 0; k >>= 1 {
		if k&1 == 1 {
			acc.Mul(acc, base)
		}
		base.Mul(base, base)
	}
	f, _ := acc.Float64()
	return f
}

// TestJSPowCorrectlyRounded checks the double-double integer power against
// an exact computation.
func TestJSPowCorrectlyRounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 5000; i++ {
		x := 0.5 + rng.Float64()*9.5
		if i%2 == 0 {
			x = 1 + math.Round(rng.Float64()*1000)/1000 // 1.035, 1.48, 7.5 …
		}
		n := rng.IntN(300)
		want := bigPow(x, n)
		if got := jsPow(x, float64(n)); got != want {
			t.Fatalf("jsPow(%v, %d) = %v, exact %v", x, n, got, want)
		}
		inv := 1 / bigPow(x, n) // not the exact reciprocal; allow an ulp
		if got := jsPow(x, -float64(n)); ulpsApart(got, inv) > 1 {
			t.Fatalf("jsPow(%v, -%d) = %v, about %v", x, n, got, inv)
		}
	}
	if !math.IsInf(jsPow(10, 400), 1) || jsPow(10, -400) != 0 || jsPow(2, 0.5) != math.Sqrt2 {
		t.Error("overflow, underflow or fractional exponent")
	}
}
