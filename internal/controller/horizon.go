package controller

import (
	"fmt"
	"math"
	"strings"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/logline"
	"bbctl/internal/world"
)

// The horizon plan (docs/scheduler.md, "The horizon plan"). The steady
// plan — the income programme's optimum — is where bbctl goes; while some
// of its targets are still being prepared, the horizon plan decides what
// earns meanwhile: hacking.Pick chooses, over the next Config.HorizonMS,
// which targets to harvest at once and which quick ones are worth
// preparing, counting each target's preparation time and the RAM its
// preparation holds; the income programme then sizes the harvests of the
// targets that are ready in the RAM the preparations leave.

// planHorizon makes the horizon plan for the steady plan steady, some of
// whose targets still need preparing.
func (c *Controller) planHorizon(steady hacking.Ceiling, capy hacking.Capacity, opt hacking.Options) error {
	ram := capy.TotalRAM()
	c.replanAt = never
	goals := make(map[string][]hacking.Use, len(steady.Targets))
	for _, tp := range steady.Targets {
		goals[tp.Host] = tp.Uses
	}
	dopt := hacking.Options{Step: opt.Step, Filter: opt.Filter, Merge: opt.Merge}
	var ps []hacking.Prospect
	best := map[string]hacking.Batch{}
	harvestable := map[string]bool{}
	var weigh []int // goals a restart took as settled, not yet prepared
	for _, t := range c.order {
		if !c.hackable(t) {
			continue
		}
		_, goal := goals[t.host]
		// The steady plan's targets are always prepared — once they have
		// held their place for a horizon (early in a BitNode, level-ups
		// change the plan every few seconds) — and a preparation under
		// way goes on. One a restart took as settled is weighed first
		// (prepPays). The horizon plan decides what earns meanwhile; a
		// target of a passing plan is prepared only if that pays.
		settled := goal && c.now-t.goalSince >= c.goalSettle()
		forced := goal && (c.prepStarted(t) || (settled && !t.resumed))
		switch {
		case goal && !forced && settled:
			weigh = append(weigh, len(ps))
		case goal && !forced:
			c.replanAt = min(c.replanAt, t.goalSince+c.goalSettle())
		}
		d, most, b, ok := hacking.BestDensity(t.srv, capy.SpacingMS, c.env, dopt)
		if !ok && !goal {
			continue
		}
		if goal {
			// What the steady plan gives it, at the density of its plan:
			// its batches of several shapes may use more RAM than the
			// densest alone, at the rate the landing spacing allows.
			var used game.RAM
			money := 0.0
			for _, u := range goals[t.host] {
				used += game.RAM(u.Rate * u.RAMSeconds * float64(game.GiB))
				money += u.Rate * u.Money
			}
			if used > 0 {
				d, most = money/used.GB(), used
			}
		}
		best[t.host] = b
		p := hacking.Prospect{Host: t.host, Density: d, MaxRAM: most, Goal: forced}
		switch {
		case c.phaseNow(t) == Harvest:
			harvestable[t.host] = true
		default:
			secs, holds := c.prepLeft(t, ram)
			p.ReadyIn = secs + c.opTimes(t, t.srv.MinDifficulty).Weaken/1000
			p.Holds = holds
		}
		ps = append(ps, p)
	}
	c.prepPays(ps, weigh, harvestable, ram)
	picked, _ := hacking.Pick(ps, ram, (c.cfg.HorizonMS).Seconds())
	if len(harvestable) == 0 {
		picked = firstMoney(ps, picked, ram)
	}
	// When the picks harvest nothing, one ready target keeps earning in a
	// small share of the RAM.
	c.earnRAM = 0
	if p, ok := keepEarning(ps, picked, harvestable); ok {
		picked = append(picked, p)
		c.earnRAM = game.RAM(float64(ram) * keepShare)
	}

	var ready []game.Server
	prepping := map[string][]hacking.Use{}
	var reserve game.RAM
	c.prepOrder = c.prepOrder[:0]
	for _, p := range picked {
		t := c.targets[p.Host]
		if harvestable[p.Host] {
			ready = append(ready, t.srv)
			continue
		}
		if uses, ok := goals[p.Host]; ok {
			prepping[p.Host] = uses
		} else {
			prepping[p.Host] = []hacking.Use{{Batch: best[p.Host]}}
		}
		reserve += c.prepHold(t)
		c.prepOrder = append(c.prepOrder, t)
	}
	switch {
	case c.earnRAM > 0:
		// A harvest only keepEarning chose keeps its share; the
		// preparations take the rest (prepBudget).
		reserve = min(reserve, ram-c.earnRAM)
	case len(ready) > 0:
		// While targets harvest, preparation takes at most two thirds of
		// the RAM: a larger preparation runs in more rounds, so that
		// income dips instead of stopping.
		reserve = min(reserve, ram*2/3)
	}
	reserve = max(world.WeakenRAM, min(reserve, ram))
	c.prepRAM = reserve
	harvest := capy
	harvest.RAMByCores = make(map[int]game.RAM, len(capy.RAMByCores))
	keep := 1 - reserve.GB()/ram.GB()
	for cores, r := range capy.RAMByCores {
		harvest.RAMByCores[cores] = game.RAM(float64(r) * keep)
	}
	ceil, err := hacking.ComputeCeiling(ready, harvest, c.env, opt)
	if err != nil {
		return err
	}
	inPlan := make(map[string]bool, len(ceil.Targets))
	for _, tp := range ceil.Targets {
		inPlan[tp.Host] = true
	}
	for _, s := range ready {
		if t := c.targets[s.Hostname]; !inPlan[s.Hostname] && !c.runsHarvest(t) {
			// Chosen, but no RAM to harvest it now: it stays prepared.
			// One that harvests retires instead (applyPlan): it hands its
			// RAM over while the pipelines of the targets taking it fill.
			prepping[s.Hostname] = []hacking.Use{{Batch: best[s.Hostname]}}
		}
	}
	c.applyPlan(ceil, prepping)
	return nil
}

