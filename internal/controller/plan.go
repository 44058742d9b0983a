package controller

import (
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
	workers := c.ledger.Workers()
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
	// fit side by side and the RAM does not fragment — as far as the
	// workers are large enough to allow it.
	share := game.RAM(2)
	if largestAll >= 256*game.GiB {
		share = 4
	}
	fits := func(b hacking.Batch) bool {
		gw := largest[b.Cores] / share
		return world.HackRAM*game.RAM(b.Hack) <= largestAll/share &&
			world.GrowRAM*game.RAM(b.Grow) <= gw &&
			world.WeakenRAM*game.RAM(max(b.Weaken1, b.Weaken2)) <= gw
	}
	// Prefer what is already prepared: a target's preparation can take
	// longer than the gain of switching to a slightly better one.
	var servers []game.Server
	weight := map[string]float64{}
	harvesting := false
	for _, t := range c.order {
		harvesting = harvesting || (t.planned && t.phase == Harvest)
	}
	for _, t := range c.order {
		if !c.hackable(t) {
			continue
		}
		servers = append(servers, t.srv)
		if t.planned && t.phase == Harvest && !t.retiring {
			weight[t.host] = stickHarvest
			continue
		}
		// What it earns before the horizon, net of the time to prepare it;
		// while another target harvests, preparation gets about half the
		// RAM.
		ram := capy.TotalRAM()
		if harvesting {
			ram /= 2
		}
		w := max(0.02, 1-c.prepTime(t, ram)/float64(c.cfg.HorizonMS))
		if t.planned && !t.retiring {
			w *= stickPrep
		}
		weight[t.host] = w
	}
	ceil, err := hacking.ComputeCeiling(servers, capy, c.env, hacking.Options{Step: c.cfg.PlanStep, Filter: fits, Weight: weight})
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
			switch {
			case t.planned && t.phase == Harvest && !t.repairing:
				// Keep earning on it, at half its rate, until the targets
				// that replace it are prepared.
				if !t.retiring {
					t.retiring = true
					t.period *= 2
					c.logf("INFO", "%s retiring: it harvests until its replacements are ready", t.host)
				}
			case t.planned:
				c.logf("INFO", "%s dropped from the plan", t.host)
				t.planned, t.retiring, t.income = false, false, 0
			}
			continue
		}
		t.retiring = false
		rate := 0.0
		for _, u := range tp.Uses {
			rate += u.Rate
		}
		if !t.planned && t.quiet() {
			t.phase = c.classify(&t.srv)
		}
		t.planned = true
		t.uses = tp.Uses
		t.credit = nil
		c.completeAdopted(t)
		t.income = tp.Income
		t.period = c.periodFor(rate)
	}
	c.sortTargets()
	if len(ceil.Targets) > 0 {
		c.logf("INFO", "plan at hacking %d: %d targets, %s/s (binding: %v)",
			c.player.Hacking, len(ceil.Targets), game.FormatMoney(ceil.IncomePerSec), ceil.Binding)
	}
}

// Plan weights: how much better a new target must be to displace one that is
// prepared, or being prepared.
const (
	stickHarvest = 2
	stickPrep    = 2
)

// prepTime estimates how long preparing t takes with the given RAM, in ms:
// rounds of weakens at its current security, then rounds of grows and
// their weakens at its minimum.
func (c *Controller) prepTime(t *target, ram game.RAM) float64 {
	s := t.srv
	capThreads := math.Max(1, float64(ram/world.WeakenRAM))
	est := 0.0
	if s.HackDifficulty > s.MinDifficulty {
		w := float64(hacking.WeakenThreads(s.HackDifficulty-s.MinDifficulty, 1, c.env))
		est += math.Ceil(w/capThreads) * c.opTimes(t, s.HackDifficulty).Weaken
	}
	if s.MoneyAvailable < s.MoneyMax*(1-c.cfg.MoneyTolerance) {
		at := s
		at.HackDifficulty = s.MinDifficulty
		g := game.GrowThreads(&at, s.MoneyMax, s.MoneyAvailable, &c.env.Person, 1, c.env.BN)
		if math.IsInf(g, 0) || math.IsNaN(g) {
			return math.Inf(1)
		}
		g *= 1 + game.GrowSecurityPerThread/game.WeakenEffect(1, 1, c.env.BN)
		est += math.Ceil(g/capThreads) * c.opTimes(t, s.MinDifficulty).Weaken
	}
	return est
}

// retire ends the harvest of retiring targets once no planned target is
// still being prepared.
func (c *Controller) retire() {
	for _, t := range c.order {
		if t.planned && !t.retiring && t.phase != Harvest {
			return
		}
	}
	for _, t := range c.order {
		if t.retiring {
			c.logf("INFO", "%s dropped from the plan: its replacements are ready", t.host)
			t.planned, t.retiring, t.income = false, false, 0
		}
	}
}
