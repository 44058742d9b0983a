package contracts

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
)

// Size limits for array contracts: far above what the game generates
// (at most 50 prices, 25 jumps, 20 intervals, 12 triangle rows, 15×15).
const (
	maxArrayLen = 10000
	maxValue    = 1e9
	maxK        = 1000
	maxRows     = 500
	maxSide     = 200
)

// randInt returns a uniform integer in [lo, hi], like the game's
// getRandomInt.
func randInt(r *rand.Rand, lo, hi int) int {
	if lo > hi {
		lo, hi = hi, lo
	}
	return lo + r.IntN(hi-lo+1)
}

func randInts(r *rand.Rand, n, lo, hi int) []int {
	a := make([]int, n)
	for i := range a {
		a[i] = randInt(r, lo, hi)
	}
	return a
}

func solveStock1(data []byte) (any, error) {
	p, err := ints(data, 0, maxArrayLen, 0, maxValue)
	if err != nil {
		return nil, err
	}
	return maxProfit(1, p), nil
}

func solveStock2(data []byte) (any, error) {
	p, err := ints(data, 0, maxArrayLen, 0, maxValue)
	if err != nil {
		return nil, err
	}
	return maxProfit(len(p), p), nil
}

func solveStock3(data []byte) (any, error) {
	p, err := ints(data, 0, maxArrayLen, 0, maxValue)
	if err != nil {
		return nil, err
	}
	return maxProfit(2, p), nil
}

func solveStock4(data []byte) (any, error) {
	t, err := tuple(data, 2)
	if err != nil {
		return nil, err
	}
	var k int64
	if err := unmarshal(t[0], &k); err != nil {
		return nil, err
	}
	if err := intIn("k", k, 0, maxK); err != nil {
		return nil, err
	}
	p, err := ints(t[1], 0, maxK, 0, maxValue)
	if err != nil {
		return nil, err
	}
	return maxProfit(int(k), p), nil
}

// maxProfit returns the largest profit from at most k non-overlapping
// buy-then-sell transactions on prices p.
func maxProfit(k int, p []int64) int64 {
	if len(p) < 2 || k == 0 {
		return 0
	}
	if k >= len(p)/2 { // as good as unlimited: sum every rise
		var sum int64
		for i := 1; i < len(p); i++ {
			sum += max(0, p[i]-p[i-1])
		}
		return sum
	}
	// hold[j]: best cash while holding, in transaction j; free[j]: best
	// cash after completing j transactions.
	hold := make([]int64, k+1)
	free := make([]int64, k+1)
	for j := range hold {
		hold[j] = -p[0]
	}
	for _, x := range p[1:] {
		for j := k; j >= 1; j-- {
			free[j] = max(free[j], hold[j]+x)
			hold[j] = max(hold[j], free[j-1]-x)
		}
	}
	return free[k]
}

func genStock(r *rand.Rand) any { return randInts(r, randInt(r, 3, 50), 1, 200) }

func genStock4(r *rand.Rand) any {
	k := randInt(r, 2, 10)
	return []any{k, randInts(r, randInt(r, 3, 50), 1, 200)}
}

func solveJump1(data []byte) (any, error) {
	a, err := ints(data, 1, maxArrayLen, 0, maxValue)
	if err != nil {
		return nil, err
	}
	if minJumps(a) >= 0 {
		return int64(1), nil
	}
	return int64(0), nil
}

func solveJump2(data []byte) (any, error) {
	a, err := ints(data, 1, maxArrayLen, 0, maxValue)
	if err != nil {
		return nil, err
	}
	return max(0, minJumps(a)), nil
}

// minJumps returns the fewest jumps from index 0 to the last index, where
// a[i] is the longest jump from i, or -1 if the last index is unreachable.
func minJumps(a []int64) int64 {
	last := int64(len(a) - 1)
	var jumps, end, far int64 // end: farthest index reachable with jumps jumps
	for i := int64(0); i < last; i++ {
		if i > end {
			return -1
		}
		far = max(far, i+a[i])
		if i == end {
			if far <= i {
				return -1
			}
			jumps++
			end = far
			if end >= last {
				return jumps
			}
		}
	}
	return jumps
}

func genJump1(r *rand.Rand) any {
	a := make([]int, randInt(r, 3, 25))
	for i := range a {
		if r.Float64() >= 0.2 {
			a[i] = randInt(r, 0, 10)
		}
	}
	return a
}