// prepPays weighs the prospects ps[weigh]: targets of the steady plan a
// restarted controller took as settled (resumeSettleMS), whose preparation
// has not begun. A restarted controller cannot know how long the earlier
// run's plan had held, so it takes it as settled only where that bet is
// safe: where the preparation pays within prepWindowMS — what the target
// earns from when it is ready to the end of the window, above what the
// ready targets would earn in its RAM then, is more than what its
// preparation displaces until then (hacking.PrepPays, on Pick's model).
// That one is a goal at once; the others wait a horizon from now, as a
// target new to the steady plan does. Each verdict is logged.
func (c *Controller) prepPays(ps []hacking.Prospect, weigh []int, harvestable map[string]bool, ram game.RAM) {
	var ready []hacking.Prospect
	for _, p := range ps {
		if harvestable[p.Host] {
			p.ReadyIn, p.Holds = 0, nil
			ready = append(ready, p)
		}
	}
	for _, i := range weigh {
		p := &ps[i]
		t := c.targets[p.Host]
		gain, cost := hacking.PrepPays(*p, ready, ram, prepWindowMS/1000)
		t.resumed = false
		if p.Goal = p.ReadyIn <= 0 || gain > cost; p.Goal {
			c.logf(logline.Info, "%s: preparation starts: the steady plan found at the restart, and it pays: ready in %s, it displaces %s meanwhile and adds %s by %s from now",
				p.Host, inWords(p.ReadyIn), game.FormatMoney(cost), game.FormatMoney(gain), inWords(prepWindowMS/1000))
			continue
		}
		t.goalSince = c.now
		c.replanAt = min(c.replanAt, t.goalSince+c.goalSettle())
		c.logf(logline.Info, "%s: preparation waits a horizon: the steady plan found at the restart, but it does not pay: ready in %s, it displaces %s meanwhile and adds %s by %s from now",
			p.Host, inWords(p.ReadyIn), game.FormatMoney(cost), game.FormatMoney(gain), inWords(prepWindowMS/1000))
	}
}

