package controller

import (
	"math"
	"sort"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/logline"
	"bbctl/internal/world"
)

// Phase is where a target is in its lifecycle.
type Phase uint8

// The lifecycle: a pending target has no RAM in the plan; tilling weakens it
// to minimum security; sowing grows it to maximum money (with the weakens
// that hold the security); harvesting runs HWGW batches.
const (
	Pending Phase = iota
	Till
	Sow
	Harvest
)

func (p Phase) String() string {
	return [...]string{"pending", "till", "sow", "harvest"}[p]
}

// target is one server bbctl may hack, and its schedule.
type target struct {
	host   string
	srv    game.Server // as last read
	seenAt world.Time  // when srv was read
	phase  Phase

	times  hacking.TimesMemo // its last operation times (opTimes)
	labels [numRoles]string  // its RAM's labels in the ledger, by role (label)

	planned   bool          // in the plan; change it with setPlanned
	retiring  bool          // out of the plan, handing its RAM over (until handTo)
	waiting   bool          // planned for preparation only: no harvest until a plan gives it a rate
	rate      float64       // the plan's batches per second
	oldRate   float64       // the rate it hands over from, falling to rate by handTo
	oldUses   []hacking.Use // the batch shapes it hands over from
	oldCredit []float64     // nextShape's credit over oldUses
	handShare float64       // batches owed to oldUses during a hand-over
	handFrom  world.Time    // when its hand-over began
	handTo    world.Time    // when its hand-over ends
	prepFrom  world.Time    // when its preparation began
	prepWait  world.Time    // since when a round waits for RAM to be handed over (0: none waits)
	goalSince world.Time    // since when it is in the steady plan (0: it is not)
	resumed   bool          // goalSince came from resumeSettleMS: prepPays weighs it
	excluded  bool          // kept out of the plan by the player
	uses      []hacking.Use // the plan's batch shapes and their rates
	credit    []float64     // per use: batches owed, for mixing shapes by rate
	income    float64       // the plan's $/s for this target
	period    float64       // ms between batch landings

	batches   []*batch   // not yet finished, by landing
	hacksDue  []*op      // its harvest hacks by launch, from about the next to launch (holeFor)
	nextLand  world.Time // H landing of the next harvest batch
	lastDone  world.Time // when an op of it last ended
	rounds    int        // preparation rounds started
	repairing bool       // drifted: no new work until in-flight work lands
	backoff   world.Time // no new work before this (launches failed)
	failures  int

	// counters
	earned   float64
	hacks    int
	misfires int
	offTime  int
	repairs  int
	recent   []Landing // the last landings, oldest first (a ring of recentLandings)
}

// recentLandings is how many landings a target remembers for display.
const recentLandings = 64

// Landing is one worker's end, as the target's detail shows it.
type Landing struct {
	Batch   uint64     `json:"batch"`
	Role    string     `json:"role"`
	Planned world.Time `json:"planned"`
	Actual  world.Time `json:"actual"`
	Misfire bool       `json:"misfire,omitempty"`
	Result  float64    `json:"result"`
}

// remember records a landing in t's recent history.
func (t *target) remember(l Landing) {
	if len(t.recent) == recentLandings {
		copy(t.recent, t.recent[1:])
		t.recent = t.recent[:recentLandings-1]
	}
	t.recent = append(t.recent, l)
}

// classify returns the phase a target's state calls for.
func (c *Controller) classify(s *game.Server) Phase {
	switch {
	case s.HackDifficulty > s.MinDifficulty+c.cfg.SecurityTolerance:
		return Till
	case s.MoneyAvailable < s.MoneyMax*(1-c.cfg.MoneyTolerance):
		return Sow
	}
	return Harvest
}

// hackable reports whether the player can (and may) hack t now.
func (c *Controller) hackable(t *target) bool {
	return !t.excluded && t.srv.HasAdminRights && t.srv.RequiredHackingSkill <= c.player.Hacking && t.srv.MoneyMax > 0
}

