package controller

import (
	"errors"
	"fmt"
	"math"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/logline"
	"bbctl/internal/memory"
	"bbctl/internal/world"
)

// maxLaunchDelay bounds the launch latency the scheduler allows for.
const maxLaunchDelay world.Time = 2000

// maxLag bounds how far behind its planned launches a driver may fall and
// still be taken as slow rather than away.
const maxLag world.Time = 500

// paceSpan is how long what the launches met is remembered: between one
// and two spans. A busy spell on the player's machine (slow execs, a
// driver behind its planned launches) widens the launch windows, and so
// lengthens the time between batches, only while it lasts.
const paceSpan world.Time = 60_000

// lagRare is the share of launches whose lag the launch delay need not
// cover: a spike of the player's machine that only a few launches meet
// costs those launches' batches (their workers refuse to start late), where
// planning for it would cost a slot of every batch for minutes.
const lagRare = 200 // one launch in lagRare

// paceWindow keeps what launches met in the current span and in the one
// before it: how late the driver ran them and how long their execs took.
type paceWindow struct {
	cur, prev paceHist
	ends      world.Time // when the current span ends
}

// paceHist is one span of a paceWindow: lags counted by the ms, below
// maxLag, and the longest exec.
type paceHist struct {
	lags   [maxLag]int32
	total  int
	topLag world.Time // the largest lag counted
	exec   world.Time // the longest exec seen
}

// span returns the span that now falls in, starting a new one (and
// forgetting the oldest) when the current one has ended.
func (p *paceWindow) span(now world.Time) *paceHist {
	if now >= p.ends {
		if now >= p.ends+paceSpan {
			p.cur = paceHist{} // a whole span without a launch
		}
		p.prev, p.cur, p.ends = p.cur, paceHist{}, now+paceSpan
	}
	return &p.cur
}

// addLag records a lag (in [0, maxLag)) seen at now.
func (p *paceWindow) addLag(now, lag world.Time) {
	h := p.span(now)
	h.lags[lag]++
	h.total++
	h.topLag = max(h.topLag, lag)
}

// addExec records an exec of exec ms seen at now.
func (p *paceWindow) addExec(now, exec world.Time) {
	h := p.span(now)
	h.exec = max(h.exec, exec)
}

// lag returns the lag to plan for, from the last one to two spans: the
// largest, but for the rarest one launch in lagRare (with fewer than
// lagRare launches seen, the largest).
func (p *paceWindow) lag() world.Time {
	top := max(p.cur.topLag, p.prev.topLag)
	allow := (p.cur.total + p.prev.total) / lagRare
	above := 0
	for v := top; v > 0; v-- {
		if above += int(p.cur.lags[v] + p.prev.lags[v]); above > allow {
			return v
		}
	}
	return 0
}

// exec returns the longest exec of the last one to two spans.
func (p *paceWindow) exec() world.Time { return max(p.cur.exec, p.prev.exec) }

// learnDelay takes in how long an exec took to start its worker (exec),
// or how late after its planned call a launch ran (lag: a busy machine, a
// slow round trip to the game), and keeps the launch windows as wide as
// the longest recent exec plus the longest recent lag: wider at once when
// that grows, narrower for the batches planned after it shrinks. An exec
// of maxLaunchDelay or a lag of maxLag or more is not a pace to plan for:
// the game or the agent was away.
func (c *Controller) learnDelay(exec, lag world.Time) {
	old := c.launchDelay()
	if exec > 0 && exec < maxLaunchDelay {
		c.pace.addExec(c.now, exec)
	}
	if lag < maxLag {
		c.pace.addLag(c.now, max(lag, 0))
	}
	switch j := c.launchDelay(); {
	case j > old:
		c.widenLaunchDelay(j - old)
	case j < old:
		// Launches already planned keep their wider margin.
		c.logf(logline.Info, "launch delay down to %d ms (exec %d ms, driver behind by %d ms)", j, c.execLatency(), c.pace.lag())
	}
}

// execLatency is the exec latency to allow for: the longest of the last
// one to two spans, and at least the configured one.
func (c *Controller) execLatency() world.Time { return max(c.minExecMS, c.pace.exec()) }

// launchDelay is the launch delay to allow for: the longest recent exec
// with a quarter more in hand (in a busy game the exec grows with the scripts
// running, and each new longest would cost a misfire), plus the longest
// recent lag, at most maxLaunchDelay.
func (c *Controller) launchDelay() world.Time {
	e := c.execLatency()
	return min(e+(e+3)/4+c.pace.lag(), maxLaunchDelay)
}

