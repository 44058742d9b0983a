package controller

import (
	"fmt"
	"math"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/world"
)

// replan solves the income programme for the RAM bbctl has now and gives
// each target its batch shape and rate. Targets left out keep no new work.
func (c *Controller) replan() {
	c.planDirty = false
	c.lastPlan = c.now
	c.planLevel = c.player.Hacking
	c.stats.Plans++
	c.indexWorkers()
	if c.cfg.Strategy == SeedStrategy {
		c.seedPlan()
		return
	}

	capy := hacking.Capacity{
		RAMByCores:   map[int]game.RAM{},
		MaxProcesses: max(1, int(float64(c.cfg.MaxProcesses)*c.cfg.CapacityFactor)),
		SpacingMS:    c.periodFor(0) / 4,
	}
	// The largest worker of each core count bounds the grow and weaken a
	// batch may plan for that count; the largest of all bounds its hack.
	// Workers far smaller than the largest are left out of the plan: the
	// plan's operations would not pack into them (they still take split
	// weakens and preparation).
	workers := c.ledger.Snapshot().Workers
	var largestAll game.RAM
	for _, w := range workers {
		largestAll = max(largestAll, w.Total-w.SetAside-w.Reserved)
	}
	minPlan := largestAll / 16
	largest := map[int]game.RAM{}
	for _, w := range workers {
		usable := w.Total - w.SetAside - w.Reserved
		if usable <= 0 || usable < minPlan {
			continue
		}
		capy.RAMByCores[w.Cores] += game.RAM(float64(usable) * c.cfg.CapacityFactor)
		largest[w.Cores] = max(largest[w.Cores], usable)
	}
	// Grow and weaken planned for c cores may also run on more cores.
	for cores := range largest {
		for other, r := range largest {
			if other > cores {
				largest[cores] = max(largest[cores], r)
			}
		}
	}
	// Keep each operation to a fraction of the worker, so that several
	// fit side by side and the RAM does not fragment.
	const share = 4
	fits := func(b hacking.Batch) bool {
		gw := largest[b.Cores] / share
		return world.HackRAM*game.RAM(b.Hack) <= largestAll/share &&
			world.GrowRAM*game.RAM(b.Grow) <= gw &&
			world.WeakenRAM*game.RAM(max(b.Weaken1, b.Weaken2)) <= gw
	}
	var servers []game.Server
	for _, t := range c.order {
		if c.hackable(t) {
			servers = append(servers, t.srv)
		}
	}
	ceil, err := hacking.ComputeCeiling(servers, capy, c.env, hacking.Options{Step: c.cfg.PlanStep, Filter: fits})
	if err != nil {
		c.logf("ERROR", "plan: %v", err)
		return
	}
	byHost := make(map[string]hacking.TargetPlan, len(ceil.Targets))
	for _, tp := range ceil.Targets {
		byHost[tp.Host] = tp
	}
	for _, t := range c.order {
		tp, ok := byHost[t.host]
		if !ok {
			if t.planned {
				c.logf("INFO", "%s dropped from the plan", t.host)
			}
			t.planned = false
			t.income = 0
			continue
		}
		rate := 0.0
		for _, u := range tp.Uses {
			rate += u.Rate
		}
		if !t.planned {
			t.phase = c.classify(&t.srv)
			if !t.quiet() {
				t.phase = Sow // state unknown until it is quiet
			}
		}
		t.planned = true
		t.uses = tp.Uses
		t.credit = nil
		t.income = tp.Income
		t.period = c.periodFor(rate)
	}
	c.sortTargets()
	c.logf("INFO", "plan at hacking %d: %d targets, ceiling $%s/s (binding: %v)",
		c.player.Hacking, len(ceil.Targets), money(ceil.IncomePerSec), ceil.Binding)
}

// money formats a dollar amount compactly, e.g. "1.23b".
func money(x float64) string {
	units := []string{"", "k", "m", "b", "t", "q"}
	i := 0
	for math.Abs(x) >= 1000 && i < len(units)-1 {
		x /= 1000
		i++
	}
	return fmt.Sprintf("%.3g%s", x, units[i])
}