// quiet reports whether nothing of t can still land, so its last reading
// (if taken after the last landing) is its state.
func (t *target) quiet() bool { return len(t.batches) == 0 }

// checkTargets runs after every snapshot: it moves targets through their
// phases and catches drift.
func (c *Controller) checkTargets() {
	defer c.retire()
	for _, t := range c.order {
		if !t.planned {
			if t.phase != Pending && t.quiet() {
				t.phase = Pending
			}
			continue
		}
		if (t.phase == Till || t.phase == Sow) && !t.quiet() && c.classify(&t.srv) == Harvest {
			// Prepared before the round ended (the rest of the round is
			// late work re-queued after kills): stop it, and harvest.
			c.endPrep(t)
		}
		if !t.quiet() || t.seenAt < t.lastDone {
			if t.phase == Harvest {
				switch drifted := c.drifted(t); {
				case drifted && !t.repairing:
					c.repair(t, "its state drifted from the plan")
				case !drifted && t.repairing:
					t.repairing = false
					c.logf(logline.Info, "%s back on its schedule", t.host)
				}
			}
			continue
		}
		// Quiet, read after its last landing: its state is known.
		t.repairing = false
		p := c.classify(&t.srv)
		if p != t.phase {
			if p == Harvest {
				c.logf(logline.Info, "%s ready: harvesting", t.host)
				t.prepFrom = 0
			}
			t.phase = p
			c.replanSoon()
		}
	}
}

// endPrep drops what is left of t's preparation: planned ops are
// cancelled and running ones killed (a stray grow would raise the security
// under a harvest).
func (c *Controller) endPrep(t *target) {
	for _, b := range append([]*batch(nil), t.batches...) {
		if b.kind != prepBatch {
			continue
		}
		for _, o := range b.ops {
			switch o.state {
			case opPlanned:
				c.cancel(o)
			case opLaunching, opRunning:
				c.abort(o)
			}
		}
	}
	c.prune(t)
}

// drifted reports whether t's observed state is worse than any its
// schedule allows at this moment: security above the most the landed
// hacks and grows can add, or money below the least the landed hacks can
// leave.
func (c *Controller) drifted(t *target) bool {
	// The reading took from readFrom to now: any landing in that span may
	// or may not show in it, so the bounds take the worse of the two.
	// A landing planned before the reading began may come after it (a
	// busy game fires timers late): allow for the latest landing seen.
	const slack = 1 // ms: landings may come a millisecond early
	from, to := c.readFrom-slack-c.lateMS, c.now+slack
	sec := t.srv.MinDifficulty
	frac := 0.0
	pct := hacking.HackShare(t.srv, c.env)
	// Only batches that have begun to land by the end of the reading can
	// count: those before the first that lands wholly after it (batches
	// are kept in landing order, and finished ones are pruned from the
	// front).
	end := sort.Search(len(t.batches), func(i int) bool { return t.batches[i].first() > to })
	for _, b := range t.batches[:end] {
		h, w1, g, w2 := b.part(roleHack), b.part(b.hackCover()), b.part(roleGrow), b.part(roleWeaken2)
		if h != nil && b.launched(roleHack) && h.landAt <= to {
			if w1 == nil || w1.landAt >= from {
				sec += hacking.HackSecurity(b.threads(roleHack), pct)
			}
			if g == nil || g.landAt >= from {
				// It stole at the level it landed at: at most today's.
				frac += max(b.frac, hacking.Stolen(pct, b.threads(roleHack)))
			}
		}
		if g != nil && b.launched(roleGrow) && g.landAt <= to {
			if w2 == nil || w2.landAt >= from {
				sec += hacking.GrowSecurity(b.threads(roleGrow))
			}
		}
	}
	if t.srv.HackDifficulty > sec+c.cfg.SecurityTolerance {
		return true
	}
	return t.srv.MoneyAvailable < t.srv.MoneyMax*(1-frac)*(1-c.cfg.MoneyTolerance)
}

