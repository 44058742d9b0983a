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

// beginAdoption asks for the processes on every rooted server, so that work
// a previous controller left running is adopted instead of duplicated.
func (c *Controller) beginAdoption() {
	c.adoptProcs = make(map[string][]world.Process)
	for host, si := range c.servers {
		if memory.IsWorker(si.srv) {
			c.ready.ReadProcs = append(c.ready.ReadProcs, host)
			c.adoptWait++
		}
	}
	sort.Strings(c.ready.ReadProcs)
	if c.adoptWait == 0 {
		c.adopt()
	}
}

// adopt rebuilds the ledger and the batches from the processes found at
// start: every worker with a bbctl tag is booked and tracked as an op of
// its batch; everything else is someone else's RAM, reserved and never
// touched.
func (c *Controller) adopt() {
	procs := c.adoptProcs
	c.adoptProcs = nil
	c.started = true
	hosts := make([]string, 0, len(procs))
	for h := range procs {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)

	type key struct {
		epoch string
		seq   uint64
		kind  batchKind
		host  string
	}
	batches := map[key]*batch{}
	adopted := 0
	for _, host := range hosts {
		si := c.servers[host]
		if si == nil || !si.worker {
			continue
		}
		// Reserve what others run first, so that our own processes can be
		// booked in the RAM they hold.
		var foreign []world.Process
		for _, p := range procs[host] {
			if !isOurs(p) {
				foreign = append(foreign, p)
			}
		}
		if err := c.ledger.UpdateReserved(host, foreign, isOurs); err != nil {
			c.logf(logline.Error, "ledger: %v", err)
		}
		for _, p := range procs[host] {
			if !isOurs(p) {
				continue
			}
			o, k, ok := c.adoptProcess(host, p)
			if !ok {
				continue
			}
			bk := key{k.epoch, k.seq, k.kind, o.b.t.host}
			b := batches[bk]
			if b == nil {
				b = o.b
				b.adopted = true
				batches[bk] = b
				b.t.batches = append(b.t.batches, b)
			}
			o.b = b
			b.add(o)
			adopted++
		}
		if err := c.ledger.UpdateReserved(host, procs[host], isOurs); err != nil {
			c.logf(logline.Error, "ledger: %v", err)
		}
	}
	for _, t := range c.order {
		if len(t.batches) == 0 {
			continue
		}
		sort.Slice(t.batches, func(i, j int) bool { return t.batches[i].first() < t.batches[j].first() })
		harvesting := false
		for _, b := range t.batches {
			if b.kind == harvestBatch {
				harvesting = true
			}
			if h := b.threads(roleHack); h > 0 {
				b.frac = hacking.Stolen(hacking.HackShare(t.srv, c.env), h)
			}
		}
		if harvesting {
			t.phase = Harvest
		} else {
			t.phase = Sow
		}
	}
	if adopted > 0 {
		c.logf(logline.Success, "adopted %d running workers of an earlier run", adopted)
		c.resumed = true
	}
	c.planDirty = true
}

