package lp

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestMaximizeKnown(t *testing.T) {
	tests := []struct {
		name  string
		c     []float64
		A     [][]float64
		b     []float64
		value float64
		x     []float64
	}{
		{
			// Classic: max 3x+5y, x ≤ 4, 2y ≤ 12, 3x+2y ≤ 18 → (2,6), 36.
			name: "textbook", c: []float64{3, 5},
			A:     [][]float64{{1, 0}, {0, 2}, {3, 2}},
			b:     []float64{4, 12, 18},
			value: 36, x: []float64{2, 6},
		},
		{
			name: "zero rhs", c: []float64{1, 1},
			A: [][]float64{{1, -1}, {1, 1}}, b: []float64{0, 2},
			value: 2, x: nil, // x=y=1 or any with x≤y, x+y=2
		},
		{
			name: "nothing pays", c: []float64{-1, 0},
			A: [][]float64{{1, 1}}, b: []float64{5},
			value: 0, x: []float64{0, 0},
		},
		{
			// Wildly different scales, as in the income ceiling.
			name: "scales", c: []float64{2e9, 3e9},
			A:     [][]float64{{1e6, 4e6}, {1, 1}, {0.01, 0.02}},
			b:     []float64{8e6, 5, 1},
			value: 2e9*4 + 3e9*1, x: []float64{4, 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sol, err := Maximize(tt.c, tt.A, tt.b)
			if err != nil {
				t.Fatal(err)
			}
			if !near(sol.Value, tt.value) {
				t.Errorf("value = %v, want %v", sol.Value, tt.value)
			}
			for j, want := range tt.x {
				if !near(sol.X[j], want) {
					t.Errorf("x[%d] = %v, want %v", j, sol.X[j], want)
				}
			}
			checkFeasible(t, tt.A, tt.b, sol.X)
		})
	}
}

func TestMaximizeErrors(t *testing.T) {
	if _, err := Maximize([]float64{1}, [][]float64{{-1}}, []float64{1}); err != ErrUnbounded {
		t.Errorf("unbounded: err = %v", err)
	}
	bad := []struct {
		c []float64
		A [][]float64
		b []float64
	}{
		{[]float64{1}, [][]float64{{1}}, []float64{-1}},
		{[]float64{1}, [][]float64{{1}}, []float64{math.NaN()}},
		{[]float64{math.Inf(1)}, [][]float64{{1}}, []float64{1}},
		{[]float64{1}, [][]float64{{1, 2}}, []float64{1}},
		{[]float64{1}, [][]float64{{1}}, []float64{1, 2}},
	}
	for i, tt := range bad {
		if _, err := Maximize(tt.c, tt.A, tt.b); err == nil {
			t.Errorf("case %d: want an error", i)
		}
	}
}

// TestDuality checks, on random programmes, that the solution is feasible
// and that strong duality holds: b·y = c·x with A^T y ≥ c.
func TestDuality(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 300; k++ {
		m, n := 1+rng.IntN(6), 1+rng.IntN(12)
		A := make([][]float64, m)
		b := make([]float64, m)
		for i := range A {
			A[i] = make([]float64, n)
			for j := range A[i] {
				A[i][j] = rng.Float64() * 10
			}
			b[i] = rng.Float64() * 100
		}
		c := make([]float64, n)
		for j := range c {
			c[j] = rng.Float64()*10 - 2
		}
		sol, err := Maximize(c, A, b)
		if err != nil {
			t.Fatal(err)
		}
		checkFeasible(t, A, b, sol.X)
		dual := 0.0
		for i := range b {
			dual += b[i] * sol.Duals[i]
		}
		if math.Abs(dual-sol.Value) > 1e-7*math.Max(1, sol.Value) {
			t.Fatalf("case %d: primal %v != dual %v", k, sol.Value, dual)
		}
		for j := range c {
			s := 0.0
			for i := range A {
				s += A[i][j] * sol.Duals[i]
			}
			if s < c[j]-1e-7*math.Max(1, math.Abs(c[j])) {
				t.Fatalf("case %d: dual infeasible in column %d: %v < %v", k, j, s, c[j])
			}
		}
	}
}

func checkFeasible(t *testing.T, A [][]float64, b, x []float64) {
	t.Helper()
	for j, v := range x {
		if v < -1e-9 {
			t.Fatalf("x[%d] = %v < 0", j, v)
		}
	}
	for i, row := range A {
		s := 0.0
		for j, a := range row {
			s += a * x[j]
		}
		if s > b[i]*(1+1e-9)+1e-9 {
			t.Fatalf("row %d: %v > %v", i, s, b[i])
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