// repair reacts to t drifting from its schedule. While it repairs, no new
// batch is planned and no planned operation launches (its duration would
// be wrong at the raised security, and a hack would land out of sync):
// each is dropped with what depends on it when its time comes. Work already
// running lands as planned; its weakens and grows, without their hacks,
// restore the target. The next reading that shows the target back on its
// schedule ends the repair; if it never does, the target goes quiet and
// is prepared again. Either way it keeps its place in the plan.
func (c *Controller) repair(t *target, why string) {
	if t.repairing {
		return
	}
	t.repairing = true
	t.repairs++
	c.stats.Repairs++
	c.logf(logline.Warn, "%s: %s; repairing", t.host, why)
}

// cancel drops an op that has not launched.
func (c *Controller) cancel(o *op) {
	if o.state != opPlanned {
		return
	}
	if o.heapIdx >= 0 {
		c.heap.remove(o)
		c.unpromise(o)
	}
	if o.prebooked() {
		c.release(o.alloc)
	}
	o.state = opCancelled
	c.stats.Cancelled++
}

// prune forgets t's finished batches at the front of its list. Batches
// land in the order they are kept, so they mostly finish in that order; one
// that finishes before those ahead of it (its hack dropped, say) is
// forgotten when they have finished too. Once every batch has finished the
// list is empty, so quiet stays exact; walking only the front keeps a
// target with thousands of batches in flight cheap.
func (c *Controller) prune(t *target) {
	n := 0
	for n < len(t.batches) && t.batches[n].finished() {
		t.batches[n] = nil
		n++
	}
	t.batches = t.batches[n:]
}

// label returns the ledger's label of RAM booked for an op of role r on
// t, "host role", made once per target and role.
func (t *target) label(r role) string {
	if t.labels[r] == "" {
		t.labels[r] = t.host + " " + r.String()
	}
	return t.labels[r]
}

// opTimes returns durations on t at the given security.
func (c *Controller) opTimes(t *target, sec float64) hacking.Times {
	return t.times.Of(&t.srv, sec, c.env)
}

func (c *Controller) spacing() world.Time {
	return world.Time(math.Ceil(c.cfg.SpacingMS))
}

// periodFor returns the time between two batches on t: the plan's rate,
// never more than one batch per four landings, and long enough that the
// quiet gap between batches holds a launch despite its latency.
func (c *Controller) periodFor(rate float64) float64 {
	s := float64(c.spacing())
	p := 4 * s
	if rate > 0 {
		p = math.Max(p, 1000/rate)
	}
	return math.Max(p, 3*s+float64(c.launchDelay())+4)
}

// nextCreate returns when t's next harvest batch must be created: when its
// first operation (W1) must launch.
func (c *Controller) nextCreate(t *target) world.Time {
	if !c.canHarvest(t) || c.procLimit || len(t.uses)+len(t.oldUses) == 0 || (t.retiring && t.nextLand > t.handTo) {
		return never
	}
	times := c.opTimes(t, t.srv.MinDifficulty)
	at := t.nextLand + c.spacing() - world.Time(math.Ceil(times.Weaken)) - c.lookahead()
	return max(at, t.backoff)
}

// lookahead is how long before its first launch a batch is planned: room
// for callTime to move a launch earlier, out of a window where the target's
// security is raised (at most one such window plus the launch delay).
func (c *Controller) lookahead() world.Time {
	return 2*c.spacing() + 2*c.launchDelay() + 8
}

// runsHarvest reports whether t runs harvest batches by a plan's rate (or
// hands its RAM over from one).
func (c *Controller) runsHarvest(t *target) bool {
	return t.planned && !t.waiting && t.phase == Harvest && !t.repairing
}

func (c *Controller) canHarvest(t *target) bool {
	return c.runsHarvest(t) && c.hackable(t)
}

