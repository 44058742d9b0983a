package hacking

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"bbctl/internal/game"
	"bbctl/internal/lp"
)

// Capacity is what a world offers the batches: worker RAM, the processes it
// can run at once and the minimum spacing between landings on one target.
type Capacity struct {
	// RAMByCores is the worker RAM (less set-aside) of the workers with each
	// core count. Its sum is the total RAM.
	RAMByCores map[int]game.RAM
	// MaxProcesses is the number of scripts that may run at once.
	MaxProcesses int
	// SpacingMS is the minimum time between two landings on one target; a
	// batch needs four landings, so at most one batch per 4 × SpacingMS.
	SpacingMS float64
}

// TotalRAM returns the sum of c.RAMByCores.
func (c Capacity) TotalRAM() game.RAM {
	var t game.RAM
	for _, r := range c.RAMByCores {
		t += r
	}
	return t
}

// Use is one batch shape and the rate it runs at in a plan.
type Use struct {
	Batch
	Rate float64 // batches per second
}

// TargetPlan is what a plan does on one target.
type TargetPlan struct {
	Host   string
	Uses   []Use
	Income float64 // $/s
}

// Ceiling is the optimum of the income programme: the most money per
// second any scheduler can earn under a Capacity, and how.
type Ceiling struct {
	IncomePerSec float64
	Targets      []TargetPlan // by income, highest first
	// Binding names the limits the optimum presses on ("ram", "processes",
	// "spacing:HOST", "cores:N").
	Binding []string
}

// Options tune how finely the programme searches hack-thread counts.
type Options struct {
	// Step > 1 restricts hack counts to a geometric grid (all counts up to
	// 32, then every Step-fold increase). The ceiling uses every count
	// (Step ≤ 1); planning may use a grid to save time.
	Step float64
	// Filter, if set, drops the batches it rejects (for example those with
	// an operation too large for any one worker).
	Filter func(Batch) bool
	// Merge also offers, beside each HWGW batch, the HGW batch of as many
	// hack threads (one weaken for both hack and grow) where it holds less
	// RAM: on small workers, whose batches are small, the first weaken of
	// an HWGW batch is one thread and mostly unused.
	Merge bool
	// Weight, if set, scales the money the programme maximises per target
	// (by hostname; missing means 1). A planner uses it to prefer targets it
	// has already prepared; reported incomes stay unweighted.
	Weight map[string]float64
	// Columns, if set, keeps the candidate batches between computations
	// (without a Filter): a caller that weighs many capacities or target
	// sets for one player enumerates each target's batches once.
	Columns *ColumnCache
}

// column is one candidate batch shape in the programme.
type column struct {
	target int
	batch  *Batch
}

// ColumnCache keeps the candidate batches of the income programme for each
// target (as taken prepared) and core count, for one Env, hack-thread grid
// and Merge; any of them that changes empties it. The zero value is ready
// to use. It is not safe for concurrent use.
type ColumnCache struct {
	person  game.Person
	bn      game.BitNodeMults
	version game.Version
	step    float64
	merge   bool
	batches map[columnKey][]Batch
}

type columnKey struct {
	srv   game.Server // prepared
	cores int
}

// of returns the cache's batches of p on cores, enumerating them with
// enumerate when they are not kept.
func (cc *ColumnCache) of(p *game.Server, cores int, env Env, step float64, merge bool, enumerate func() []Batch) []Batch {
	if cc.batches == nil || cc.person != env.Person || cc.bn != *env.BN || cc.version != env.Version || cc.step != step || cc.merge != merge {
		cc.person, cc.bn, cc.version, cc.step, cc.merge = env.Person, *env.BN, env.Version, step, merge
		cc.batches = map[columnKey][]Batch{}
	}
	k := columnKey{*p, cores}
	bs, ok := cc.batches[k]
	if !ok {
		bs = enumerate()
		cc.batches[k] = bs
	}
	return bs
}

