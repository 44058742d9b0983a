package controller

import (
	"math"
	"sort"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/memory"
	"bbctl/internal/world"
)

// The seed system's timing constants, in ms.
const (
	seedSpacing = 80
	seedWindow  = 4 * seedSpacing
)

// seed is the seed strategy (SeedStrategy): a baseline for benchmarks,
// with its own rules and its own state beside the core's.
type seed struct {
	c     *Controller
	slots map[*target]*seedSlots // planned targets' batch slots
	slot  map[*batch]int         // running batches' slots
}

func newSeed(c *Controller) *seed {
	return &seed{c: c, slots: map[*target]*seedSlots{}, slot: map[*batch]int{}}
}

// seedSlots is a target's state under the seed strategy.
type seedSlots struct {
	shape hacking.Batch
	frac  float64
	n     int          // batches in flight at full overlap
	next  []world.Time // per slot: the H landing of its next batch, or 0 while one is in flight
	base  world.Time   // landing grid origin
}

// plan ranks targets by expected profit per GB-second and gives each, in
// turn, the largest hack share up to 50 % whose full overlap fits in the
// RAM still free.
func (sd *seed) plan() {
	c := sd.c
	type ranked struct {
		t     *target
		score float64
	}
	var rs []ranked
	for _, t := range c.order {
		if !c.hackable(t) {
			c.setPlanned(t, false)
			continue
		}
		p := hacking.Prepared(t.srv)
		h := max(1, int(0.1/math.Max(hacking.HackShare(t.srv, c.env), 1e-12)))
		b, ok := hacking.HWGW(&p, min(h, hacking.MaxHack(&p, c.env)), 1, c.env)
		if !ok {
			c.setPlanned(t, false)
			continue
		}
		rs = append(rs, ranked{t, b.Money / b.RAMSeconds})
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].score > rs[j].score })

	free := c.ledger.FreeRAM()
	_, largest := c.ledger.LargestFree()
	// RAM already running seed batches is the targets' own.
	for _, t := range c.order {
		if sd.slots[t] != nil {
			free += c.seedInFlight(t)
		}
	}
	c.order = c.order[:0]
	c.orderChanged()
	for _, r := range rs {
		t := r.t
		c.order = append(c.order, t)
		p := hacking.Prepared(t.srv)
		times := hacking.OpTimes(&p, c.env)
		n := int(math.Ceil((times.Weaken + 160) / seedWindow))
		pct := hacking.HackShare(t.srv, c.env)
		fits := func(h int) (hacking.Batch, bool) {
			b, ok := hacking.HWGW(&p, h, 1, c.env)
			ram := batchRAM(b)
			return b, ok && ram*game.RAM(n) <= free && ram <= largest
		}
		lo, hi := 0, max(0, int(0.5/math.Max(pct, 1e-12)))
		for lo < hi { // largest h ≤ 50 % that fits
			mid := (lo + hi + 1) / 2
			if _, ok := fits(mid); ok {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		if lo == 0 {
			c.setPlanned(t, false)
			t.income = 0
			continue
		}
		b, _ := fits(lo)
		free -= batchRAM(b) * game.RAM(n)
		c.setPlanned(t, true)
		t.income = b.Money * 1000 / seedWindow // one batch per window
		t.phase = c.seedPhase(t)
		ts := sd.slots[t]
		if ts == nil || ts.n != n {
			ts = &seedSlots{n: n, next: make([]world.Time, n)}
			sd.slots[t] = ts
		}
		ts.shape, ts.frac = b, hacking.Stolen(pct, lo)
	}
	for _, t := range c.targets {
		if !t.planned {
			c.order = append(c.order, t)
		}
	}
}

func (c *Controller) seedPhase(t *target) Phase {
	if t.planned && !t.quiet() {
		return t.phase
	}
	return c.classify(&t.srv)
}

// seedInFlight returns the RAM of t's running seed batches.
func (c *Controller) seedInFlight(t *target) game.RAM {
	var r game.RAM
	for _, b := range t.batches {
		for _, o := range b.ops {
			if o.state == opRunning {
				r += o.worker().RAM() * game.RAM(o.threads)
			}
		}
	}
	return r
}

func batchRAM(b hacking.Batch) game.RAM {
	return world.HackRAM*game.RAM(b.Hack) + world.GrowRAM*game.RAM(b.Grow) + world.WeakenRAM*game.RAM(b.Weaken1+b.Weaken2)
}

// fill spawns the seed batches of t whose slots are free.
func (sd *seed) fill(t *target) {
	c := sd.c
	ts := sd.slots[t]
	if !c.canHarvest(t) || ts == nil || c.now < t.backoff {
		return
	}
	p := hacking.Prepared(t.srv)
	times := hacking.OpTimes(&p, c.env)
	wT := world.Time(math.Ceil(times.Weaken))
	if ts.base == 0 {
		ts.base = c.now + wT + seedSpacing
		for k := range ts.next {
			ts.next[k] = ts.base + world.Time(k*seedWindow)
		}
	}
	cycle := world.Time(ts.n * seedWindow)
	for k, land := range ts.next {
		if land == 0 {
			continue // in flight
		}
		// The next landing of this slot that leaves time to start now.
		for land+seedSpacing-wT < c.now {
			land += cycle
		}
		if c.procs+4 > c.cfg.MaxProcesses {
			c.procLimit = true
			return
		}
		if !sd.batch(t, ts, k, land) {
			return
		}
		ts.next[k] = 0
	}
}

// batch starts every operation of one seed batch now, all on one server,
// to land at land (H), +80, +160 and +240 ms.
func (sd *seed) batch(t *target, ts *seedSlots, slot int, land world.Time) bool {
	c := sd.c
	g, err := c.ledger.Request(memory.Request{
		Owner: memory.ControllerOwner(), Label: t.host + " seed batch",
		ChunkSize: batchRAM(ts.shape), NumChunks: 1,
	})
	if err != nil {
		t.backoff = c.now + 1000
		return false
	}
	host := g.Chunks[0].Host
	c.release(g.ID)
	c.seq++
	b := &batch{seq: c.seq, epoch: c.epoch, kind: harvestBatch, t: t, shape: ts.shape, frac: ts.frac}
	lands := [numRoles]world.Time{land, land + seedSpacing, land + 2*seedSpacing, land + 3*seedSpacing}
	threads := [numRoles]int{ts.shape.Hack, ts.shape.Weaken1, ts.shape.Grow, ts.shape.Weaken2}
	var ops []*op
	for _, r := range []role{roleWeaken1, roleWeaken2, roleGrow, roleHack} {
		if threads[r] == 0 {
			continue
		}
		o := &op{b: b, role: r, threads: threads[r], cores: 1, landAt: lands[r], heapIdx: -1, callAt: c.now}
		gr, err := c.ledger.Request(memory.Request{
			Owner: memory.ControllerOwner(), Label: t.host + " " + r.String(),
			ChunkSize: o.worker().RAM() * game.RAM(o.threads), NumChunks: 1, Host: host,
		})
		if err != nil {
			for _, p := range ops {
				c.release(p.alloc)
			}
			t.backoff = c.now + 1000
			return false
		}
		o.host, o.alloc = host, gr.ID
		ops = append(ops, o)
	}
	for _, o := range ops {
		c.schedule(o)
	}
	t.batches = append(t.batches, b)
	sd.slot[b] = slot
	return true
}

// batchDone frees the slot of a seed batch whose last weaken ended.
func (sd *seed) batchDone(b *batch) {
	slot, ok := sd.slot[b]
	if !ok {
		return
	}
	delete(sd.slot, b)
	ts := sd.slots[b.t]
	if ts == nil || slot >= len(ts.next) {
		return // re-planned with fewer slots meanwhile
	}
	if h := b.part(roleHack); h != nil {
		ts.next[slot] = h.landAt + world.Time(ts.n*seedWindow)
	} else {
		ts.next[slot] = sd.c.now
	}
}

// mayPrepare reports whether t may start a prep round: at most two sow and
// two till tasks run at a time.
func (sd *seed) mayPrepare(t *target) bool {
	n := 0
	for _, o := range sd.c.order {
		if o != t && o.phase == t.phase && !o.quiet() {
			n++
		}
	}
	return n < 2
}

// wake: the seed baseline polls. While t harvests, it asks to act again at
// once (from t's backoff on), so its slots and the preparation rounds of
// every target are looked at every millisecond, as they were when its
// benchmark figures were measured.
func (sd *seed) wake(t *target) world.Time {
	c := sd.c
	if !c.canHarvest(t) || c.procLimit {
		return never
	}
	return t.backoff
}