// fill creates the harvest batches of t that are due.
func (c *Controller) fill(t *target) {
	if !c.canHarvest(t) || c.now < t.backoff || len(t.uses)+len(t.oldUses) == 0 {
		return
	}
	s := c.spacing()
	times := c.opTimes(t, t.srv.MinDifficulty)
	wT := world.Time(math.Ceil(times.Weaken))
	// The first landing must leave the weaken time to launch W1 now.
	if earliest := c.now + wT - s + c.lookahead(); t.nextLand < earliest {
		t.nextLand = earliest
	}
	if n := len(t.batches); n > 0 {
		// The next hack lands one period after the last batch's hack: its
		// last landing plus the period's quiet gap.
		if after := t.batches[n-1].last() + world.Time(math.Ceil(t.period)) - 3*s; t.nextLand < after {
			t.nextLand = after
		}
	}
	for c.nextCreate(t) <= c.now {
		if c.procs+4 > c.cfg.MaxProcesses {
			c.procLimit = true
			return
		}
		c.newHarvestBatch(t, times)
		t.nextLand += world.Time(math.Ceil(t.period / c.handing(t)))
	}
}

// A hand-over: when a plan gives a harvesting target less (a lower rate,
// smaller batches, or nothing: it retires), it does not drop to the new
// plan at once — the targets taking its RAM earn only once their first
// batches land, a weaken time later. Its batches keep the old plan for
// landings already under way, then the share of old-plan batches and the
// rate fall in a straight line to the new plan at handTo, as the pipelines
// of the targets taking its RAM fill — but not below a floor, kept until
// handTo, so that income does not fall to nothing just before the new
// pipelines land. Income never stops at a switch.

// oldShare returns the share of the old plan for a batch of t landing at
// t.nextLand: 1 until one of its weaken times w after the hand-over began,
// then falling in a straight line towards 0 at its end, but not below
// min(1/2, w / the hand-over's length), and 0 from its end on. Batches
// landing by handTo at that floor hold RAM that falls in a straight line
// to nothing at handTo, as the RAM the new pipelines take grows from
// nothing to all of it over the hand-over (which lasts their weaken time);
// where the straight line would reach nothing, it left RAM idle (on mid,
// 2 TB of 8.8 in the last minutes before the-hub took over from phantasy)
// and the income of that minute fell to a tenth.
func (c *Controller) oldShare(t *target) float64 {
	if t.oldUses == nil || t.nextLand >= t.handTo {
		return 0
	}
	w := c.opTimes(t, t.srv.MinDifficulty).Weaken
	from := t.handFrom + world.Time(math.Ceil(w))
	if t.nextLand <= from || t.handTo <= from {
		return 1
	}
	line := float64(t.handTo-t.nextLand) / float64(t.handTo-from)
	floor := min(0.5, w/float64(t.handTo-t.handFrom))
	return max(line, floor)
}

// handing returns the share of its period t uses for a batch landing at
// t.nextLand: its rate during a hand-over, as a share of the new one.
func (c *Controller) handing(t *target) float64 {
	f := c.oldShare(t)
	if f == 0 {
		if t.retiring {
			return 1e-9 // past its hand-over: no more batches
		}
		return 1
	}
	r := t.rate + (t.oldRate-t.rate)*f
	if r <= 0 {
		return 1e-9
	}
	return t.period / c.periodFor(r)
}

// handOver starts a hand-over of t from the plan it had (uses, rate and
// income) to the one it was just given, if that gives it less.
func (c *Controller) handOver(t *target, uses []hacking.Use, rate, income float64, handTo world.Time) {
	if !t.planned || t.phase != Harvest || len(t.batches) == 0 || len(uses) == 0 || (income >= t.income && !t.retiring) {
		if !t.retiring {
			t.oldUses, t.oldCredit = nil, nil
		}
		return
	}
	t.oldUses, t.oldCredit, t.handShare = uses, nil, 0
	t.oldRate, t.handFrom, t.handTo = rate, c.now, handTo
}

