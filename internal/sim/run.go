package sim

import (
	"context"
	"math"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// maxAdditionalMsec is the largest additionalMsec the game accepts
// (MECHANICS §3 item 3); a worker asking for more throws.
const maxAdditionalMsec = 1e9

// Next returns the next event. It processes the simulator's internal
// events (worker calls, completions, fault kills) in (time, creation)
// order and returns the first one the controller sees: a world.JobDone,
// world.ProcessEnded, world.LevelUp or world.ServerChanged. If nothing
// visible happens up to until, the clock moves to until and Next returns a
// world.Tick; an until before Now counts as Now.
//
// With Config.Speed > 0, Next waits on the wall clock so that game time
// runs at Speed game-ms per wall-ms, and returns ctx's error if ctx ends
// first (the clock then stays where it was).
func (w *World) Next(ctx context.Context, until world.Time) (world.Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	until = max(until, w.now)
	for {
		if ev := w.popReady(); ev != nil {
			w.record(ev)
			return ev, nil
		}
		if w.q.len() == 0 || w.q.min().at > until {
			if err := w.pace(ctx, until); err != nil {
				return nil, err
			}
			w.now = until
			ev := world.Tick{At: until}
			w.record(ev)
			return ev, nil
		}
		it := w.q.min()
		if w.speed > 0 {
			if err := w.pace(ctx, it.at); err != nil {
				return nil, err
			}
		}
		w.q.pop()
		w.now = it.at
		if ev := w.handle(it); ev != nil {
			w.record(ev)
			return ev, nil
		}
	}
}

// pace waits until the wall clock reaches virtual time t at w.speed.
func (w *World) pace(ctx context.Context, t world.Time) error {
	if w.speed == 0 {
		return nil
	}
	if !w.paced {
		w.paced = true
		w.wall0 = w.clock.Now()
		w.virt0 = w.now
	}
	due := float64(t-w.virt0) / w.speed * float64(time.Millisecond)
	wait := due - float64(w.clock.Now().Sub(w.wall0))
	if wait <= 0 {
		return nil
	}
	const forever = float64(math.MaxInt64 / 2)
	return w.clock.Sleep(ctx, time.Duration(min(wait, forever)))
}

// handle processes one internal event and returns the visible event it
// produced, if any.
func (w *World) handle(it item) world.Event {
	switch it.slot {
	case itemFaultKill:
		return w.faultKill()
	case itemContract:
		w.placeContract()
		return nil
	case itemStocks:
		w.updateStocks()
		return nil
	}
	p := &w.procs[it.slot]
	if p.gen != it.gen {
		return nil // the process ended before this event
	}
	switch p.state {
	case procCalling:
		return w.call(it.slot)
	case procRunning:
		return w.complete(it.slot)
	}
	return nil
}

// call is a worker's call of its operation (MECHANICS §3 item 1): it
// validates the target, computes additionalMsec from the owner's expected
// duration and arms the completion with the true duration of the moment.
func (w *World) call(slot int32) world.Event {
	p := &w.procs[slot]
	if !w.callable(p) {
		return w.fail(slot)
	}
	// In doubles, as the worker computes it (and without int64 overflow).
	add := float64(p.landAt) - float64(w.now) - p.dur
	if add < 0 || (p.startBy > 0 && w.now > p.startBy) {
		w.stats.Misfires++
		ev := world.JobDone{Report: w.report(p)}
		ev.Start, ev.End, ev.Misfire = w.now, w.now, true
		w.release(slot)
		return ev
	}
	if add > maxAdditionalMsec {
		return w.fail(slot)
	}
	// The game sums seconds, then arms a timer of D·1000 ms, which the
	// browser truncates to whole ms.
	d := w.opTime(p.op, &w.servers[p.target].Server) + add/1000
	ms := math.Trunc(d * 1000)
	if !(ms >= 0 && ms < 1e15) {
		return w.fail(slot)
	}
	p.state = procRunning
	p.start = w.now
	if w.timerLate > 0 {
		ms += float64(w.faultRNG.Int64N(int64(w.timerLate) + 1))
	}
	w.push(w.after(world.Time(ms)), slot)
	return nil
}

// callable reports whether the worker p's call would succeed now.
func (w *World) callable(p *proc) bool {
	if !p.argsOK || p.target < 0 {
		return false
	}
	t := &w.servers[p.target].Server
	if t.PurchasedByPlayer && w.ver != game.V261 {
		return false // 2.7+ refuses the player's own servers as targets
	}
	if !t.HasAdminRights {
		return false
	}
	return p.op != world.OpHack || t.RequiredHackingSkill <= w.person.Hacking
}

// fail ends a worker whose call threw: the script dies without a report.
func (w *World) fail(slot int32) world.Event {
	p := &w.procs[slot]
	w.stats.Failures++
	ev := world.ProcessEnded{At: w.now, PID: p.pid, Host: w.servers[p.host].Hostname}
	w.release(slot)
	return ev
}

// complete is the end of a worker's operation (MECHANICS §3 item 2): the
// effect from the state of this moment, exp to the player, then the
// report.
func (w *World) complete(slot int32) world.Event {
	p := &w.procs[slot]
	t := &w.servers[p.target].Server
	threads := float64(p.threads)
	var result, exp float64
	switch p.op {
	case world.OpHack:
		chance := game.HackChance(t, &w.person, w.ver)
		success := w.hackRNG.Float64() < chance
		w.stats.HacksLanded++
		if t.HackDifficulty > t.MinDifficulty {
			w.stats.HacksDesynced++
		}
		if success {
			w.stats.HackSuccesses++
		}
		result, exp = t.Hack(threads, success, &w.person, &w.bn)
		w.money += result
		w.stats.MoneyGained += result
	case world.OpGrow:
		w.stats.GrowsLanded++
		result, exp = t.Grow(threads, w.servers[p.host].Cores, &w.person, &w.bn)
	case world.OpWeaken:
		w.stats.WeakensLanded++
		nominal, removed, e := t.Weaken(threads, w.servers[p.host].Cores, &w.person, &w.bn)
		result, exp = removed, e
		if w.ver == game.V261 {
			result = nominal // before 2.8 weaken returned the nominal amount
		}
	}
	ev := world.JobDone{Report: w.report(p)}
	ev.End = w.now
	ev.Result = result
	w.release(slot)
	w.gainExp(exp)
	return ev
}

// report returns the fields of p's report known before its end.
func (w *World) report(p *proc) world.Report {
	return world.Report{
		PID:     p.pid,
		Host:    w.servers[p.host].Hostname,
		Op:      p.op,
		Target:  p.args[0],
		Threads: p.threads,
		Tag:     p.args[3],
		LandAt:  p.landAt,
		Start:   p.start,
	}
}

// gainExp adds hacking exp and queues a LevelUp if the level rose.
func (w *World) gainExp(exp float64) {
	if w.freezeExp || exp == 0 {
		return
	}
	w.exp += exp
	if l := w.skill(w.exp); l > w.person.Hacking {
		w.person.Hacking = l
		w.emit(world.LevelUp{At: w.now, Level: l})
	}
}

// faultKill kills a random running worker (Faults.KillsPerHour).
func (w *World) faultKill() world.Event {
	w.faultPending = false
	if len(w.workers) == 0 {
		return nil // the next worker to start schedules the next kill
	}
	slot := w.workers[w.faultRNG.IntN(len(w.workers))]
	w.stats.FaultKills++
	ev := w.kill(slot)
	if len(w.workers) > 0 {
		w.scheduleFaultKill()
	}
	return ev
}

// scheduleFaultKill queues the next random kill. Kills form a Poisson
// process; as it is memoryless, it may pause while no worker runs.
func (w *World) scheduleFaultKill() {
	dt := w.faultRNG.ExpFloat64() / w.killRate
	w.seq++
	w.enqueue(item{at: w.after(world.Time(math.Ceil(min(dt, 1e15)))), seq: w.seq, slot: itemFaultKill})
	w.faultPending = true
}

// after returns the time d ≥ 0 ms from now, saturating at the end of time
// rather than wrapping.
func (w *World) after(d world.Time) world.Time {
	if d > math.MaxInt64-w.now {
		return math.MaxInt64
	}
	return w.now + d
}

// push queues the next event of the process in slot.
func (w *World) push(at world.Time, slot int32) {
	w.seq++
	w.enqueue(item{at: at, seq: w.seq, slot: slot, gen: w.procs[slot].gen})
}

// enqueue adds it, which must not be due before now, to the queue.
func (w *World) enqueue(it item) {
	if it.at == w.now {
		w.q.pushNow(it)
	} else {
		w.q.push(it)
	}
}

// emit queues a visible event for Next.
func (w *World) emit(ev world.Event) {
	w.ready = append(w.ready, ev)
}

func (w *World) popReady() world.Event {
	if w.readyAt == len(w.ready) {
		return nil
	}
	ev := w.ready[w.readyAt]
	w.ready[w.readyAt] = nil
	w.readyAt++
	if w.readyAt == len(w.ready) {
		w.ready, w.readyAt = w.ready[:0], 0
	}
	return ev
}

// alloc returns a free process slot.
func (w *World) alloc() int32 {
	if n := len(w.free); n > 0 {
		slot := w.free[n-1]
		w.free = w.free[:n-1]
		return slot
	}
	w.procs = append(w.procs, proc{})
	return int32(len(w.procs) - 1)
}

// release ends the process in slot: its RAM is freed at once and every
// event queued for it becomes stale.
func (w *World) release(slot int32) {
	p := &w.procs[slot]
	s := &w.servers[p.host]
	if s.hacknet {
		w.settle() // the hash rate changes with the RAM used
	}
	s.RAMUsed -= p.ram * game.RAM(p.threads)
	w.unlink(slot)
	w.byPID.remove(p.pid, slot)
	if p.widx >= 0 {
		last := w.workers[len(w.workers)-1]
		w.workers[p.widx] = last
		w.procs[last].widx = p.widx
		w.workers = w.workers[:len(w.workers)-1]
	}
	w.stats.Running--
	*p = proc{gen: p.gen + 1}
	w.free = append(w.free, slot)
}

// link appends the process in slot to its host's list.
func (w *World) link(slot int32) {
	p := &w.procs[slot]
	s := &w.servers[p.host]
	p.prev, p.next = s.last, -1
	if s.last >= 0 {
		w.procs[s.last].next = slot
	} else {
		s.first = slot
	}
	s.last = slot
	s.nprocs++
}

// unlink removes the process in slot from its host's list.
func (w *World) unlink(slot int32) {
	p := &w.procs[slot]
	s := &w.servers[p.host]
	if p.prev >= 0 {
		w.procs[p.prev].next = p.next
	} else {
		s.first = p.next
	}
	if p.next >= 0 {
		w.procs[p.next].prev = p.prev
	} else {
		s.last = p.prev
	}
	s.nprocs--
}
