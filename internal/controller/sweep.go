package controller

import (
	"sort"

	"bbctl/internal/logline"
	"bbctl/internal/world"
)

// Processes reports the processes running on host (the answer to
// ReadProcs).
func (c *Controller) Processes(host string, procs []world.Process, err error) {
	if si := c.servers[host]; si != nil {
		si.ps = false
	}
	if c.adoptProcs != nil {
		if err != nil {
			c.logf(logline.Warn, "ps %s: %v", host, err)
		}
		c.adoptProcs[host] = procs
		c.adoptWait--
		if c.adoptWait == 0 {
			c.adopt()
		}
		return
	}
	if err != nil {
		c.logf(logline.Warn, "ps %s: %v", host, err)
	}
	if c.sweepProcs != nil {
		if err != nil {
			c.sweepFailed = true
		}
		c.sweepProcs[host] = procs
		if c.sweepWait--; c.sweepWait == 0 {
			c.finishSweep()
		}
	}
	if si := c.servers[host]; err == nil && si != nil && si.worker {
		if err := c.ledger.UpdateReserved(host, procs, isOurs); err != nil {
			c.logf(logline.Error, "ledger: %v", err)
		}
	}
}

// sweepMS is how often every worker's processes are read, to catch
// processes that ended without a word (a lost report, a kill the world did
// not announce) and release their RAM.
const sweepMS world.Time = 60000

// beginSweep asks for the processes of every worker.
func (c *Controller) beginSweep() {
	c.nextSweep = c.now + sweepMS
	c.sweepProcs = make(map[string][]world.Process)
	c.sweepStart = c.now
	c.sweepFailed = false
	for _, w := range c.ledger.Workers() {
		c.ready.ReadProcs = append(c.ready.ReadProcs, w.Host)
		c.sweepWait++
	}
	if c.sweepWait == 0 {
		c.sweepProcs = nil
	}
}

// finishSweep forgets every op whose process is gone and has not
// reported, and lets the ledger release what dead processes held.
func (c *Controller) finishSweep() {
	procs := c.sweepProcs
	c.sweepProcs = nil
	if c.sweepFailed {
		return // an incomplete view must not free anything
	}
	n := 0
	for _, ps := range procs {
		n += len(ps)
	}
	live := make(map[int]bool, n)
	pids := make([]int, 0, n)
	for _, ps := range procs {
		for _, p := range ps {
			live[p.PID] = true
			pids = append(pids, p.PID)
		}
	}
	var gone []*op
	for pid, o := range c.byPID {
		if !live[pid] && o.launchedAt < c.sweepStart {
			gone = append(gone, o)
		}
	}
	sort.Slice(gone, func(i, j int) bool { return gone[i].pid < gone[j].pid })
	for _, o := range gone {
		c.logf(logline.Warn, "%s (pid %d on %s) ended without reporting", o.b.tag(o.role), o.pid, o.host)
		c.opGone(o, false)
		if o.landAt > c.sweepStart {
			// It ended before its time: it did nothing.
			c.failBatch(o.b, o.role, "")
		}
		c.done(o)
	}
	if n := c.ledger.Cleanup(pids); n.Claims+n.Allocations > 0 {
		c.logf(logline.Warn, "ledger cleanup released %d claims and %d allocations of dead processes", n.Claims, n.Allocations)
	}
}
