package contracts

import (
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
)

// Limits for number contracts, each well above the game's generators.
const (
	maxFactorN    = 1e12 // game: 1e9; trial division to 1e6
	maxWaysN      = 400  // game: 100; p(400) < 2^63
	maxWays2N     = 10000
	maxWays2Set   = 1000
	maxPathsSide  = 1000 // answers must also stay below 2^53
	maxPrimeHigh  = 1e10 // game: 6e6
	maxPrimeRange = 1e7  // game: 1e6
	maxSqrtDigits = 5000 // game: 201
)

func solvePrimeFactor(data []byte) (any, error) {
	f, err := integer(data, 2, maxFactorN)
	if err != nil {
		return nil, err
	}
	n := int64(f)
	var largest int64 = 1
	for p := int64(2); p*p <= n; p++ {
		for n%p == 0 {
			n /= p
			largest = p
		}
	}
	if n > 1 {
		largest = n
	}
	return largest, nil
}

func genPrimeFactor(r *rand.Rand) any { return randInt(r, 500, 1e9) }

func solveWays1(data []byte) (any, error) {
	f, err := integer(data, 1, maxWaysN)
	if err != nil {
		return nil, err
	}
	n := int(f)
	ways, err := countWays(n, seq(1, n-1))
	if err != nil {
		return nil, err
	}
	return ways, nil
}

func seq(lo, hi int) []int64 {
	var s []int64
	for i := lo; i <= hi; i++ {
		s = append(s, int64(i))
	}
	return s
}

// countWays returns how many multisets of parts (each usable any number of
// times) sum to n, or an error if the count is not an exact JavaScript
// number.
func countWays(n int, parts []int64) (int64, error) {
	ways := make([]int64, n+1)
	ways[0] = 1
	for _, p := range parts {
		for j := int(p); j <= n; j++ {
			ways[j] += ways[j-int(p)]
			if ways[j] > exactLimit {
				return 0, badData("the answer exceeds 2^53, beyond exact JavaScript numbers")
			}
		}
	}
	return ways[n], nil
}

func genWays1(r *rand.Rand) any { return randInt(r, 8, 100) }

func solveWays2(data []byte) (any, error) {
	t, err := tuple(data, 2)
	if err != nil {
		return nil, err
	}
	var n int64
	if err := unmarshal(t[0], &n); err != nil {
		return nil, err
	}
	if err := intIn("n", n, 0, maxWays2N); err != nil {
		return nil, err
	}
	s, err := ints(t[1], 0, maxWays2Set, 1, maxWays2N)
	if err != nil {
		return nil, err
	}
	return countWays(int(n), s)
}

func genWays2(r *rand.Rand) any {
	n := randInt(r, 12, 200)
	size := randInt(r, 8, 12)
	s := []int{}
	for i := 1; i <= n && len(s) < size; i++ {
		if r.Float64() < 0.6 || n-i < size-len(s) {
			s = append(s, i)
		}
	}
	return []any{n, s}
}

func solveUniquePaths1(data []byte) (any, error) {
	t, err := tuple(data, 2)
	if err != nil {
		return nil, err
	}
	var rc [2]int64
	for i, name := range []string{"rows", "columns"} {
		if err := unmarshal(t[i], &rc[i]); err != nil {
			return nil, err
		}
		if err := intIn(name, rc[i], 1, maxPathsSide); err != nil {
			return nil, err
		}
	}
	b := new(big.Int).Binomial(rc[0]+rc[1]-2, rc[0]-1)
	if b.Cmp(big.NewInt(exactLimit)) > 0 {
		return nil, badData("the answer exceeds 2^53, beyond exact JavaScript numbers")
	}
	return b.Int64(), nil
}

func genUniquePaths1(r *rand.Rand) any { return []int{randInt(r, 2, 14), randInt(r, 2, 14)} }