func genJump2(r *rand.Rand) any {
	a := make([]int, randInt(r, 3, 25))
	for i := range a {
		for j := 0; j < 10; j++ {
			if r.Float64() <= float64(j)/10+0.1 {
				a[i] = j
				break
			}
		}
	}
	return a
}

func solveIntervals(data []byte) (any, error) {
	var iv [][]int64
	if err := unmarshal(data, &iv); err != nil {
		return nil, err
	}
	if len(iv) < 1 || len(iv) > maxArrayLen {
		return nil, badData("%d intervals, want 1..%d", len(iv), maxArrayLen)
	}
	for i, p := range iv {
		if len(p) != 2 {
			return nil, badData("interval %d has %d numbers, want 2", i, len(p))
		}
		if err := checkInts("interval", p, 2, 2, -maxValue, maxValue); err != nil {
			return nil, fmt.Errorf("interval %d: %w", i, err)
		}
		if p[0] > p[1] {
			return nil, badData("interval %d is [%d, %d]: start after end", i, p[0], p[1])
		}
	}
	iv = slices.Clone(iv)
	slices.SortStableFunc(iv, func(a, b []int64) int { return cmp.Compare(a[0], b[0]) })
	out := [][]int64{{iv[0][0], iv[0][1]}}
	for _, p := range iv[1:] {
		cur := out[len(out)-1]
		if p[0] <= cur[1] {
			cur[1] = max(cur[1], p[1])
		} else {
			out = append(out, []int64{p[0], p[1]})
		}
	}
	return out, nil
}

func genIntervals(r *rand.Rand) any {
	iv := make([][2]int, randInt(r, 3, 20))
	for i := range iv {
		a := randInt(r, 1, 25)
		iv[i] = [2]int{a, a + randInt(r, 1, 10)}
	}
	return iv
}

func solveTriangle(data []byte) (any, error) {
	var t [][]int64
	if err := unmarshal(data, &t); err != nil {
		return nil, err
	}
	if len(t) < 1 || len(t) > maxRows {
		return nil, badData("%d rows, want 1..%d", len(t), maxRows)
	}
	for i, row := range t {
		if err := checkInts("triangle row", row, i+1, i+1, -maxValue, maxValue); err != nil {
			return nil, fmt.Errorf("row %d: %w", i, err)
		}
	}
	best := slices.Clone(t[len(t)-1])
	for i := len(t) - 2; i >= 0; i-- {
		for j := range t[i] {
			best[j] = t[i][j] + min(best[j], best[j+1])
		}
	}
	return best[0], nil
}

func genTriangle(r *rand.Rand) any {
	t := make([][]int, randInt(r, 3, 12))
	for i := range t {
		t[i] = randInts(r, i+1, 1, 9)
	}
	return t
}

func solveSpiral(data []byte) (any, error) {
	g, err := grid(data, maxSide, -maxValue, maxValue)
	if err != nil {
		return nil, err
	}
	out := make([]int64, 0, len(g)*len(g[0]))
	top, bottom, left, right := 0, len(g)-1, 0, len(g[0])-1
	for top <= bottom && left <= right {
		for c := left; c <= right; c++ {
			out = append(out, g[top][c])
		}
		top++
		for r := top; r <= bottom; r++ {
			out = append(out, g[r][right])
		}
		right--
		if top <= bottom {
			for c := right; c >= left; c-- {
				out = append(out, g[bottom][c])
			}
			bottom--
		}
		if left <= right {
			for r := bottom; r >= top; r-- {
				out = append(out, g[r][left])
			}
			left++
		}
	}
	return out, nil
}

func genSpiral(r *rand.Rand) any {
	m := make([][]int, randInt(r, 1, 15))
	n := randInt(r, 1, 15)
	for i := range m {
		m[i] = randInts(r, n, 1, 50)
	}
	return m
}

func solveMaxSubarray(data []byte) (any, error) {
	a, err := ints(data, 1, maxArrayLen, -maxValue, maxValue)
	if err != nil {
		return nil, err
	}
	best, cur := a[0], a[0]
	for _, x := range a[1:] {
		cur = max(x, cur+x)
		best = max(best, cur)
	}
	return best, nil
}

func genMaxSubarray(r *rand.Rand) any { return randInts(r, randInt(r, 5, 40), -10, 10) }
