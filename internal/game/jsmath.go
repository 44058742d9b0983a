package game

import "math"

// V8 computes Math.exp and Math.log with ports of fdlibm's e_exp.c and
// e_log.c, while Go's math.Exp and math.Log use other algorithms (assembly on
// amd64) that can differ from them by an ulp. Thread counts and levels are
// integers decided by comparisons on these values, so the game's own routines
// are reproduced here from the published fdlibm algorithms. Go's math.Log1p
// is already fdlibm's s_log1p.c.

// Constants of the fdlibm exp and log algorithms.
const (
	ln2Hi    = 6.93147180369123816490e-01 // high bits of ln 2
	ln2Lo    = 1.90821492927058770002e-10 // ln 2 − ln2Hi
	invLn2   = 1.44269504088896338700e+00
	expOver  = 7.09782712893383973096e+02  // exp overflows above this
	expUndr  = -7.45133219101941108420e+02 // exp underflows below this
	twoM1000 = 9.33263618503218878990e-302 // 2^-1000

	expP1 = 1.66666666666666019037e-01
	expP2 = -2.77777777770155933842e-03
	expP3 = 6.61375632143793436117e-05
	expP4 = -1.65339022054652515390e-06
	expP5 = 4.13813679705723846039e-08

	logLg1 = 6.666666666666735130e-01
	logLg2 = 3.999999999940941908e-01
	logLg3 = 2.857142874366239149e-01
	logLg4 = 2.222219843214978396e-01
	logLg5 = 1.818357216161805012e-01
	logLg6 = 1.531383769920937332e-01
	logLg7 = 1.479819860511658591e-01
	two54  = 1.80143985094819840000e+16
)

func highWord(x float64) int32 { return int32(math.Float64bits(x) >> 32) }
func lowWord(x float64) uint32 { return uint32(math.Float64bits(x)) }

func withHighWord(x float64, hi int32) float64 {
	return math.Float64frombits(uint64(uint32(hi))<<32 | uint64(lowWord(x)))
}

// jsExp returns e**x as V8's Math.exp does (fdlibm e_exp.c).
func jsExp(x float64) float64 {
	hx := highWord(x)
	neg := hx < 0
	hx &= 0x7fffffff

	// Filter out non-finite and overflowing arguments.
	if hx >= 0x40862E42 {
		if hx >= 0x7ff00000 {
			if math.IsNaN(x) {
				return x
			}
			if neg {
				return 0
			}
			return x
		}
		if x > expOver {
			return math.Inf(1)
		}
		if x < expUndr {
			return 0
		}
	}

	// Argument reduction: x = k·ln2 + r, |r| ≤ ln2/2.
	var hi, lo float64
	var k int
	switch {
	case hx > 0x3fd62e42: // |x| > 0.5 ln2
		if hx < 0x3FF0A2B2 { // |x| < 1.5 ln2
			if neg {
				hi, lo, k = x+ln2Hi, -ln2Lo, -1
			} else {
				hi, lo, k = x-ln2Hi, ln2Lo, 1
			}
		} else {
			half := 0.5
			if neg {
				half = -0.5
			}
			k = int(invLn2*x + half)
			t := float64(k)
			hi = x - t*ln2Hi
			lo = t * ln2Lo
		}
		x = hi - lo
	case hx < 0x3e300000: // |x| < 2**-28
		return 1 + x
	}

	t := x * x
	c := x - t*(expP1+t*(expP2+t*(expP3+t*(expP4+t*expP5))))
	if k == 0 {
		return 1 - ((x*c)/(c-2) - x)
	}
	y := 1 - ((lo - (x*c)/(2-c)) - hi)
	if k >= -1021 {
		return withHighWord(y, highWord(y)+int32(k)<<20)
	}
	return withHighWord(y, highWord(y)+int32(k+1000)<<20) * twoM1000
}

