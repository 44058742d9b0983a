package hacking

import (
	"sort"

	"bbctl/internal/game"
	"bbctl/internal/lp"
)

// fullProgramme solves the income programme with every column at once, to
// check column generation against.
func fullProgramme(targets []game.Server, capy Capacity, env Env) (float64, error) {
	var cores []int
	for c := range capy.RAMByCores {
		cores = append(cores, c)
	}
	sort.Ints(cores)
	cols := columns(targets, cores, env, Options{})
	m := 2 + len(cores) + len(targets)
	A := make([][]float64, m)
	for i := range A {
		A[i] = make([]float64, len(cols))
	}
	b := make([]float64, m)
	b[0] = capy.TotalRAM().GB()
	for i, c := range cores {
		b[1+i] = capy.RAMByCores[c].GB()
	}
	b[1+len(cores)] = float64(capy.MaxProcesses)
	for t := range targets {
		b[2+len(cores)+t] = 1000 / (4 * capy.SpacingMS)
	}
	c := make([]float64, len(cols))
	for j, col := range cols {
		c[j] = col.batch.Money
		A[0][j] = col.batch.RAMSeconds
		for i, k := range cores {
			if k == col.batch.Cores {
				A[1+i][j] = col.batch.GWRAMSeconds
			}
		}
		A[1+len(cores)][j] = col.batch.ProcSeconds
		A[2+len(cores)+col.target][j] = 1
	}
	sol, err := lp.Maximize(c, A, b)
	return sol.Value, err
}