// widenLaunchDelay moves every planned launch d earlier (not before now), after
// the launch delay grew by d, so it still lands on time; and a harvest
// launch further if that brings it (or the new delay after it) into a
// window where its target's security is raised.
func (c *Controller) widenLaunchDelay(d world.Time) {
	j := c.launchDelay()
	c.logf(logline.Info, "launch delay up to %d ms (exec %d ms, driver behind by %d ms): widening launch windows", j, c.execLatency(), c.pace.lag())
	for _, o := range c.heap {
		x := o.callAt - d
		if o.b.kind == harvestBatch {
			x = c.safeCall(o.b.t, x, j)
		}
		o.callAt = max(c.now, x)
	}
	c.heap.fix()
}

// launch starts o now: sizes it for the current level and the host it gets,
// books its RAM and asks for the exec.
func (c *Controller) launch(o *op) {
	b, t := o.b, o.b.t
	if o.state != opPlanned {
		return
	}
	c.learnDelay(0, c.now-o.callAt)
	if t.repairing && b.kind == harvestBatch {
		c.cancel(o)
		c.failBatch(b, o.role, "")
		return
	}
	if o.role == roleHack && b.kind == harvestBatch {
		// The hack goes last; it needs every partner running and a healthy
		// target, else it would desynchronise the target.
		for _, p := range b.ops {
			if p.role != roleHack && p.state != opRunning && p.state != opLaunching {
				c.cancel(o)
				return
			}
		}
		if !c.hackable(t) {
			c.cancel(o)
			return
		}
		// A level-up raises the share one thread steals, and a hack steals
		// at the level it lands at: take no more than the plan's share,
		// which the grow was sized for, at the level likely by then.
		pct := c.hackShareAt(t, o.landAt)
		if pct <= 0 {
			c.cancel(o)
			return
		}
		if n := hacking.HackThreadsFor(b.frac, pct); n < o.threads {
			if o.prebooked() { // booked ahead for more threads
				c.release(o.alloc)
				o.alloc, o.host = 0, ""
			}
			o.threads = n
		}
	}
	sec := t.srv.MinDifficulty
	if b.kind == prepBatch {
		sec = t.srv.HackDifficulty
	}
	times := c.opTimes(t, sec)
	o.expected = times.Of(o.worker())
	if float64(o.landAt-c.now) < o.expected {
		// Too late to land on time (the driver fell behind).
		c.cancel(o)
		c.failBatch(b, o.role, fmt.Sprintf("%s would land %.0f ms late; dropped", o.role, o.expected-float64(o.landAt-c.now)))
		return
	}
	var by world.Time
	if b.kind == harvestBatch {
		// The predicted duration holds only while the target sits at its
		// minimum security: the worker must call before the next window
		// that raises it, or refuse.
		if by = c.startBy(t); by != 0 && by < c.now {
			c.cancel(o)
			c.failBatch(b, o.role, fmt.Sprintf("%s is due while the target's security is raised; dropped", o.role))
			return
		}
	}
	if c.procs >= c.cfg.MaxProcesses {
		// The process limit is hard: the game's tab freezes past it.
		c.cancel(o)
		c.failBatch(b, o.role, "")
		return
	}
	parts := []*op{o}
	if !o.prebooked() {
		if parts = c.place(o); parts == nil {
			c.cancel(o)
			c.failBatch(b, o.role, "no RAM for "+o.role.String())
			return
		}
		b.add(parts[1:]...)
	}
	for _, p := range parts {
		p.expected = o.expected
		p.level = c.env.Person.Hacking
		p.state = opLaunching
		p.launchedAt = c.now
		c.procs++
		c.launching = append(c.launching, p)
		c.ready.Execs = append(c.ready.Execs, world.ExecRequest{
			Script:  p.worker().Script(),
			Host:    p.host,
			Threads: p.threads,
			Args: world.WorkerArgs{Target: t.host, LandAt: p.landAt, Duration: p.expected, Tag: b.tag(p.role),
				StartBy: by, LaunchedAt: c.now}.Args(),
			Temporary: true,
		})
	}
}

// resize returns the threads o needs on a host with the given cores.
func (c *Controller) resize(o *op, cores int) int {
	b := o.b
	switch o.role {
	case roleGrow:
		if b.kind == harvestBatch {
			p := hacking.Prepared(c.growsAgainst(b.t, b.hackCover() == roleWeaken2, b.threads(roleHack)))
			if g, ok := hacking.GrowThreads(&p, p.MoneyMax*(1-b.frac), cores, c.env); ok {
				return g
			}
		}
		return o.threads
	case roleWeaken1, roleWeaken2:
		return hacking.WeakenThreads(hacking.WeakenRemoves(o.threads, o.cores, c.env), cores, c.env)
	}
	return o.threads
}