// ComputeCeiling solves the income programme of ../docs/ceiling.md for the
// given targets (each taken at minimum security and maximum money): for
// every target, hack-thread count h and core count c, the HWGW batch of h
// hack threads with grow and weaken on c cores; maximise Σ rate × money
// subject to total RAM-seconds per second ≤ total RAM, grow/weaken
// RAM-seconds of c-core batches ≤ the RAM of c-core workers, process-seconds
// per second ≤ MaxProcesses, and at most one batch per 4 × SpacingMS per
// target.
func ComputeCeiling(targets []game.Server, capy Capacity, env Env, opt Options) (Ceiling, error) {
	if capy.SpacingMS <= 0 || math.IsNaN(capy.SpacingMS) {
		return Ceiling{}, fmt.Errorf("ceiling: spacing %v ms, want > 0", capy.SpacingMS)
	}
	if capy.MaxProcesses <= 0 {
		return Ceiling{}, fmt.Errorf("ceiling: max processes %d, want > 0", capy.MaxProcesses)
	}
	if env.BN == nil {
		return Ceiling{}, errors.New("ceiling: no BitNode multipliers")
	}
	var cores []int
	for c, r := range capy.RAMByCores {
		if c < 1 {
			return Ceiling{}, fmt.Errorf("ceiling: %d cores, want ≥ 1", c)
		}
		if r < 0 {
			return Ceiling{}, fmt.Errorf("ceiling: negative RAM %v for %d cores", r, c)
		}
		if r > 0 {
			cores = append(cores, c)
		}
	}
	sort.Ints(cores)
	if len(cores) == 0 || len(targets) == 0 {
		return Ceiling{}, nil
	}

	cols := columns(targets, cores, env, opt)
	if len(cols) == 0 {
		return Ceiling{}, nil
	}
	weight := make([]float64, len(targets))
	for i, t := range targets {
		weight[i] = 1
		if w, ok := opt.Weight[t.Hostname]; ok && w > 0 && !math.IsInf(w, 0) {
			weight[i] = w
		}
	}
	value := func(col *column) float64 { return col.batch.Money * weight[col.target] }

	// Rows: total RAM, one per core count, processes, one per target.
	nCore := len(cores)
	rowProc := 1 + nCore
	rowTarget := rowProc + 1
	m := rowTarget + len(targets)
	b := make([]float64, m)
	b[0] = capy.TotalRAM().GB()
	coreRow := make(map[int]int, nCore)
	for i, c := range cores {
		coreRow[c] = 1 + i
		b[1+i] = capy.RAMByCores[c].GB()
	}
	b[rowProc] = float64(capy.MaxProcesses)
	maxRate := 1000 / (4 * capy.SpacingMS)
	for t := range targets {
		b[rowTarget+t] = maxRate
	}
	entry := func(col *column, row int) float64 {
		switch {
		case row == 0:
			return col.batch.RAMSeconds
		case row < rowProc:
			if coreRow[col.batch.Cores] == row {
				return col.batch.GWRAMSeconds
			}
			return 0
		case row == rowProc:
			return col.batch.ProcSeconds
		default:
			if row-rowTarget == col.target {
				return 1
			}
			return 0
		}
	}

	// Column generation: solve over a working set, price every column with
	// the duals, add the best ones, until no column improves the optimum.
	inSet := make([]bool, len(cols))
	var set []int
	best := make(map[int]int) // per target: best money per RAM-second
	for j := range cols {
		c := &cols[j]
		if k, ok := best[c.target]; !ok || value(c)/c.batch.RAMSeconds > value(&cols[k])/cols[k].batch.RAMSeconds {
			best[c.target] = j
		}
	}
	for _, j := range best {
		inSet[j] = true
		set = append(set, j)
	}
	sort.Ints(set)

	var sol lp.Solution
	tol := 1e-9 * math.Max(1, maxMoney(cols)*maxWeight(weight))
	add := make([]priced, 0, len(cols))
	for round := 0; ; round++ {
		if round > 200 {
			return Ceiling{}, errors.New("ceiling: column generation did not converge")
		}
		A := make([][]float64, m)
		for i := range A {
			A[i] = make([]float64, len(set))
			for k, j := range set {
				A[i][k] = entry(&cols[j], i)
			}
		}
		c := make([]float64, len(set))
		for k, j := range set {
			c[k] = value(&cols[j])
		}
		var err error
		sol, err = lp.Maximize(c, A, b)
		if err != nil {
			return Ceiling{}, fmt.Errorf("ceiling: %w", err)
		}
		add = add[:0]
		for j := range cols {
			if inSet[j] {
				continue
			}
			col := &cols[j]
			rc := value(col) - sol.Duals[0]*col.batch.RAMSeconds -
				sol.Duals[coreRow[col.batch.Cores]]*col.batch.GWRAMSeconds -
				sol.Duals[rowProc]*col.batch.ProcSeconds -
				sol.Duals[rowTarget+col.target]
			if rc > tol {
				add = append(add, priced{j, rc})
			}
		}
		if len(add) == 0 {
			break
		}
		// Only which columns are added matters (set is kept sorted).
		add = bestPriced(add, 4*m)
		for _, p := range add {
			inSet[p.j] = true
			set = append(set, p.j)
		}
		sort.Ints(set)
	}

	var ceil Ceiling
	plans := make(map[int]*TargetPlan)
	for k, j := range set {
		x := sol.X[k]
		if x <= 0 {
			continue
		}
		col := &cols[j]
		p := plans[col.target]
		if p == nil {
			p = &TargetPlan{Host: targets[col.target].Hostname}
			plans[col.target] = p
		}
		p.Uses = append(p.Uses, Use{Batch: *col.batch, Rate: x})
		p.Income += x * col.batch.Money
	}
	for _, p := range plans {
		ceil.Targets = append(ceil.Targets, *p)
	}
	sort.Slice(ceil.Targets, func(a, b int) bool {
		if ceil.Targets[a].Income != ceil.Targets[b].Income {
			return ceil.Targets[a].Income > ceil.Targets[b].Income
		}
		return ceil.Targets[a].Host < ceil.Targets[b].Host
	})
	for _, p := range ceil.Targets { // in a fixed order: the same sum in every run
		ceil.IncomePerSec += p.Income
	}
	for i, y := range sol.Duals {
		if y <= 0 {
			continue
		}
		switch {
		case i == 0:
			ceil.Binding = append(ceil.Binding, "ram")
		case i < rowProc:
			ceil.Binding = append(ceil.Binding, fmt.Sprintf("cores:%d", cores[i-1]))
		case i == rowProc:
			ceil.Binding = append(ceil.Binding, "processes")
		default:
			ceil.Binding = append(ceil.Binding, "spacing:"+targets[i-rowTarget].Hostname)
		}
	}
	return ceil, nil
}

