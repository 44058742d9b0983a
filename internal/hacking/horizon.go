package hacking

import (
	"math"
	"sort"

	"bbctl/internal/game"
)

// This file is the horizon planner: which targets to work on now so that
// the money earned over the next hours, preparation included, is the most.
// The income programme (ceiling.go) knows only rates: it picks the best
// targets for good, however long they take to prepare. The horizon planner
// adds time: a target earns only once it is prepared and its first batches
// land, and while it is prepared its weakens and grows hold RAM that earns
// nothing. RAM that preparation does not need goes to targets that are
// ready, or quick to prepare, meanwhile.

// Prospect is one target as the horizon planner sees it.
type Prospect struct {
	Host string
	// ReadyIn is how long, in seconds, until the target earns at its full
	// rate: 0 when it harvests now, else its preparation and the time its
	// first batches take to land.
	ReadyIn float64
	// Holds is the RAM its preparation holds until then, span by span, in
	// time order (a round of weakens, then one of grows, each holds its
	// own). The last span lasts until ReadyIn at least.
	Holds []Hold
	// Density is the money its best batches earn per GB-second of RAM.
	Density float64
	// MaxRAM is the most RAM its batches can use (the landing spacing bounds
	// the rate of batches on one target).
	MaxRAM game.RAM
	// Goal marks the prospects that must be worked on whatever the
	// horizon: targets of the steady plan whose time has come.
	Goal bool
}

// Hold is RAM a preparation holds until a moment, in seconds from now (from
// the end of the span before it).
type Hold struct {
	Until float64
	RAM   game.RAM
}

// held returns the RAM p's preparation holds at the moment at.
func (p *Prospect) held(at float64) float64 {
	if at >= p.ReadyIn {
		return 0
	}
	for _, h := range p.Holds {
		if at < h.Until {
			return h.RAM.GB()
		}
	}
	if n := len(p.Holds); n > 0 {
		return p.Holds[n-1].RAM.GB() // the last span lasts until ReadyIn
	}
	return 0
}

// Pick returns the prospects to work on now (prepare or harvest) to earn
// the most within horizon seconds with ram: the goals, then, one at a time,
// the prospect that adds the most money, until none adds any — in that
// order, which is the order to prepare them in. It also returns the money
// the chosen set is expected to earn.
//
// The money of a set is counted exactly on its own model: between two
// moments at which a prospect becomes ready or a span of a preparation
// ends, the RAM its members' preparations leave free goes to the ready
// members by density, each up to its MaxRAM (a fractional knapsack,
// optimal when RAM is the binding limit).
func Pick(ps []Prospect, ram game.RAM, horizon float64) ([]Prospect, float64) {
	in := make([]bool, len(ps))
	var order []int // in the order chosen
	for i, p := range ps {
		if in[i] = p.Goal; in[i] {
			order = append(order, i)
		}
	}
	best := horizonMoney(ps, in, ram, horizon)
	for {
		add, addMoney := -1, best
		for i := range ps {
			if in[i] {
				continue
			}
			in[i] = true
			if m := horizonMoney(ps, in, ram, horizon); m > addMoney*(1+1e-9) {
				add, addMoney = i, m
			}
			in[i] = false
		}
		if add < 0 {
			break
		}
		in[add], best = true, addMoney
		order = append(order, add)
	}
	out := make([]Prospect, len(order))
	for k, i := range order {
		out[k] = ps[i]
	}
	return out, best
}

// horizonMoney is the money the prospects marked in earn within horizon
// seconds with ram.
func horizonMoney(ps []Prospect, in []bool, ram game.RAM, horizon float64) float64 {
	var at []float64
	var order []int // members by density, highest first
	for i, p := range ps {
		if !in[i] {
			continue
		}
		order = append(order, i)
		if p.ReadyIn > 0 && p.ReadyIn < horizon {
			at = append(at, p.ReadyIn)
		}
		for _, h := range p.Holds {
			if h.Until > 0 && h.Until < min(p.ReadyIn, horizon) {
				at = append(at, h.Until)
			}
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return ps[order[a]].Density > ps[order[b]].Density })
	at = append(at, 0, horizon)
	sort.Float64s(at)
	money := 0.0
	for k := 0; k+1 < len(at); k++ {
		from, to := at[k], at[k+1]
		if to <= from {
			continue
		}
		free := ram.GB()
		for _, i := range order {
			free -= ps[i].held(from)
		}
		for _, i := range order {
			if free <= 0 {
				break
			}
			if p := ps[i]; p.ReadyIn <= from {
				use := math.Min(free, p.MaxRAM.GB())
				money += use * p.Density * (to - from)
				free -= use
			}
		}
	}
	return money
}

// BestDensity returns the best batch on s (taken prepared) with grow and
// weaken on one core — the one that earns the most per GB-second — with its
// money per GB-second and the RAM such batches use at the most batches the
// landing spacing allows. It reports false when s has no batch.
func BestDensity(s game.Server, spacingMS float64, env Env, opt Options) (float64, game.RAM, Batch, bool) {
	cols := columns([]game.Server{s}, []int{1}, env, opt)
	best := -1
	for i := range cols {
		if best < 0 || cols[i].batch.Money/cols[i].batch.RAMSeconds > cols[best].batch.Money/cols[best].batch.RAMSeconds {
			best = i
		}
	}
	if best < 0 || spacingMS <= 0 {
		return 0, 0, Batch{}, false
	}
	b := *cols[best].batch
	rate := 1000 / (4 * spacingMS)
	return b.Money / b.RAMSeconds, game.RAM(math.Ceil(rate * b.RAMSeconds * float64(game.GiB))), b, true
}

// PrepPays weighs preparing p, not yet ready, against harvesting on with
// the ready prospects alone (each with ReadyIn 0) in ram, over the next
// window seconds. The cost is the income the preparation displaces: what
// the ready ones lose in the RAM it holds until p is ready. The gain is
// what p adds from then to the end of the window, at its density up to
// its MaxRAM, over what the ready ones would earn in that RAM. Both are
// counted on Pick's model (horizonMoney): p pays within the window when
// gain > cost. A p not ready within the window gains nothing.
func PrepPays(p Prospect, ready []Prospect, ram game.RAM, window float64) (gain, cost float64) {
	if p.ReadyIn <= 0 {
		return 0, 0
	}
	ps := append(append([]Prospect(nil), ready...), p)
	with := make([]bool, len(ps))
	without := make([]bool, len(ps))
	for i := range ready {
		with[i], without[i] = true, true
	}
	with[len(ps)-1] = true
	until := func(in []bool, at float64) float64 { return horizonMoney(ps, in, ram, at) }
	at := min(p.ReadyIn, window)
	cost = until(without, at) - until(with, at)
	gain = (until(with, window) - until(with, at)) - (until(without, window) - until(without, at))
	return gain, cost
}
