package game

import (
	"math"
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