// newHarvestBatch schedules one HWGW batch whose hack lands at t.nextLand.
func (c *Controller) newHarvestBatch(t *target, times hacking.Times) {
	c.seq++
	b := &batch{seq: c.seq, epoch: c.epoch, kind: harvestBatch, t: t, shape: c.nextShape(t)}
	// The grow was sized for the share the hack took at the plan's level;
	// a level-up since makes the hack steal more, and it is cut back at
	// its launch.
	b.frac = b.shape.Share
	if b.frac == 0 {
		b.frac = hacking.Stolen(hacking.HackShare(t.srv, c.env), b.shape.Hack)
	}
	s := c.spacing()
	land := [numRoles]world.Time{t.nextLand, t.nextLand + s, t.nextLand + 2*s, t.nextLand + 3*s}
	threads := [numRoles]int{b.shape.Hack, b.shape.Weaken1, b.shape.Grow, b.shape.Weaken2}
	// The second weaken covers the grow wherever it lands: on a worker
	// with fewer cores than planned, or split over several (place) — and
	// the hack too in a batch without a first weaken.
	if g := hacking.SplitGrowThreads(c.growsAgainst(t, b.shape.Weaken1 == 0, b.shape.Hack), b.frac, 1, c.env); g > 0 {
		sec := hacking.GrowSecurity(g)
		if b.shape.Weaken1 == 0 {
			sec += hacking.HackSecurity(b.shape.Hack, hacking.HackShare(t.srv, c.env))
		}
		threads[roleWeaken2] = max(threads[roleWeaken2], hacking.WeakenThreads(sec, b.shape.Cores, c.env))
	}
	dur := [numRoles]float64{times.Hack, times.Weaken, times.Grow, times.Weaken}
	// Launch the longest first, so the hack is always last: if a partner
	// fails to launch, the hack is dropped and the batch does no harm.
	var ops []*op
	for _, r := range []role{roleWeaken1, roleWeaken2, roleGrow, roleHack} {
		if threads[r] == 0 {
			continue
		}
		o := &op{b: b, role: r, threads: threads[r], cores: b.shape.Cores, landAt: land[r], heapIdx: -1}
		o.callAt = c.callTime(t, land[r], dur[r])
		if o.callAt < c.now {
			c.stats.Skipped++
			return // no safe moment to launch it left: skip this slot
		}
		ops = append(ops, o)
	}
	for _, o := range ops {
		c.schedule(o)
		if o.role == roleHack {
			for len(t.hacksDue) > 0 && t.hacksDue[0].state != opPlanned {
				t.hacksDue[0] = nil
				t.hacksDue = t.hacksDue[1:]
			}
			t.hacksDue = append(t.hacksDue, o)
		}
	}
	t.batches = append(t.batches, b)
	c.stats.Batches++
}

func (c *Controller) schedule(o *op) {
	c.seq++
	o.seq = c.seq
	o.b.add(o)
	if o.callAt < c.now {
		o.callAt = c.now
	}
	if !o.prebooked() {
		o.promised = o.worker().RAM() * game.RAM(o.threads)
		c.pending += o.promised
	}
	c.heap.push(o)
}

// unpromise forgets the RAM o was promised when it leaves the launch heap.
func (c *Controller) unpromise(o *op) {
	c.pending -= o.promised
	o.promised = 0
}

// nextShape picks the shape of t's next batch so that, over time, each of
// the plan's shapes runs at its share of the target's rate (smooth weighted
// round robin).
//
// During a hand-over, the old plan's shapes take their share of the
// batches (see oldShare).
func (c *Controller) nextShape(t *target) hacking.Batch {
	if f := c.oldShare(t); f > 0 {
		if t.handShare += f; t.handShare >= 1 {
			t.handShare--
			return shapeOf(t.oldUses, &t.oldCredit)
		}
	}
	if len(t.uses) == 0 {
		return shapeOf(t.oldUses, &t.oldCredit)
	}
	return shapeOf(t.uses, &t.credit)
}

