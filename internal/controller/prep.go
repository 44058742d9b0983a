package controller

import (
	"math"
	"sort"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/logline"
	"bbctl/internal/memory"
	"bbctl/internal/world"
)

// A round of preparation is cut into about prepParts batches, each op of
// at least prepMinThreads threads.
const (
	prepParts      = 200
	prepMinThreads = 4
)

// overProvision adds a tenth to a round's threads (at least one): a grow
// beyond the maximum money or a weaken below the minimum security is
// harmless, and the spare covers a process that dies on the way.
func overProvision(n int) int {
	if n == 0 {
		return 0
	}
	return n + max(1, n/10)
}

// prepWaitMS is how long a round of preparation the horizon plan made
// room for waits for that room before it starts with what is free.
const prepWaitMS = 120 * 1000

// prepSlack is the time a prep operation allows between its launch and its
// latest possible call.
const prepSlack world.Time = 1000

// prepare starts a round of preparation on a planned target that needs
// tilling or sowing: weakens that take the security to its minimum, grows
// that take the money to its maximum, and the weakens that remove the
// grows' security. Each operation is one process, so a round is cut into
// prep batches (W1, G, W2) that each fit on one worker; their RAM is booked
// at once, so that a grow cannot lose its place to later work. What does
// not fit waits for the next round.
func (c *Controller) prepare(t *target) {
	if !t.planned || t.repairing || (t.phase != Till && t.phase != Sow) || c.now < t.backoff || !t.srv.HasAdminRights {
		return
	}
	topUp := false
	if !t.quiet() || t.seenAt < t.lastDone {
		// A sowing round in flight may be topped up with more grows when
		// RAM frees up: grows at minimum security add up.
		if topUp = c.cfg.Strategy == BbctlStrategy && c.mayTopUp(t); !topUp {
			return
		}
	}
	if !c.strategy.mayPrepare(t) {
		return
	}
	_, where, err := c.ledger.Fit(world.WeakenRAM)
	if err != nil || len(where) == 0 {
		return
	}
	free := make([]int, len(where))
	for i, ch := range where {
		free[i] = ch.N
	}
	allowed := c.prepBudget()
	budget := min(allowed, int(c.ledger.FreeRAM()/world.WeakenRAM))
	if !topUp && c.prepRAM > 0 && c.earnRAM == 0 && c.harvesting() {
		// The horizon plan set RAM aside for this round: wait a while for
		// the harvests it was taken from to hand it over, rather than start
		// a round too small to finish the job (but not for more than the
		// plan allows).
		w1, g, w2 := c.prepNeed(t)
		if need := min(w1+g+w2, allowed); budget < need && (t.prepWait == 0 || c.now-t.prepWait < prepWaitMS) {
			if t.prepWait == 0 {
				t.prepWait = c.now
			}
			t.backoff = c.now + 1000
			return
		}
	}
	t.prepWait = 0
	if budget <= 0 {
		t.backoff = c.now + 1000
		return
	}
	// take books up to n threads on the roomiest worker of the simulation.
	take := func(n int) int {
		sort.Sort(sort.Reverse(sort.IntSlice(free)))
		k := min(n, free[0], budget)
		free[0] -= k
		budget -= k
		return k
	}

	s := t.srv
	w1 := 0
	if s.HackDifficulty > s.MinDifficulty && !topUp {
		w1 = overProvision(hacking.WeakenThreads(s.HackDifficulty-s.MinDifficulty, 1, c.env))
	}
	// A slow target is tilled first and sown at minimum security, where a
	// grow is several times shorter: its RAM is not held through the long
	// weaken.
	serial := w1 > 0 && c.cfg.Strategy == BbctlStrategy && c.serialPrep(t)
	// A target already at minimum security is hacked while it is first
	// sown: the hack lands first, at minimum security, and the round's grow
	// also makes up what it took. Money flows from the first hack time on.
	hack, frac := 0, 0.0
	if w1 == 0 && t.rounds == 0 && s.MoneyAvailable > 0 && len(t.uses) > 0 && c.hackable(t) {
		pct := hacking.HackShare(s, c.env)
		if pct > 0 {
			hack = min(t.uses[0].Hack, take(t.uses[0].Hack))
			frac = hacking.Stolen(pct, hack)
			if hack > 0 {
				w1 = hacking.HackWeakenThreads(hack, pct, 1, c.env)
			}
		}
	}
	g := 0
	if s.MoneyAvailable*(1-frac) < s.MoneyMax && !serial {
		at := s
		at.HackDifficulty = s.MinDifficulty
		if gi, ok := hacking.GrowThreads(&at, s.MoneyAvailable*(1-frac), 1, c.env); ok {
			g = overProvision(gi)
		}
		if topUp {
			g -= c.liveGrowThreads(t)
			if g < prepMinThreads {
				t.backoff = c.now + 1000
				return
			}
		}
	}
	weakenFor := func(g int) int { return hacking.GrowWeakenThreads(g, 1, c.env) }

	times := c.opTimes(t, s.HackDifficulty)
	sp := c.spacing()
	// Preparation is not pressed for time: land well clear of any launch
	// latency.
	start := c.now + world.Time(math.Ceil(times.Weaken)) + prepSlack + 2*c.launchDelay() + 2*sp
	if n := len(t.batches); n > 0 {
		// A top-up lands after the round it adds to.
		start = max(start, t.batches[n-1].last()+sp)
	}
	dur := [numRoles]float64{times.Hack, times.Weaken, times.Grow, times.Weaken}
	// A top-up's operations must all start before the round in flight
	// begins to land: a grow landing raises the security, and an operation
	// called then would take longer than planned.
	first := never
	for _, b := range t.batches {
		if b.kind == prepBatch {
			for _, o := range b.ops {
				if o.live() {
					first = min(first, o.landAt)
				}
			}
		}
	}
	made := 0
	// Many small processes rather than a few large ones: a process that
	// dies (killed by the player, or lost) takes less of the round with it.
	per := max(prepMinThreads, (w1+g+weakenFor(g)+prepParts-1)/prepParts)
	for (w1 > 0 || g > 0) && c.procs+3 <= c.cfg.MaxProcesses {
		var threads [numRoles]int
		threads[roleHack], hack = hack, 0
		threads[roleWeaken1] = take(min(w1, per))
		w1 -= threads[roleWeaken1]
		if w1 == 0 && g > 0 {
			// A grow and its weaken, each on one worker.
			gi := take(min(g, per))
			wi := take(weakenFor(gi))
			for gi > 0 && wi < weakenFor(gi) {
				gi-- // the weaken did not fit: grow less
			}
			if gi > 0 {
				threads[roleGrow], threads[roleWeaken2] = gi, weakenFor(gi)
				g -= gi
			}
		}
		if threads[roleWeaken1]+threads[roleGrow] == 0 {
			break
		}
		land := start + world.Time(3*made)*sp
		if topUp && land+sp-world.Time(math.Ceil(dur[roleGrow])) >= first {
			break
		}
		if !c.newPrepBatch(t, threads, frac, land, dur) {
			break
		}
		made++
	}
	if made > 0 {
		if !topUp {
			t.rounds++
			c.logf(logline.Info, "%s: %s round of %d batches", t.host, t.phase, made)
		}
		c.notePrep(t)
	}
	// A round that could not be placed is retried after a pause.
	t.backoff = c.now + 1000
}

