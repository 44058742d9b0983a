package controller

import (
	"math"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/logline"
	"bbctl/internal/world"
)

// replan makes a new plan with the strategy's rules.
func (c *Controller) replan() {
	c.planDirty = false
	c.lastPlan = c.now
	c.planLevel = c.player.Hacking
	c.stats.Plans++
	c.indexWorkers()
	c.strategy.plan()
}

// planIncome is bbctl's plan: it solves the income programme for the RAM
// bbctl has now and gives each target its batch shapes and rate. Targets
// left out keep no new work.
func (c *Controller) planIncome() {
	capy, sizes := c.planCapacity()
	servers, weight := c.planWeights(capy)
	ceil, err := hacking.ComputeCeiling(servers, capy, c.env, hacking.Options{Step: c.cfg.PlanStep, Filter: sizes.fits, Weight: weight})
	if err != nil {
		c.logf(logline.Error, "plan: %v", err)
		return
	}
	c.applyPlan(ceil)
}

// workerSizes bounds the operations a plan may use: the largest worker of
// each core count bounds the grow and weaken a batch plans for that count
// (grow and weaken planned for c cores may also run on more), the largest
// of all bounds its hack.
type workerSizes struct {
	all     game.RAM
	byCores map[int]game.RAM
	share   game.RAM // an operation takes at most 1/share of its worker
}

// fits reports whether each operation of b fits in a share of the workers
// it may run on.
func (ws workerSizes) fits(b hacking.Batch) bool {
	gw := ws.byCores[b.Cores] / ws.share
	return world.HackRAM*game.RAM(b.Hack) <= ws.all/ws.share &&
		world.GrowRAM*game.RAM(b.Grow) <= gw &&
		world.WeakenRAM*game.RAM(max(b.Weaken1, b.Weaken2)) <= gw
}

// planCapacity returns what the workers offer a plan, and their sizes.
// Workers far smaller than the largest are left out of the plan: the plan's
// operations would not pack into them (they still take split weakens and
// preparation).
func (c *Controller) planCapacity() (hacking.Capacity, workerSizes) {
	capy := hacking.Capacity{
		RAMByCores:   map[int]game.RAM{},
		MaxProcesses: max(1, int(float64(c.cfg.MaxProcesses)*c.cfg.CapacityFactor)),
		SpacingMS:    c.periodFor(0) / 4,
	}
	workers := c.ledger.Workers()
	sizes := workerSizes{byCores: map[int]game.RAM{}}
	for _, w := range workers {
		sizes.all = max(sizes.all, w.Total-w.SetAside-w.Reserved)
	}
	minPlan := sizes.all / 16
	largest := sizes.byCores
	for _, w := range workers {
		usable := w.Total - w.SetAside - w.Reserved
		if usable <= 0 || usable < minPlan {
			continue
		}
		capy.RAMByCores[w.Cores] += game.RAM(float64(usable) * c.cfg.CapacityFactor)
		largest[w.Cores] = max(largest[w.Cores], usable)
	}
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
	sizes.share = 2
	if sizes.all >= 256*game.GiB {
		sizes.share = 4
	}
	return capy, sizes
}

// planWeights returns the targets the plan may use and the weight of each.
// It prefers what is already prepared: a target's preparation can take
// longer than the gain of switching to a slightly better one.
func (c *Controller) planWeights(capy hacking.Capacity) ([]game.Server, map[string]float64) {
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
	return servers, weight
}

// applyPlan gives each target its part of the plan ceil: its batch shapes,
// their rates and its income. A harvesting target left out retires (it
// harvests at half its rate until its replacements are prepared); others
// left out are dropped.
func (c *Controller) applyPlan(ceil hacking.Ceiling) {
	byHost := make(map[string]hacking.TargetPlan, len(ceil.Targets))
	for _, tp := range ceil.Targets {
		byHost[tp.Host] = tp
	}
	for _, t := range c.order {
		tp, ok := byHost[t.host]
		if !ok {
			switch {
			case t.planned && t.phase == Harvest && !t.repairing:
				if !t.retiring {
					t.retiring = true
					t.period *= 2
					c.logf(logline.Info, "%s retiring: it harvests until its replacements are ready", t.host)
				}
			case t.planned:
				c.logf(logline.Info, "%s dropped from the plan", t.host)
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
		c.logf(logline.Info, "plan at hacking %d: %d targets, %s/s (binding: %v)",
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
		gi, ok := hacking.GrowThreads(&at, s.MoneyAvailable, 1, c.env)
		if !ok {
			return math.Inf(1)
		}
		// The grow threads and their weakens'.
		g := float64(gi) * (1 + hacking.GrowSecurity(1)/hacking.WeakenRemoves(1, 1, c.env))
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
			c.logf(logline.Info, "%s dropped from the plan: its replacements are ready", t.host)
			t.planned, t.retiring, t.income = false, false, 0
		}
	}
}