// firstMoney puts first among the picked prospects, while nothing
// harvests, the one that can be ready soonest of those whose preparation
// holds at most a firstMoneyShare of ram — picked or not. Pick counts
// money, not how soon it comes: with every byte of RAM spoken for by the
// preparations of better targets, a quick one earns nothing in its model,
// and the first money would wait for the first of them to be ready. A
// small quick preparation booked first costs them little and puts money
// in the bank within the first minutes (its first round carries a hack).
func firstMoney(ps, picked []hacking.Prospect, ram game.RAM) []hacking.Prospect {
	q := -1
	for i, p := range ps {
		if p.ReadyIn <= 0 || p.ReadyIn > firstMoneyWithin {
			continue
		}
		held := game.RAM(0)
		for _, h := range p.Holds {
			held = max(held, h.RAM)
		}
		if held <= game.RAM(float64(ram)*firstMoneyShare) && (q < 0 || p.ReadyIn < ps[q].ReadyIn) {
			q = i
		}
	}
	if q < 0 || (len(picked) > 0 && picked[0].Host == ps[q].Host) {
		return picked
	}
	out := []hacking.Prospect{ps[q]}
	for _, p := range picked {
		if p.Host != ps[q].Host {
			out = append(out, p)
		}
	}
	return out
}

// keepEarning returns, when none of the picked prospects is ready to
// harvest, the ready one with the most money per GB-second: it harvests in
// a keepShare of the RAM while the preparations hold the rest. Pick counts
// money, not whether money comes: with every byte spoken for by the
// preparations of better targets, a harvest earns nothing in its model,
// so the target firstMoney prepared would be dropped as soon as it is
// ready, and income would stop until the first batches of a prepared
// target land (on mid's seed 2, six minutes). A small share keeps money
// coming and costs the preparations little.
func keepEarning(ps, picked []hacking.Prospect, harvestable map[string]bool) (hacking.Prospect, bool) {
	for _, p := range picked {
		if harvestable[p.Host] {
			return hacking.Prospect{}, false
		}
	}
	q := -1
	for i, p := range ps {
		if harvestable[p.Host] && p.Density > 0 && (q < 0 || p.Density > ps[q].Density) {
			q = i
		}
	}
	if q < 0 {
		return hacking.Prospect{}, false
	}
	return ps[q], true
}

// The first money comes from a target ready within firstMoneyWithin
// seconds whose preparation holds at most firstMoneyShare of the RAM.
const (
	firstMoneyWithin = 120
	firstMoneyShare  = 1.0 / 32
)

// keepShare is the share of the RAM a harvest that only keepEarning
// chose keeps from the preparations.
const keepShare = 1.0 / 32

// goalSettle is how long a target must stay in the steady plan before its
// preparation is certain: the horizon. Early in a BitNode, level-ups
// change the steady plan every few seconds, and preparing each passing
// target would leave the RAM nothing to harvest with; the horizon plan
// prepares a target sooner when that pays within the horizon, and one that
// does not pay sooner is not worth the horizon's money.
func (c *Controller) goalSettle() world.Time { return c.cfg.HorizonMS }

// prepWindowMS is how far ahead, from now, prepPays counts the gain of a
// preparation a restart found against its cost. The-hub on faults (ready
// in 30 minutes) pays back in under two hours; harakiri-sushi on early
// (4.2 hours to prepare) cannot pay within the window at all
// (docs/scheduler.md).
const prepWindowMS = 3 * 60 * 60 * 1000

// resumeSettleMS is how long after a restart in a game under way the
// steady plan's targets wait before their preparation is weighed
// (prepPays): the adopted work carries on meanwhile.
const resumeSettleMS = 5 * 60 * 1000

// phaseNow returns the phase t is in, or would be in if it were planned
// now.
func (c *Controller) phaseNow(t *target) Phase {
	if t.phase == Pending && t.quiet() {
		return c.classify(&t.srv)
	}
	return t.phase
}

// prepWork returns the threads of t's preparation that are in flight
// (weakens of its excess security among them, and grows), and the latest
// landing among them.
func (c *Controller) prepWork(t *target) (live, w1, g int, end world.Time) {
	for _, b := range t.batches {
		if b.kind != prepBatch {
			continue
		}
		for _, o := range b.ops {
			if !o.live() {
				continue
			}
			live += o.threads
			end = max(end, o.landAt)
			switch o.role {
			case roleWeaken1:
				w1 += o.threads
			case roleGrow:
				g += o.threads
			}
		}
	}
	return live, w1, g, end
}

