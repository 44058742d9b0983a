package controller

import (
	"math"
	"sort"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/memory"
	"bbctl/internal/world"
)

// Strategy chooses how the controller plans and batches.
type Strategy uint8

const (
	// BbctlStrategy plans with the income programme and launches each
	// operation just in time (the default).
	BbctlStrategy Strategy = iota
	// SeedStrategy reproduces the batching rules of the in-game system
	// bbctl grew from, as a baseline for benchmarks: landings 80 ms apart,
	// each batch owning a 320 ms window, ceil((weakenTime + 160 ms) /
	// 320 ms) batches in flight per target, each batch a whole chunk on one
	// server with every operation started at once, the largest hack share
	// up to 50 % whose full overlap fits in free RAM, a batch respawned
	// only when its last weaken ends, targets ranked by expected profit per
	// GB-second, at most 2 sow and 2 till tasks at a time, harvest first.
	SeedStrategy
)

// The seed system's timing constants, in ms.
const (
	seedSpacing = 80
	seedWindow  = 4 * seedSpacing
)

// seedSlots is a target's state under the seed strategy.
type seedSlots struct {
	shape hacking.Batch
	frac  float64
	n     int          // batches in flight at full overlap
	next  []world.Time // per slot: the H landing of its next batch, or 0 while one is in flight
	base  world.Time   // landing grid origin
}

// seedPlan ranks targets by expected profit per GB-second and gives each,
// in turn, the largest hack share up to 50 % whose full overlap fits in the
// RAM still free.
func (c *Controller) seedPlan() {
	type ranked struct {
		t     *target
		score float64
	}
	var rs []ranked
	for _, t := range c.order {
		if !c.hackable(t) {
			t.planned = false
			continue
		}
		p := hacking.Prepared(t.srv)
		h := max(1, int(0.1/math.Max(game.HackPercent(&p, &c.env.Person, c.env.BN), 1e-12)))
		b, ok := hacking.HWGW(&p, min(h, hacking.MaxHack(&p, c.env)), 1, c.env)
		if !ok {
			t.planned = false
			continue
		}
		rs = append(rs, ranked{t, b.Money / b.RAMSeconds})
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].score > rs[j].score })

	free := c.ledger.FreeRAM()
	_, largest := c.ledger.LargestFree()
	// RAM already running seed batches is the targets' own.
	for _, t := range c.order {
		if t.seed != nil {
			free += c.seedInFlight(t)
		}
	}
	c.order = c.order[:0]
	for _, r := range rs {
		t := r.t
		c.order = append(c.order, t)
		p := hacking.Prepared(t.srv)
		times := hacking.OpTimes(&p, c.env)
		n := int(math.Ceil((times.Weaken + 160) / seedWindow))
		pct := game.HackPercent(&p, &c.env.Person, c.env.BN)
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
			t.planned = false
			t.income = 0
			continue
		}
		b, _ := fits(lo)
		free -= batchRAM(b) * game.RAM(n)
		t.planned = true
		t.income = b.Money * 1000 / seedWindow // one batch per window
		t.phase = c.seedPhase(t)
		if t.seed == nil || t.seed.n != n {
			t.seed = &seedSlots{n: n, next: make([]world.Time, n)}
		}
		t.seed.shape, t.seed.frac = b, math.Min(1, pct*float64(lo))
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

// seedFill spawns the seed batches of t whose slots are free.
func (c *Controller) seedFill(t *target) {
	if !c.canHarvest(t) || t.seed == nil || c.now < t.backoff {
		return
	}
	sd := t.seed
	p := hacking.Prepared(t.srv)
	times := hacking.OpTimes(&p, c.env)
	wT := world.Time(math.Ceil(times.Weaken))
	if sd.base == 0 {
		sd.base = c.now + wT + seedSpacing
		for k := range sd.next {
			sd.next[k] = sd.base + world.Time(k*seedWindow)
		}
	}
	cycle := world.Time(sd.n * seedWindow)
	for k, land := range sd.next {
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
		if !c.seedBatch(t, k, land, times) {
			return
		}
		sd.next[k] = 0
	}
}

// seedBatch starts every operation of one seed batch now, all on one
// server, to land at land (H), +80, +160 and +240 ms.
func (c *Controller) seedBatch(t *target, slot int, land world.Time, times hacking.Times) bool {
	sd := t.seed
	g, err := c.ledger.Request(memory.Request{
		Owner: memory.ControllerOwner(), Label: t.host + " seed batch",
		ChunkSize: batchRAM(sd.shape), NumChunks: 1,
	})
	if err != nil {
		t.backoff = c.now + 1000
		return false
	}
	host := g.Chunks[0].Host
	c.release(g.ID)
	c.seq++
	b := &batch{seq: c.seq, epoch: c.epoch, kind: harvestBatch, t: t, shape: sd.shape, frac: sd.frac, slot: slot + 1}
	lands := [numRoles]world.Time{land, land + seedSpacing, land + 2*seedSpacing, land + 3*seedSpacing}
	threads := [numRoles]int{sd.shape.Hack, sd.shape.Weaken1, sd.shape.Grow, sd.shape.Weaken2}
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
	return true
}

// seedDone frees the slot of a seed batch whose last weaken ended.
func (c *Controller) seedDone(b *batch) {
	t := b.t
	if c.cfg.Strategy != SeedStrategy || t.seed == nil || b.slot == 0 || b.slot > len(t.seed.next) {
		return
	}
	if h := b.part(roleHack); h != nil {
		t.seed.next[b.slot-1] = h.landAt + world.Time(t.seed.n*seedWindow)
	} else {
		t.seed.next[b.slot-1] = c.now
	}
}

// seedPrepLimit reports whether a seed-strategy target may start a prep
// round: at most two sow and two till tasks run at a time.
func (c *Controller) seedPrepLimit(t *target) bool {
	n := 0
	for _, o := range c.order {
		if o != t && o.phase == t.phase && !o.quiet() {
			n++
		}
	}
	return n >= 2
}