// completeAdopted gives the harvest batches found running at start the
// grow and hack that had not launched yet when the previous controller
// stopped, sized so that the weakens already running cover them: the
// pipeline keeps earning across the restart. A batch found without a first
// weaken is taken for one of the hacking.HGW shape, whose second weaken
// covers the hack too, if its hack can still land in its slot (a batch
// whose first weaken has landed and ended landed its hack before it).
func (c *Controller) completeAdopted(t *target) {
	if len(t.uses) == 0 {
		return
	}
	s := c.spacing()
	pct := hacking.HackShare(t.srv, c.env)
	if pct <= 0 {
		return
	}
	times := c.opTimes(t, t.srv.MinDifficulty)
	for _, b := range t.batches {
		if !b.adopted || b.kind != harvestBatch {
			continue
		}
		b.adopted = false
		w1, w2 := b.part(roleWeaken1), b.part(roleWeaken2)
		if w2 == nil || b.part(roleHack) != nil {
			continue // incomplete in a way that cannot be mended, or complete
		}
		cover := func(r role) float64 {
			sum := 0.0
			for _, o := range b.ops {
				if o.role == r && o.state == opRunning {
					cores := 1
					if ws, ok := c.ledger.Worker(o.host); ok {
						cores = ws.Cores
					}
					sum += hacking.WeakenRemoves(o.threads, cores, c.env)
				}
			}
			return sum
		}
		// The security the hack may add, and what the second weaken has
		// left for the grow.
		hLand, hackCover, growCover := w2.landAt-3*s, 0.0, cover(roleWeaken2)
		if w1 != nil {
			hLand, hackCover = w1.landAt-s, cover(roleWeaken1)
		} else {
			// Keep a hack of the plan's size covered, if the weaken can.
			hackCover = min(growCover, hacking.HackSecurity(t.uses[0].Hack, pct))
			growCover -= hackCover
		}
		merged := w1 == nil
		if merged && c.callTime(t, hLand, times.Hack) < c.now {
			continue
		}
		p := hacking.Prepared(c.growsAgainst(t, merged, t.uses[0].Hack))
		g := b.threads(roleGrow)
		gCores := 1
		if gp := b.part(roleGrow); gp != nil {
			// A split grow is as strong as its parts on the fewest cores
			// at the least.
			gCores = math.MaxInt
			for _, o := range b.ops {
				if o.role == roleGrow && o.state == opRunning {
					if ws, ok := c.ledger.Worker(o.host); ok {
						gCores = min(gCores, ws.Cores)
					}
				}
			}
			if gCores == math.MaxInt {
				gCores = 1
			}
		} else {
			// Plan the grow too, as large as the second weaken covers.
			gLand := w2.landAt - s
			need, ok := hacking.GrowThreads(&p, p.MoneyMax*(1-hacking.Stolen(pct, t.uses[0].Hack)), 1, c.env)
			g = min(need, int(growCover/hacking.GrowSecurity(1)))
			call := c.callTime(t, gLand, times.Grow)
			if !ok || g <= 0 || call < c.now {
				continue
			}
			c.schedule(&op{b: b, role: roleGrow, threads: g, cores: 1, landAt: gLand, callAt: call, heapIdx: -1})
		}
		if merged {
			// What the grow leaves of the second weaken covers the hack.
			hackCover = min(hackCover, cover(roleWeaken2)-hacking.GrowSecurity(g))
		}
		// The largest hack its weaken and the grow make good.
		h := min(t.uses[0].Hack, int(hackCover/hacking.HackSecurity(1, pct)+1e-9))
		for ; h > 0; h-- {
			if need, ok := hacking.GrowThreads(&p, p.MoneyMax*(1-hacking.Stolen(pct, h)), gCores, c.env); ok && need <= g {
				break
			}
		}
		call := c.callTime(t, hLand, times.Hack)
		if h <= 0 || call < c.now {
			continue
		}
		b.frac = hacking.Stolen(pct, h)
		b.shape = hacking.Batch{Hack: h, Grow: g, Cores: gCores}
		c.schedule(&op{b: b, role: roleHack, threads: h, landAt: hLand, callAt: call, heapIdx: -1})
	}
}

// adoptProcess books one process found at start if it is a worker of ours.
func (c *Controller) adoptProcess(host string, p world.Process) (*op, tag, bool) {
	wop, ok := world.WorkerOp(p.Filename)
	if !ok {
		return nil, tag{}, false
	}
	args, err := world.ParseWorkerArgs(p.Args)
	if err != nil {
		return nil, tag{}, false
	}
	tg, err := parseTag(args.Tag)
	if err != nil {
		return nil, tag{}, false
	}
	t := c.targets[args.Target]
	if t == nil {
		c.logf(logline.Warn, "pid %d on %s targets unknown server %q; leaving it alone", p.PID, host, args.Target)
		return nil, tag{}, false
	}
	ram := wop.RAM() * game.RAM(p.Threads)
	g, err := c.ledger.Request(memory.Request{
		Owner: memory.ControllerOwner(), Label: t.host + " " + tg.role.String() + " (adopted)",
		ChunkSize: ram, NumChunks: 1, Host: host,
	})
	if err != nil {
		c.logf(logline.Warn, "adopt pid %d on %s: %v", p.PID, host, err)
		return nil, tag{}, false
	}
	if err := c.ledger.Claim(g.ID, memory.Claim{PID: p.PID, Host: host, Filename: p.Filename, ChunkSize: ram, NumChunks: 1}); err != nil {
		c.logf(logline.Error, "ledger: %v", err)
	}
	o := &op{
		b:       &batch{seq: tg.seq, epoch: tg.epoch, kind: tg.kind, t: t},
		role:    tg.role,
		threads: p.Threads,
		cores:   1,
		landAt:  args.LandAt,
		state:   opRunning,
		// Its report teaches this controller the exec latency (0: unknown,
		// and the report teaches nothing).
		launchedAt: args.LaunchedAt,
		pid:        p.PID,
		host:       host,
		alloc:      g.ID,
		heapIdx:    -1,
	}
	c.byPID[p.PID] = o
	c.procs++
	return o, tg, true
}