// priced is a column and its reduced cost.
type priced struct {
	j  int
	rc float64
}

// better orders priced columns best first: the highest reduced cost, then
// the lowest index. The order is total, so the best k are the same
// whichever way they are found.
func better(a, b priced) bool { return a.rc > b.rc || a.rc == b.rc && a.j < b.j }

// bestPriced returns the k best of ps (all of them if there are fewer),
// in no particular order, reordering ps: a selection, where sorting them
// all cost the ceiling a quarter of its time.
func bestPriced(ps []priced, k int) []priced {
	if len(ps) <= k {
		return ps
	}
	lo, hi := 0, len(ps) // the k-th best lies in ps[lo:hi]
	for hi-lo > 1 {
		// The median of three as the pivot, moved to hi-1.
		mid := lo + (hi-lo)/2
		if better(ps[mid], ps[lo]) {
			ps[mid], ps[lo] = ps[lo], ps[mid]
		}
		if better(ps[hi-1], ps[lo]) {
			ps[hi-1], ps[lo] = ps[lo], ps[hi-1]
		}
		if better(ps[mid], ps[hi-1]) {
			ps[mid], ps[hi-1] = ps[hi-1], ps[mid]
		}
		pivot := ps[hi-1]
		i := lo
		for j := lo; j < hi-1; j++ {
			if better(ps[j], pivot) {
				ps[i], ps[j] = ps[j], ps[i]
				i++
			}
		}
		ps[i], ps[hi-1] = ps[hi-1], ps[i] // ps[lo:i] better than the pivot, now at i
		switch {
		case i == k-1:
			return ps[:k]
		case i < k-1:
			lo = i + 1
		default:
			hi = i
		}
	}
	return ps[:k]
}

func maxWeight(w []float64) float64 {
	m := 1.0
	for _, x := range w {
		m = math.Max(m, x)
	}
	return m
}

func maxMoney(cols []column) float64 {
	m := 0.0
	for i := range cols {
		m = math.Max(m, cols[i].batch.Money)
	}
	return m
}

// columns enumerates the candidate batches, by target, then cores, then
// hack threads (through opt.Columns when it is set and there is no
// Filter).
func columns(targets []game.Server, cores []int, env Env, opt Options) []column {
	type part struct {
		target int
		bs     []Batch
	}
	var parts []part // each target's batches on each core count, in order
	n := 0
	for t := range targets {
		p := Prepared(targets[t])
		if p.MoneyMax <= 0 {
			continue
		}
		var times Times
		var pct, chance float64
		hmax := -1 // not yet worked out
		for _, c := range cores {
			enumerate := func() []Batch {
				if hmax < 0 {
					times = OpTimes(&p, env)
					pct = game.HackPercent(&p, &env.Person, env.BN)
					chance = game.HackChance(&p, &env.Person, env.Version)
					hmax = MaxHack(&p, env)
				}
				most := 0
				for h := 1; h <= hmax; h = nextHack(h, opt.Step) {
					most++
				}
				if opt.Merge {
					most *= 2
				}
				bs := make([]Batch, 0, most)
				for h := 1; h <= hmax; h = nextHack(h, opt.Step) {
					b, ok := hwgw(&p, h, c, env, times, pct, chance)
					if ok && b.RAMSeconds > 0 && (opt.Filter == nil || opt.Filter(b)) {
						bs = append(bs, b)
					}
					if !opt.Merge {
						continue
					}
					if m, mok := hgw(&p, h, c, env, times, pct, chance); mok && (!ok || m.RAMSeconds < b.RAMSeconds) && m.RAMSeconds > 0 && (opt.Filter == nil || opt.Filter(m)) {
						bs = append(bs, m)
					}
				}
				return bs
			}
			var bs []Batch
			if opt.Columns != nil && opt.Filter == nil {
				bs = opt.Columns.of(&p, c, env, opt.Step, opt.Merge, enumerate)
			} else {
				bs = enumerate()
			}
			parts = append(parts, part{t, bs})
			n += len(bs)
		}
	}
	cols := make([]column, 0, n)
	for _, p := range parts {
		for i := range p.bs {
			cols = append(cols, column{target: p.target, batch: &p.bs[i]})
		}
	}
	return cols
}

func nextHack(h int, step float64) int {
	if step <= 1 || h < 32 {
		return h + 1
	}
	return max(h+1, int(float64(h)*step))
}