// jsLog returns the natural logarithm of x as V8's Math.log does (fdlibm
// e_log.c).
func jsLog(x float64) float64 {
	hx := highWord(x)
	lx := lowWord(x)
	k := int32(0)
	if hx < 0x00100000 { // x < 2**-1022
		if (hx&0x7fffffff)|int32(lx) == 0 {
			return math.Inf(-1)
		}
		if hx < 0 {
			return math.NaN()
		}
		k -= 54
		x *= two54
		hx = highWord(x)
	}
	if hx >= 0x7ff00000 {
		return x + x
	}
	k += (hx >> 20) - 1023
	hx &= 0x000fffff
	i := (hx + 0x95f64) & 0x100000
	x = withHighWord(x, hx|(i^0x3ff00000)) // normalise x or x/2
	k += i >> 20
	f := x - 1
	dk := float64(k)
	if (0x000fffff & (2 + hx)) < 3 { // -2**-20 <= f < 2**-20
		if f == 0 {
			if k == 0 {
				return 0
			}
			return dk*ln2Hi + dk*ln2Lo
		}
		r := f * f * (0.5 - 0.33333333333333333*f)
		if k == 0 {
			return f - r
		}
		return dk*ln2Hi - ((r - dk*ln2Lo) - f)
	}
	s := f / (2 + f)
	z := s * s
	i = hx - 0x6147a
	w := z * z
	j := 0x6b851 - hx
	t1 := w * (logLg2 + w*(logLg4+w*logLg6))
	t2 := z * (logLg1 + w*(logLg3+w*(logLg5+w*logLg7)))
	i |= j
	r := t2 + t1
	if i > 0 {
		hfsq := 0.5 * f * f
		if k == 0 {
			return f - (hfsq - s*(hfsq+r))
		}
		return dk*ln2Hi - ((hfsq - (s*(hfsq+r) + dk*ln2Lo)) - f)
	}
	if k == 0 {
		return f - s*(f-r)
	}
	return dk*ln2Hi - ((s*(f-r) - dk*ln2Lo) - f)
}

// jsPow returns x**y as V8's Math.pow does, as far as it matters here.
// V8's pow is accurate to within an ulp, while Go's math.Pow multiplies
// integer powers out and can be several ulps off (1.02^100 by ten). For an
// integer y, as in every cost formula and BitNode 12's 1.02^level, the power
// is computed in double-double arithmetic (about 100 bits) and rounded once,
// which gives the correctly rounded result V8's pow gives in all but a few
// cases; other exponents use math.Pow.
func jsPow(x, y float64) float64 {
	if y != math.Trunc(y) || math.Abs(y) > 1<<20 || x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return math.Pow(x, y)
	}
	n := int64(math.Abs(y))
	hi, lo := 1.0, 0.0
	bh, bl := x, 0.0
	for n > 0 {
		if n&1 == 1 {
			hi, lo = ddMul(hi, lo, bh, bl)
		}
		n >>= 1
		if n > 0 {
			bh, bl = ddMul(bh, bl, bh, bl)
		}
		if !inRange(hi) || !inRange(bh) {
			return math.Pow(x, y) // overflow or underflow: no digits to get right
		}
	}
	if y < 0 {
		q := 1 / hi
		r := math.FMA(-q, hi, 1) - q*lo // 1 − q·(hi+lo), to first order
		return q + r/hi
	}
	return hi + lo
}

// inRange reports whether double-double arithmetic on v is safe from
// overflow, underflow and NaN.
func inRange(v float64) bool {
	a := math.Abs(v)
	return a >= 0x1p-960 && a <= math.MaxFloat64
}

// ddMul multiplies two double-double numbers (ah+al)·(bh+bl).
func ddMul(ah, al, bh, bl float64) (float64, float64) {
	p := ah * bh
	e := math.FMA(ah, bh, -p) // the exact error of p
	e += ah*bl + al*bh
	hi := p + e
	return hi, e - (hi - p)
}