// weakenCovers reports whether b's second weaken removes the security of a
// grow of g threads (and of the hack, in a batch without a first weaken).
func (c *Controller) weakenCovers(b *batch, g int) bool {
	removed := 0.0
	for _, o := range b.ops {
		if o.role == roleWeaken2 && o.state != opCancelled {
			removed += hacking.WeakenRemoves(o.threads, o.cores, c.env)
		}
	}
	need := hacking.GrowSecurity(g)
	if b.hackCover() == roleWeaken2 {
		need += hacking.HackSecurity(b.threads(roleHack), hacking.HackShare(b.t.srv, c.env))
	}
	return removed >= need-1e-9
}

func (c *Controller) release(id memory.ID) {
	if _, err := c.ledger.Release(id); err != nil {
		c.logf(logline.Error, "ledger: %v", err)
	}
}

// failBatch reacts to an op of role lost in b that will not run (or ended
// without effect). What depends on it must not land without it: a hack
// without its weaken or grow would desynchronise the target, and so would
// a grow without its weaken. Dependents not yet launched are dropped;
// dependents already running are killed (a killed op does nothing). Only a
// dependent that has already landed leaves the target to drift, and then
// it is repaired.
func (c *Controller) failBatch(b *batch, lost role, why string) {
	if why != "" {
		c.logf(logline.Warn, "%s batch %d on %s: %s", b.kind.String(), b.seq, b.t.host, why)
	}
	var dependents []role
	switch lost {
	case roleWeaken1, roleGrow:
		dependents = []role{roleHack}
	case roleWeaken2:
		dependents = []role{roleGrow, roleHack}
	}
	landed := false
	for _, o := range b.ops {
		if !o.is(dependents) {
			continue
		}
		switch o.state {
		case opPlanned:
			c.cancel(o)
		case opLaunching, opRunning:
			c.abort(o)
		case opDone:
			landed = true
		}
	}
	if landed && b.kind == harvestBatch {
		c.repair(b.t, "a "+lost.String()+" was lost after the work that needed it landed")
		return
	}
	c.settle(b.t)
}

// is reports whether o has one of the roles.
func (o *op) is(roles []role) bool {
	for _, r := range roles {
		if o.role == r {
			return true
		}
	}
	return false
}

// abort kills a running op: its RAM is freed at once (the kill runs before
// any exec of the same round) and it will have no effect.
func (c *Controller) abort(o *op) {
	if o.state == opLaunching {
		// Its exec is in flight; kill it when the pid arrives.
		o.abort = true
		return
	}
	pid := o.pid
	c.opGone(o, false)
	c.ready.Kills = append(c.ready.Kills, pid)
	c.done(o)
}

// settle forgets t's finished batches; a target left with nothing in
// flight is read again so its phase can move on.
func (c *Controller) settle(t *target) {
	c.prune(t)
	if t.quiet() {
		c.refreshSoon()
	}
}

func (k batchKind) String() string {
	if k == prepBatch {
		return "prep"
	}
	return "harvest"
}

// Killed reports the outcome of the last Ready's Kills: one error (or nil)
// per pid, in order. The ops of those pids are already gone, their RAM free
// in the ledger. A process that had already ended needs nothing more; any
// other failure is logged: the process runs on until it lands, in RAM the
// ledger counts free (an exec placed there fails and backs off).
func (c *Controller) Killed(pids []int, errs []error) {
	if len(errs) != len(pids) {
		c.logf(logline.Error, "driver returned %d kill results for %d kills", len(errs), len(pids))
	}
	for i, err := range errs {
		if err == nil || i >= len(pids) || errors.Is(err, world.ErrNoSuchProcess) {
			continue
		}
		c.logf(logline.Warn, "kill pid %d: %v; it runs until it lands", pids[i], err)
	}
}

// Launched reports the results of the last Ready's Execs, in order.
func (c *Controller) Launched(results []world.ExecResult) {
	ops := c.launching
	c.launching = nil
	if len(results) != len(ops) {
		c.logf(logline.Error, "driver returned %d exec results for %d execs", len(results), len(ops))
	}
	for i, o := range ops {
		var res world.ExecResult
		if i < len(results) {
			res = results[i]
		} else {
			res.Err = errors.New("no result")
		}
		c.launched(o, res)
	}
	if c.launching == nil { // nothing new to launch: keep the list's room
		clear(ops)
		c.launching = ops[:0]
	}
}

