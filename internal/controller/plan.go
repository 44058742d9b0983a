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
//
// While some target of that plan (the steady plan) is still being prepared,
// the horizon plan (horizon.go) decides what earns meanwhile; once every
// one harvests, the plan is the steady plan.
func (c *Controller) planIncome() {
	capy, sizes := c.planCapacity()
	c.holes = sizes.share < 4
	servers, weight := c.planWeights(capy)
	opt := hacking.Options{Step: c.cfg.PlanStep, Filter: sizes.fits, Weight: weight, Merge: sizes.share == 1}
	ceil, err := hacking.ComputeCeiling(servers, capy, c.env, opt)
	if err != nil {
		c.logf(logline.Error, "plan: %v", err)
		return
	}
	c.steady = ceil
	c.noteGoals(ceil)
	if c.preparing(ceil) {
		if err := c.planHorizon(ceil, capy, opt); err != nil {
			c.logf(logline.Error, "horizon plan: %v", err)
		}
		return
	}
	if c.prepRAM > 0 {
		c.widenHandOver(ceil, capy, hacking.Options{Step: opt.Step, Filter: opt.Filter, Merge: opt.Merge})
	}
	c.prepRAM, c.earnRAM, c.prepOrder, c.replanAt = 0, 0, nil, never
	c.applyPlan(ceil, nil)
}

// widenHandOver gives the targets the horizon plan harvested and the
// steady plan ceil leaves out, as the horizon plan ends, the plan they
// would have with all the RAM, to hand it over from: their plan was
// sized in the RAM the preparations left, which are over now, and the
// pipelines of the steady plan's targets take a weaken time to fill the
// RAM. Income at the switch falls from the whole RAM's, not from what a
// preparation left.
func (c *Controller) widenHandOver(ceil hacking.Ceiling, capy hacking.Capacity, opt hacking.Options) {
	in := make(map[string]bool, len(ceil.Targets))
	for _, tp := range ceil.Targets {
		in[tp.Host] = true
	}
	var servers []game.Server
	for _, t := range c.order {
		if t.planned && t.phase == Harvest && !t.repairing && !t.retiring && !t.waiting && !in[t.host] && c.hackable(t) {
			servers = append(servers, t.srv)
		}
	}
	if len(servers) == 0 {
		return
	}
	wide, err := hacking.ComputeCeiling(servers, capy, c.env, opt)
	if err != nil {
		c.logf(logline.Error, "plan: %v", err)
		return
	}
	for _, tp := range wide.Targets {
		t := c.targets[tp.Host]
		if tp.Income <= t.income {
			continue
		}
		rate := 0.0
		for _, u := range tp.Uses {
			rate += u.Rate
		}
		t.uses, t.credit, t.rate, t.income = tp.Uses, nil, rate, tp.Income
		t.period = c.periodFor(rate)
	}
}

// preparing reports whether some target of the plan ceil still needs
// preparing.
func (c *Controller) preparing(ceil hacking.Ceiling) bool {
	for _, tp := range ceil.Targets {
		if t := c.targets[tp.Host]; t != nil && c.phaseNow(t) != Harvest {
			return true
		}
	}
	return false
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
	sizes.share = opShare(sizes.all)
	return capy, sizes
}

// opShare returns how many operations of a plan must fit side by side on
// the largest worker, whose usable RAM is largest: each takes at most
// 1/opShare of it. Four on workers of 256 GB or more and two on workers of
// 32 GB or more, so that the RAM does not fragment; one below that, where
// half a worker holds at most nine hack threads and a batch that small
// pays mostly for the single threads of its weakens and its grow (on
// early's 16 GB servers, n00dles's batches of four hack threads earn
// $31.6 per GB-second at hacking 25, those of nine $53.8).
func opShare(largest game.RAM) game.RAM {
	switch {
	case largest >= 256*game.GiB:
		return 4
	case largest >= 32*game.GiB:
		return 2
	}
	return 1
}