// prepNeed returns the threads t's preparation still has to book now:
// weakens of its excess security (with a first round's hack and its
// weaken), and grows with their weakens (none while a serial preparation's
// weakens have not landed).
func (c *Controller) prepNeed(t *target) (w1, g, w2 int) {
	s := t.srv
	_, liveW1, liveG, _ := c.prepWork(t)
	raised := s.HackDifficulty > s.MinDifficulty+c.cfg.SecurityTolerance
	if raised && liveW1 == 0 {
		w1 = overProvision(hacking.WeakenThreads(s.HackDifficulty-s.MinDifficulty, 1, c.env))
	}
	if s.MoneyAvailable >= s.MoneyMax*(1-c.cfg.MoneyTolerance) || ((raised || liveW1 > 0) && c.serialPrep(t)) {
		return w1, 0, 0
	}
	// A first round at minimum security carries a hack (prepare), and grows
	// back what it takes.
	frac := 0.0
	if !raised && t.rounds == 0 && liveW1 == 0 && s.MoneyAvailable > 0 && len(t.uses) > 0 && c.hackable(t) {
		if pct := hacking.HackShare(s, c.env); pct > 0 {
			frac = hacking.Stolen(pct, t.uses[0].Hack)
			w1 = t.uses[0].Hack + hacking.HackWeakenThreads(t.uses[0].Hack, pct, 1, c.env)
		}
	}
	at := s
	at.HackDifficulty = s.MinDifficulty
	gi, ok := hacking.GrowThreads(&at, s.MoneyAvailable*(1-frac), 1, c.env)
	if !ok {
		return w1, 0, 0
	}
	g = max(0, overProvision(gi)-liveG)
	// Each prep batch rounds its grow's weaken up.
	return w1, g, hacking.GrowWeakenThreads(g, 1, c.env) + min(prepParts, g/prepMinThreads)
}

// prepHold returns the RAM t's preparation holds and is about to book.
func (c *Controller) prepHold(t *target) game.RAM {
	live, _, _, _ := c.prepWork(t)
	w1, g, w2 := c.prepNeed(t)
	return game.RAM(live+w1+g+w2) * world.WeakenRAM
}

// prepLeft estimates how long preparing t still takes with ram, in
// seconds, and the RAM it holds meanwhile, span by span: what is in
// flight, then rounds of weakens at its current security, then rounds of
// grows at its minimum (at once with the weakens for a target prepared in
// one go).
func (c *Controller) prepLeft(t *target, ram game.RAM) (float64, []hacking.Hold) {
	s := t.srv
	capThreads := math.Max(1, float64(ram/world.WeakenRAM))
	live, liveW1, liveG, end := c.prepWork(t)
	secs := math.Max(0, float64(end-c.now)/1000)
	var holds []hacking.Hold
	if secs > 0 && live > 0 {
		holds = append(holds, hacking.Hold{Until: secs, RAM: game.RAM(live) * world.WeakenRAM})
	}
	w1, g, w2 := c.prepNeed(t)
	tmin := c.opTimes(t, s.MinDifficulty).Weaken / 1000
	serial := c.serialPrep(t)
	if serial && (w1 > 0 || liveW1 > 0) && liveG == 0 && s.MoneyAvailable < s.MoneyMax*(1-c.cfg.MoneyTolerance) {
		// The grows that follow the weakens.
		at := s
		at.HackDifficulty = s.MinDifficulty
		if gi, ok := hacking.GrowThreads(&at, s.MoneyAvailable, 1, c.env); ok {
			g = overProvision(gi)
			w2 = hacking.GrowWeakenThreads(g, 1, c.env)
		}
	}
	round := func(threads int, dur float64) {
		if threads == 0 {
			return
		}
		n := math.Ceil(float64(threads) / capThreads)
		secs += n * dur
		holds = append(holds, hacking.Hold{Until: secs, RAM: game.RAM(float64(threads) / n * float64(world.WeakenRAM))})
	}
	switch {
	case w1 > 0 && !serial:
		round(w1+g+w2, c.opTimes(t, s.HackDifficulty).Weaken/1000)
	case w1 > 0:
		round(w1, c.opTimes(t, s.HackDifficulty).Weaken/1000)
		round(g+w2, tmin)
	default:
		round(g+w2, tmin)
	}
	if secs <= 0 {
		return 0, nil
	}
	return secs, holds
}

// notePrep records when t's preparation began and when the work now in
// flight is done, for the status.
func (c *Controller) notePrep(t *target) {
	if t.prepFrom == 0 || t.phase == Harvest {
		t.prepFrom = max(c.now, 1) // 0 means none
	}
}