func (c *Controller) launched(o *op, res world.ExecResult) {
	t := o.b.t
	if res.Err != nil || res.PID <= 0 {
		c.procs--
		c.stats.LaunchFailures++
		c.release(o.alloc)
		o.state = opCancelled
		if si := c.servers[o.host]; si != nil && errors.Is(res.Err, world.ErrNotEnoughRAM) {
			c.refreshSoon() // reserved RAM we do not know of
		}
		t.failures++
		t.backoff = c.now + world.Time(min(60000, 250<<min(t.failures, 8)))
		c.logf(logline.Warn, "exec %s on %s: %v", o.worker(), o.host, res.Err)
		c.failBatch(o.b, o.role, "")
		return
	}
	t.failures = 0
	o.pid = res.PID
	o.state = opRunning
	c.byPID[o.pid] = o
	defer func() {
		if o.abort {
			c.abort(o)
		}
	}()
	c.stats.Launched++
	err := c.ledger.Claim(o.alloc, memory.Claim{
		PID: o.pid, Host: o.host, Filename: o.worker().Script(),
		ChunkSize: o.worker().RAM() * game.RAM(o.threads), NumChunks: 1,
	})
	if err != nil {
		c.logf(logline.Error, "ledger: %v", err)
	}
}

// jobDone handles a worker's report.
func (c *Controller) jobDone(r world.Report) {
	o := c.byPID[r.PID]
	if o == nil {
		return
	}
	t := o.b.t
	// Learn the launch latency, so launches keep clear of the windows
	// where the target's security is raised.
	c.learnDelay(r.Start-o.launchedAt, 0)
	if late := r.End - o.landAt; !r.Misfire && late > c.lateMS && late < maxLaunchDelay {
		c.lateMS = late
	}
	t.remember(Landing{Batch: o.b.seq, Role: o.role.String(), Planned: o.landAt, Actual: r.End, Misfire: r.Misfire, Result: r.Result})
	switch {
	case r.Misfire:
		c.stats.Misfires++
		t.misfires++
		c.opGone(o, false)
		if o.b.kind == prepBatch && c.requeue(o) {
			return
		}
		c.failBatch(o.b, o.role, "a worker could not land on time")
		c.done(o)
		return
	case c.offTime(r.End-o.landAt) && o.b.kind == harvestBatch:
		// Landed off its time (a busy game fires timers late). Whether the
		// order of the landings suffered shows in the target's state, which
		// the next reading checks against the schedule.
		c.stats.Late++
		t.offTime++
		c.refreshSoon()
	}
	if o.role == roleHack {
		c.stats.Hacks++
		c.stats.Expected += hacking.HackValue(t.srv, o.threads, c.env)
		t.hacks++
		if r.Result > 0 {
			c.stats.HackSuccesses++
			c.stats.Income += r.Result
			t.earned += r.Result
			if c.stats.FirstIncome == 0 {
				c.stats.FirstIncome = r.End
			}
		}
	}
	c.opGone(o, false)
	if o.role == roleHack && o.b.kind == harvestBatch && c.holes {
		c.holeFor(t, o.host)
	}
	c.done(o)
}

// offTime reports whether a landing d ms off its plan may have broken the
// order of its batch. Browser timers fire late when the game is busy, so a
// landing within half a spacing of its time still counts as on time.
func (c *Controller) offTime(d world.Time) bool {
	tol := max(1, (c.spacing()-1)/2)
	return d < -tol || d > tol
}

// processEnded handles a process that ended without a report.
func (c *Controller) processEnded(e world.ProcessEnded) {
	o := c.byPID[e.PID]
	if o == nil {
		return
	}
	c.opGone(o, false)
	if o.b.kind == prepBatch && c.requeue(o) {
		return
	}
	c.failBatch(o.b, o.role, "")
	c.done(o)
}

// requeue replaces a prep op that ended without effect with a new one that
// lands as soon as it can, so the round still does its work. It reports
// false when the replacement cannot be placed.
func (c *Controller) requeue(o *op) bool {
	t := o.b.t
	if !t.planned || t.repairing || o.requeued {
		return false
	}
	d := c.opTimes(t, t.srv.HackDifficulty).Of(o.worker())
	c.seq++
	n := &op{b: o.b, role: o.role, threads: o.threads, cores: 1, heapIdx: -1, seq: c.seq, requeued: true}
	n.landAt = max(o.landAt, c.now+world.Time(math.Ceil(d))+prepSlack+2*c.launchDelay())
	n.callAt = c.now
	parts := c.place(n)
	if parts == nil {
		return false
	}
	for _, p := range parts {
		c.schedule(p)
	}
	c.stats.Requeued++
	return true
}

// opGone frees o's RAM and forgets its process.
func (c *Controller) opGone(o *op, lost bool) {
	if o.state != opRunning {
		return
	}
	delete(c.byPID, o.pid)
	c.procs--
	c.procLimit = false
	o.state = opDone
	if !lost {
		if _, err := c.ledger.ReleasePID(o.pid, o.host); err != nil {
			c.logf(logline.Error, "ledger: %v", err)
		}
	}
	o.b.t.lastDone = c.now
}

// done settles o's batch if nothing of it can still land.
func (c *Controller) done(o *op) {
	if o.b.finished() {
		c.strategy.batchDone(o.b)
		c.settle(o.b.t)
	}
}