// shapeOf picks the next of uses by smooth weighted round robin over their
// rates, with its credit.
func shapeOf(uses []hacking.Use, credit *[]float64) hacking.Batch {
	if len(*credit) != len(uses) {
		*credit = make([]float64, len(uses))
	}
	total, best := 0.0, 0
	for i, u := range uses {
		(*credit)[i] += u.Rate
		total += u.Rate
		if (*credit)[i] > (*credit)[best] {
			best = i
		}
	}
	(*credit)[best] -= total
	return uses[best].Batch
}

// growsAgainst returns t's server as a harvest grow sees it: at its
// minimum security, or, when the batch has no first weaken (hacking.HGW),
// at the security its hack of h threads leaves — shown as a raised
// minimum, which is where hacking.Prepared and hacking.SplitGrow size
// grows.
func (c *Controller) growsAgainst(t *target, merged bool, h int) game.Server {
	s := t.srv
	if merged && h > 0 {
		s.MinDifficulty += hacking.HackSecurity(h, hacking.HackShare(t.srv, c.env))
	}
	return s
}

// callTime returns when to launch a worker of the given duration that
// lands on t at land: early enough that the call, up to the launch delay
// later, still leaves the whole duration, and at a moment t sits at minimum
// security until the launch delay has passed. It is before now when no such
// moment is left.
func (c *Controller) callTime(t *target, land world.Time, dur float64) world.Time {
	return c.safeCall(t, land-world.Time(math.Ceil(dur))-c.launchDelay(), c.launchDelay())
}

// safeCall returns the latest time at or before ideal at which a worker may
// launch against t and, up to margin later, still find it at minimum
// security — not between a hack's landing and its weaken's, nor between a
// grow's and its weaken's.
//
// It relies on t's batches being kept in landing order: batches that land
// wholly after the call and its margin cannot move it, and are skipped by a
// binary search (a target may have hundreds in flight).
func (c *Controller) safeCall(t *target, ideal, margin world.Time) world.Time {
	x := ideal
	i := sort.Search(len(t.batches), func(i int) bool { return t.batches[i].first()-1 > x+margin })
	for i--; i >= 0; i-- {
		b := t.batches[i]
		if b.last()+1 < x {
			break
		}
		ws, n := b.raised()
		for _, w := range ws[:n] {
			if x <= w.to && x+margin >= w.from {
				x = w.from - margin - 1
			}
		}
	}
	return x
}

// startBy returns the latest time from now at which a worker may call its
// operation against t and still find it at minimum security: just before
// the next window where t's security is raised. It is 0 when no window
// lies ahead, and before now when now falls inside one. Like safeCall, it
// relies on t's batches being kept in landing order.
func (c *Controller) startBy(t *target) world.Time {
	var by world.Time
	for _, b := range t.batches {
		if by != 0 && b.first() > by {
			break
		}
		ws, n := b.raised()
		for _, w := range ws[:n] {
			if w.to >= c.now && (by == 0 || w.from-1 < by) {
				by = w.from - 1
			}
		}
	}
	return by
}

// window is a span of time, both ends included.
type window struct{ from, to world.Time }

// raised returns the windows in which b leaves its target's security
// raised: from its hack's landing to the landing of the weaken that covers
// it (the first, or the second in a batch without one) and from its
// grow's to its second weaken's, each a ms wider for landings a ms off.
func (b *batch) raised() (ws [2]window, n int) {
	for _, iv := range [2][2]role{{roleGrow, roleWeaken2}, {roleHack, b.hackCover()}} {
		up, down := b.part(iv[0]), b.part(iv[1])
		if up == nil {
			continue
		}
		w := window{up.landAt - 1, up.landAt + 1}
		if down != nil {
			w.to = down.landAt + 1
		}
		ws[n] = w
		n++
	}
	return ws, n
}
