// Package lp solves small linear programmes of the form
//
//	maximise c·x  subject to  A·x ≤ b,  x ≥ 0,  with b ≥ 0
//
// by the simplex method on a dense tableau. Because b ≥ 0 the slack basis
// is feasible, so no first phase is needed. The solution carries the dual
// prices of the constraints, which column generation uses to price columns
// that are not in the programme.
package lp

import (
	"errors"
	"fmt"
	"math"
)

// ErrUnbounded is returned when the objective can grow without limit.
var ErrUnbounded = errors.New("lp: unbounded")

// Solution is an optimal solution.
type Solution struct {
	X     []float64 // one value per column
	Value float64   // c·X
	Duals []float64 // one shadow price per row, ≥ 0
}

// eps is the tolerance on scaled reduced costs and pivot elements.
const eps = 1e-11

// Maximize solves max c·x s.t. A·x ≤ b, x ≥ 0. A has one row per constraint
// and len(c) columns; every b[i] must be finite and ≥ 0.
func Maximize(c []float64, A [][]float64, b []float64) (Solution, error) {
	m, n := len(A), len(c)
	if len(b) != m {
		return Solution{}, fmt.Errorf("lp: %d rows but %d right-hand sides", m, len(b))
	}
	for i, row := range A {
		if len(row) != n {
			return Solution{}, fmt.Errorf("lp: row %d has %d columns, want %d", i, len(row), n)
		}
		for j, a := range row {
			if !finite(a) {
				return Solution{}, fmt.Errorf("lp: A[%d][%d] = %v is not finite", i, j, a)
			}
		}
		if !finite(b[i]) || b[i] < 0 {
			return Solution{}, fmt.Errorf("lp: b[%d] = %v, want a finite value ≥ 0", i, b[i])
		}
	}
	for j, v := range c {
		if !finite(v) {
			return Solution{}, fmt.Errorf("lp: c[%d] = %v is not finite", j, v)
		}
	}

	// Scale rows so that every right-hand side (or, for b = 0, the largest
	// coefficient) is 1, and the objective so its largest entry is 1; the
	// inputs mix dollars, GB and counts over many orders of magnitude.
	rowScale := make([]float64, m)
	for i := range A {
		s := b[i]
		if s == 0 {
			for _, a := range A[i] {
				s = math.Max(s, math.Abs(a))
			}
		}
		if s == 0 {
			s = 1
		}
		rowScale[i] = s
	}
	objScale := 0.0
	for _, v := range c {
		objScale = math.Max(objScale, math.Abs(v))
	}
	if objScale == 0 {
		objScale = 1
	}

	// Tableau: m constraint rows then the objective row; columns are the n
	// structural variables, the m slacks, then the right-hand side.
	w := n + m + 1
	t := make([]float64, (m+1)*w)
	at := func(i, j int) *float64 { return &t[i*w+j] }
	for i := range A {
		for j, a := range A[i] {
			*at(i, j) = a / rowScale[i]
		}
		*at(i, n+i) = 1
		*at(i, w-1) = b[i] / rowScale[i]
	}
	for j, v := range c {
		*at(m, j) = -v / objScale // reduced costs: negative means improving
	}
	basis := make([]int, m)
	for i := range basis {
		basis[i] = n + i
	}

	maxIter := 50 * (m + n + 10)
	degenerate := 0
	for iter := 0; ; iter++ {
		if iter > maxIter {
			return Solution{}, fmt.Errorf("lp: no convergence after %d pivots", maxIter)
		}
		bland := degenerate > m+10
		enter := -1
		best := -eps
		for j := 0; j < n+m; j++ {
			if r := *at(m, j); r < best {
				enter, best = j, r
				if bland {
					break
				}
			}
		}
		if enter < 0 {
			break
		}
		leave := -1
		ratio := math.Inf(1)
		for i := 0; i < m; i++ {
			a := *at(i, enter)
			if a <= eps {
				continue
			}
			r := *at(i, w-1) / a
			if r < ratio-1e-15 || (r <= ratio+1e-15 && leave >= 0 && basis[i] < basis[leave]) {
				leave, ratio = i, r
			}
		}
		if leave < 0 {
			return Solution{}, ErrUnbounded
		}
		if ratio <= 1e-15 {
			degenerate++
		} else {
			degenerate = 0
		}
		pivot(t, w, m, leave, enter)
		basis[leave] = enter
	}

	sol := Solution{X: make([]float64, n), Duals: make([]float64, m)}
	for i, j := range basis {
		if j < n {
			sol.X[j] = math.Max(0, *at(i, w-1))
		}
	}
	for j, v := range c {
		sol.Value += v * sol.X[j]
	}
	for i := 0; i < m; i++ {
		// The reduced cost of slack i is the dual price of row i in scaled
		// units; undo both scalings.
		sol.Duals[i] = math.Max(0, *at(m, n+i)) * objScale / rowScale[i]
	}
	return sol, nil
}

func pivot(t []float64, w, m, r, c int) {
	row := t[r*w : (r+1)*w]
	inv := 1 / row[c]
	for j := range row {
		row[j] *= inv
	}
	row[c] = 1
	for i := 0; i <= m; i++ {
		if i == r {
			continue
		}
		other := t[i*w : (i+1)*w]
		f := other[c]
		if f == 0 {
			continue
		}
		for j := range other {
			other[j] -= f * row[j]
		}
		other[c] = 0
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