// newPrepBatch books and schedules one prep batch whose W1 lands at land.
// It reports false, booking nothing, when its RAM is not free.
func (c *Controller) newPrepBatch(t *target, threads [numRoles]int, frac float64, land world.Time, dur [numRoles]float64) bool {
	c.seq++
	b := &batch{seq: c.seq, epoch: c.epoch, kind: prepBatch, t: t, frac: frac}
	sp := c.spacing()
	// A hack lands as soon as it can, well before the weakens.
	hackLand := c.now + world.Time(math.Ceil(dur[roleHack])) + prepSlack + 2*c.launchDelay()
	lands := [numRoles]world.Time{hackLand, land, land + sp, land + 2*sp}
	var ops []*op
	for _, r := range []role{roleWeaken1, roleWeaken2, roleGrow, roleHack} {
		if threads[r] == 0 {
			continue
		}
		o := &op{b: b, role: r, threads: threads[r], cores: 1, landAt: lands[r], heapIdx: -1}
		o.callAt = max(c.now, lands[r]-world.Time(math.Ceil(dur[r]))-prepSlack-2*c.launchDelay())
		parts := c.place(o)
		if parts == nil {
			for _, p := range ops {
				c.release(p.alloc)
			}
			return false
		}
		ops = append(ops, parts...)
	}
	for _, o := range ops {
		c.schedule(o)
	}
	t.batches = append(t.batches, b)
	return true
}

// Preparation is serial (weaken first, grow once at minimum security) for
// a target whose weaken at its current security takes more than
// serialRatio times the weaken at its minimum: its grows would hold their
// RAM that much longer in a round that does both at once. Quicker targets
// do both in one round, which is ready sooner — and so does a slow target
// of the steady plan whose income over the sowing round that this saves
// is worth far more than what the grows' longer hold of RAM would earn on
// the targets harvested meanwhile (on late, clarkinc and ecorp: the RAM is
// plentiful, and each minute they are not ready costs most of the
// ceiling).
const serialRatio = 2.5