// clockOf formats a time as h:mm:ss.
func clockOf(t world.Time) string {
	sec := int64(t / 1000)
	return fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
}

// replanSoon asks for a new horizon plan: it changes with every target
// that is ready or starts its last round of preparation.
func (c *Controller) replanSoon() {
	if c.prepRAM > 0 {
		c.planDirty = true
	}
}

// prepStarted reports whether t's preparation has begun: it is planned and
// work of it is in flight, or it is no longer where it started (its
// security at its minimum while its money is not yet at its maximum).
func (c *Controller) prepStarted(t *target) bool {
	if !t.planned || t.phase == Harvest {
		return false
	}
	live, _, _, _ := c.prepWork(t)
	return live > 0 || t.rounds > 0
}

// noteGoals records since when each target is in the steady plan ceil.
func (c *Controller) noteGoals(ceil hacking.Ceiling) {
	in := make(map[string]bool, len(ceil.Targets))
	for _, tp := range ceil.Targets {
		in[tp.Host] = true
	}
	for _, t := range c.order {
		switch {
		case !in[t.host]:
			t.goalSince, t.resumed = 0, false
		case t.goalSince == 0 && c.resumed && c.stats.Plans <= 1:
			// A restart in a game under way: the earlier run's steady
			// plan may have settled already. Its preparation is weighed
			// after a few minutes, while the adopted work carries on, and
			// starts then if it pays (prepPays).
			t.goalSince = c.now - c.goalSettle() + resumeSettleMS
			t.resumed = true
		case t.goalSince == 0:
			t.goalSince = c.now
		}
	}
}

// waiting says what the income waits for, for the status: "preparing
// the-hub: 62 %, ready in 7 min; first hacks on phantasy in 40 s;
// harvesting joesguns meanwhile". Empty when nothing is prepared and every
// harvest has landed hacks.
func (c *Controller) waiting() string {
	ram := c.usableRAM()
	var prep, first, harvest []string
	// The horizon plan's preparations in its order (the most valuable
	// first), then any other.
	order := append(append([]*target(nil), c.prepOrder...), c.order...)
	seen := make(map[*target]bool, len(order))
	more := 0
	for _, t := range order {
		if seen[t] {
			continue
		}
		seen[t] = true
		switch {
		case !t.planned || t.retiring:
		case (t.phase == Till || t.phase == Sow) && len(prep) == maxWaiting:
			more++
		case t.phase == Till || t.phase == Sow:
			left, _ := c.prepLeft(t, ram)
			done := 0.0
			if t.prepFrom > 0 && c.now >= t.prepFrom {
				gone := float64(c.now-t.prepFrom) / 1000
				done = 100 * gone / (gone + left)
			}
			prep = append(prep, fmt.Sprintf("preparing %s: %.0f %%, ready in %s", t.host, done, inWords(left)))
		case t.phase == Harvest && t.hacks == 0 && len(t.batches) > 0:
			next := t.batches[0].first()
			first = append(first, fmt.Sprintf("first hacks on %s in %s", t.host, inWords(float64(next-c.now)/1000)))
		case t.phase == Harvest && !t.waiting:
			harvest = append(harvest, t.host)
		}
	}
	if len(prep)+len(first) == 0 {
		return ""
	}
	if more > 0 {
		prep = append(prep, fmt.Sprintf("%d more being prepared", more))
	}
	if len(first) > maxWaiting {
		first = append(first[:maxWaiting], fmt.Sprintf("%d more", len(first)-maxWaiting))
	}
	if len(harvest) > maxWaiting {
		harvest = append(harvest[:maxWaiting], fmt.Sprintf("%d more", len(harvest)-maxWaiting))
	}
	parts := append(prep, first...)
	if len(harvest) > 0 {
		parts = append(parts, "harvesting "+strings.Join(harvest, ", ")+" meanwhile")
	}
	return strings.Join(parts, "; ")
}

// maxWaiting is how many targets of each kind the waiting text names.
const maxWaiting = 2

// inWords says a number of seconds the way a player reads a wait.
func inWords(sec float64) string {
	switch {
	case sec < 1:
		return "a moment"
	case sec < 90:
		return fmt.Sprintf("%.0f s", sec)
	case sec < 90*60:
		return fmt.Sprintf("%.0f min", sec/60)
	}
	return fmt.Sprintf("%.1f h", sec/3600)
}