// planWeights returns the targets the plan may use and the weight of each.
// The steady plan sticks to its own targets: one that harvests counts
// double, and one being prepared — or waiting for the horizon plan to
// prepare it — counts double too, discounted by the time its preparation
// still takes against a six-hour horizon: a target's preparation can take
// longer than the gain of switching to a slightly better one, and a
// target of the plan whose partner is prepared first must not lose its
// place to the partner's less efficient batches. Other targets count what
// they earn: those the horizon plan harvests or prepares meanwhile do not
// keep the steady plan from the best targets.
func (c *Controller) planWeights(capy hacking.Capacity) ([]game.Server, map[string]float64) {
	var servers []game.Server
	weight := map[string]float64{}
	for _, t := range c.order {
		if !c.hackable(t) {
			continue
		}
		servers = append(servers, t.srv)
		if t.goalSince == 0 || t.retiring {
			continue
		}
		if t.planned && t.phase == Harvest {
			weight[t.host] = stickHarvest
			continue
		}
		secs, _ := c.prepLeft(t, capy.TotalRAM())
		// Never below a target not worked on: a long preparation only
		// loses its advantage.
		weight[t.host] = max(1, stickPrep*(1-secs*1000/float64(switchHorizonMS)))
	}
	return servers, weight
}

// applyPlan gives each target its part of the plan ceil: its batch shapes,
// their rates and its income. Targets in prepping are planned for
// preparation only (with those batch shapes and no rate: a later plan
// gives them one once they are ready). A harvesting target left out
// retires: it hands its RAM over gradually while the pipelines of the
// targets that take it fill; others left out are dropped.
func (c *Controller) applyPlan(ceil hacking.Ceiling, prepping map[string][]hacking.Use) {
	byHost := make(map[string]hacking.TargetPlan, len(ceil.Targets))
	for _, tp := range ceil.Targets {
		byHost[tp.Host] = tp
	}
	for host, uses := range prepping {
		byHost[host] = hacking.TargetPlan{Host: host, Uses: uses}
	}
	// A retiring target hands its RAM over until the first batches of the
	// targets that take it land.
	handTo := c.now + c.lookahead()
	for _, tp := range ceil.Targets {
		if t := c.targets[tp.Host]; t != nil {
			handTo = max(handTo, c.now+world.Time(math.Ceil(c.opTimes(t, t.srv.MinDifficulty).Weaken))+c.lookahead())
		}
	}
	for _, t := range c.order {
		tp, ok := byHost[t.host]
		if !ok {
			switch {
			case c.runsHarvest(t):
				if !t.retiring {
					t.retiring = true
					c.handOver(t, t.uses, t.rate, t.income, handTo)
					t.rate = 0
					c.logf(logline.Info, "%s retiring: it hands its RAM over until %s", t.host, clockOf(handTo))
				}
			case t.planned:
				c.logf(logline.Info, "%s dropped from the plan", t.host)
				c.setPlanned(t, false)
				t.retiring, t.waiting, t.income = false, false, 0
			}
			continue
		}
		t.retiring = false
		_, t.waiting = prepping[t.host]
		rate := 0.0
		for _, u := range tp.Uses {
			rate += u.Rate
		}
		if !t.planned && t.quiet() {
			t.phase = c.classify(&t.srv)
		}
		oldUses, oldRate, oldIncome := t.uses, t.rate, t.income
		if t.oldUses != nil && t.nextLand < t.handTo {
			// A hand-over in progress goes on from where it is.
			oldUses, oldRate = t.oldUses, t.rate+(t.oldRate-t.rate)*c.oldShare(t)
		}
		t.income = oldIncome
		c.handOver(t, oldUses, oldRate, tp.Income, handTo)
		c.setPlanned(t, true)
		t.uses = tp.Uses
		t.credit = nil
		c.completeAdopted(t)
		t.income = tp.Income
		t.rate = rate
		t.period = c.periodFor(rate)
	}
	c.sortTargets()
	if c.prepRAM > 0 {
		c.logf(logline.Info, "plan at hacking %d: harvesting %d targets for %s/s while %d are prepared (steady plan: %d targets, %s/s)",
			c.player.Hacking, len(ceil.Targets), game.FormatMoney(ceil.IncomePerSec), len(prepping),
			len(c.steady.Targets), game.FormatMoney(c.steady.IncomePerSec))
	} else if len(ceil.Targets) > 0 {
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

// retire drops retiring targets whose hand-over is over.
func (c *Controller) retire() {
	for _, t := range c.order {
		if t.retiring && c.now >= t.handTo {
			c.logf(logline.Info, "%s dropped from the plan: its RAM is handed over", t.host)
			c.setPlanned(t, false)
			t.retiring, t.income = false, 0
		}
	}
}

// switchHorizonMS is how far ahead the steady plan weighs a target's income
// against the time to prepare it, when it chooses where to go: six hours.
const switchHorizonMS = 6 * 3600 * 1000