// serialPrep reports whether t is tilled before it is sown.
func (c *Controller) serialPrep(t *target) bool {
	cur, low := c.opTimes(t, t.srv.HackDifficulty), c.opTimes(t, t.srv.MinDifficulty)
	if cur.Weaken <= serialRatio*low.Weaken {
		return false
	}
	income := 0.0
	for _, tp := range c.steady.Targets {
		if tp.Host == t.host {
			income = tp.Income
		}
	}
	if income <= 0 {
		return true
	}
	at := t.srv
	at.HackDifficulty = at.MinDifficulty
	g, ok := hacking.GrowThreads(&at, at.MoneyAvailable, 1, c.env)
	if !ok {
		return true
	}
	// What the RAM earns per GB-second on the targets harvesting now.
	var money, gbs float64
	for _, h := range c.order {
		if h.planned && h.phase == Harvest && !h.retiring {
			for _, u := range h.uses {
				money += u.Rate * u.Money
				gbs += u.Rate * u.RAMSeconds
			}
		}
	}
	density := 0.0
	if gbs > 0 {
		density = money / gbs
	}
	held := float64(overProvision(g)) * world.GrowRAM.GB() * (cur.Grow - low.Grow) / 1000
	return parallelGain*held*density >= income*low.Weaken/1000
}

// parallelGain is how many times what its grows' longer hold of RAM costs
// a slow target's sooner income must be worth for it to be sown at once.
// The cost counted is a floor: a round that does both holds all its RAM
// at once, for the whole weaken at the raised security, and the horizon
// plan's cap may split it. On mid the-hub's sooner income is worth 1.1 to
// 2.3 times that floor, and sowing it at once cost faults a third of its
// first hour; on late clarkinc's is worth 600 times, ecorp's 120.
const parallelGain = 10

// mayTopUp reports whether t, sowing with work in flight, may take more
// grows now: it sits at minimum security and nothing in flight is a hack
// or a weaken of its excess security.
func (c *Controller) mayTopUp(t *target) bool {
	if t.phase != Sow || t.srv.HackDifficulty > t.srv.MinDifficulty+c.cfg.SecurityTolerance {
		return false
	}
	for _, b := range t.batches {
		if b.kind != prepBatch {
			return false
		}
		for _, o := range b.ops {
			if o.live() && (o.role == roleHack || o.role == roleWeaken1) {
				return false
			}
		}
	}
	return true
}

// liveGrowThreads returns the grow threads of t's preparation that may
// still land.
func (c *Controller) liveGrowThreads(t *target) int {
	n := 0
	for _, b := range t.batches {
		for _, o := range b.ops {
			if b.kind == prepBatch && o.role == roleGrow && o.live() {
				n += o.threads
			}
		}
	}
	return n
}

// prepBudget returns the threads a new round of preparation may book: what
// the horizon plan's preparations hold and need, less what they hold
// already; without a horizon plan, half the RAM while other targets
// harvest.
func (c *Controller) prepBudget() int {
	if c.prepRAM > 0 {
		// What the horizon plan's preparations hold and need now (their
		// needs change as rounds land between plans).
		var hold game.RAM
		for _, t := range c.prepOrder {
			hold += c.prepHold(t)
		}
		switch {
		case c.earnRAM > 0:
			// Only a harvest keepEarning chose: the preparations take
			// all but its share.
			hold = min(hold, c.usableRAM()-c.earnRAM)
		case c.harvesting():
			hold = min(hold, c.prepRAM) // the horizon plan's cap while others harvest
		}
		return int(hold/world.WeakenRAM) - c.prepThreads()
	}
	if !c.harvesting() {
		return math.MaxInt
	}
	return int(c.usableRAM()/world.WeakenRAM)/2 - c.prepThreads()
}

// usableRAM returns the RAM of every worker that bbctl may use.
func (c *Controller) usableRAM() game.RAM {
	var total game.RAM
	for _, w := range c.ledger.Workers() {
		total += w.Total - w.SetAside - w.Reserved
	}
	return total
}

// harvesting reports whether some target harvests.
func (c *Controller) harvesting() bool {
	for _, t := range c.order {
		if t.planned && t.phase == Harvest && !t.repairing {
			return true
		}
	}
	return false
}

// prepThreads returns the threads of every prep batch not yet finished.
func (c *Controller) prepThreads() int {
	n := 0
	for _, t := range c.order {
		for _, b := range t.batches {
			if b.kind != prepBatch {
				continue
			}
			for _, o := range b.ops {
				if o.live() {
					n += o.threads
				}
			}
		}
	}
	return n
}

// prebooked reports whether o's RAM was booked when it was planned.
func (o *op) prebooked() bool { return o.alloc != memory.ID(0) }