func solvePrimeCount(data []byte) (any, error) {
	t, err := tuple(data, 2)
	if err != nil {
		return nil, err
	}
	var lh [2]int64
	for i, name := range []string{"low", "high"} {
		if err := unmarshal(t[i], &lh[i]); err != nil {
			return nil, err
		}
		if err := intIn(name, lh[i], 0, maxPrimeHigh); err != nil {
			return nil, err
		}
	}
	low, high := lh[0], lh[1]
	if low > high {
		return nil, badData("low %d is above high %d", low, high)
	}
	if high-low > maxPrimeRange {
		return nil, badData("range of %d numbers, more than %d", high-low+1, int64(maxPrimeRange))
	}
	return countPrimes(low, high), nil
}

// countPrimes counts the primes in [low, high] with a segmented sieve.
func countPrimes(low, high int64) int64 {
	low = max(low, 2)
	if high < low {
		return 0
	}
	root := int64(math.Sqrt(float64(high)))
	for root*root > high {
		root--
	}
	for (root+1)*(root+1) <= high {
		root++
	}
	// Base primes up to root.
	small := make([]bool, root+1) // true = composite
	var primes []int64
	for i := int64(2); i <= root; i++ {
		if !small[i] {
			primes = append(primes, i)
			for j := i * i; j <= root; j += i {
				small[j] = true
			}
		}
	}
	composite := make([]bool, high-low+1)
	for _, p := range primes {
		start := max(p*p, (low+p-1)/p*p)
		for j := start; j <= high; j += p {
			composite[j-low] = true
		}
	}
	var n int64
	for _, c := range composite {
		if !c {
			n++
		}
	}
	return n
}

func genPrimeCount(r *rand.Rand) any {
	low := randInt(r, 0, 5e6)
	return []int{low, low + randInt(r, 1e5, 1e6)}
}

func solveSqrt(data []byte) (any, error) {
	if len(data) > maxDataBytes {
		return nil, badData("%d bytes, more than %d", len(data), maxDataBytes)
	}
	v, err := decodeJSON(data)
	if err != nil {
		return nil, badData("%v", err)
	}
	var s string
	switch x := v.(type) {
	case string:
		s = strings.TrimSpace(x)
	case json.Number:
		s = string(x)
	default:
		return nil, badData("want a decimal string or an integer, got %s", clip(data))
	}
	if len(s) > maxSqrtDigits {
		return nil, badData("%d digits, more than %d", len(s), maxSqrtDigits)
	}
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return nil, badData("%q is not a non-negative decimal integer", clip([]byte(s)))
	}
	x, _ := new(big.Int).SetString(s, 10)
	return nearestSqrt(x), nil
}

// nearestSqrt returns the integer nearest to √x, for x ≥ 0. (No integer
// lies exactly halfway: (r+½)² is never an integer.)
func nearestSqrt(x *big.Int) *big.Int {
	r := new(big.Int).Sqrt(x)
	rem := new(big.Int).Mul(r, r)
	rem.Sub(x, rem)
	if rem.Cmp(r) > 0 { // x > r² + r, so x > (r+½)²
		r.Add(r, big.NewInt(1))
	}
	return r
}

func genSqrt(r *rand.Rand) any {
	half := new(big.Int).Lsh(big.NewInt(1), 332)
	n := new(big.Int).Add(randBig(r, half), half) // [2^332, 2^333)
	var offset *big.Int
	if r.Float64() >= 0.5 {
		if r.Float64() >= 0.5 {
			offset = new(big.Int).Set(n)
		} else {
			offset = new(big.Int).Sub(big.NewInt(1), n)
		}
	} else {
		twice := new(big.Int).Add(n, n)
		offset = randBig(r, twice)
		offset.Add(offset, big.NewInt(1))
		offset.Sub(offset, n) // [1-n, n]
	}
	x := new(big.Int).Mul(n, n)
	return x.Add(x, offset).String()
}

// randBig returns a uniform integer in [0, n), n > 0.
func randBig(r *rand.Rand, n *big.Int) *big.Int {
	words := (n.BitLen() + 63) / 64
	buf := make([]byte, words*8)
	for {
		for i := range words {
			u := r.Uint64()
			for j := range 8 {
				buf[i*8+j] = byte(u >> (8 * j))
			}
		}
		v := new(big.Int).SetBytes(buf)
		v.Rsh(v, uint(words*64-n.BitLen())) // keep n.BitLen() bits
		if v.Cmp(n) < 0 {
			return v
		}
	}
}
