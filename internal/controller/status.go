package controller

import (
	"sort"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// Status is a summary of the controller's state for display.
type Status struct {
	At        world.Time     `json:"at"`
	Hacking   int            `json:"hacking"`
	Money     float64        `json:"money"`
	Targets   []TargetStatus `json:"targets"`
	Phases    map[string]int `json:"phases"`
	RAMTotal  game.RAM       `json:"ram_total"`  // worker RAM less set-aside
	RAMInUse  game.RAM       `json:"ram_in_use"` // booked by bbctl
	Reserved  game.RAM       `json:"reserved"`   // used by others
	Processes int            `json:"processes"`  // bbctl's processes running
	Stats     Stats          `json:"stats"`
	Paused    bool           `json:"paused"`
	// Waiting says what the income waits for: the targets being prepared
	// (how far, and when they are ready), the first landings of new
	// harvests, and what harvests meanwhile. Empty when nothing waits.
	Waiting string `json:"waiting,omitempty"`
	Delay   Delay  `json:"delay"`
}

// Delay is the launch delay the scheduler allows for, as learned so far:
// how long an exec takes to start its worker, plus how far the driver has
// run behind its planned launches (see docs/scheduler.md).
type Delay struct {
	TotalMS world.Time `json:"total_ms"`
	ExecMS  world.Time `json:"exec_ms"`
	LagMS   world.Time `json:"lag_ms"`
}

// TargetStatus is one target's line of the status.
type TargetStatus struct {
	Host          string  `json:"host"`
	Phase         string  `json:"phase"`
	Repairing     bool    `json:"repairing,omitempty"`
	MoneyPct      float64 `json:"money_pct"`
	SecAboveMin   float64 `json:"sec_above_min"`
	Threads       [3]int  `json:"threads"` // running hack, grow, weaken threads
	PlannedIncome float64 `json:"planned_income"`
	Earned        float64 `json:"earned"`
	Hacks         int     `json:"hacks"`
	RequiredLevel int     `json:"required_level"`
	MaxMoney      float64 `json:"max_money"`
	Excluded      bool    `json:"excluded,omitempty"`
	// ValuePerRAMSec is the plan's expected money per GB-second of RAM
	// its batches hold on this target (0 when it has no plan).
	ValuePerRAMSec float64 `json:"value_per_ram_sec"`
}

// Status returns a summary of the controller's state.
func (c *Controller) Status() Status {
	st := Status{
		At: c.now, Hacking: c.player.Hacking, Money: c.player.Money,
		Phases: map[string]int{}, Processes: c.procs, Stats: c.stats, Paused: c.paused,
		Delay: Delay{TotalMS: c.launchDelay(), ExecMS: c.execLatency(), LagMS: c.pace.lag()},
	}
	for _, w := range c.ledger.Workers() {
		st.RAMTotal += w.Total - w.SetAside
		st.RAMInUse += w.Allocated
		st.Reserved += w.Reserved
	}
	for _, t := range c.order {
		if !c.hackable(t) && !t.planned && len(t.batches) == 0 && !t.excluded {
			continue
		}
		ts := c.targetStatus(t)
		st.Phases[ts.Phase]++
		st.Targets = append(st.Targets, ts)
	}
	sort.SliceStable(st.Targets, func(i, j int) bool { return st.Targets[i].PlannedIncome > st.Targets[j].PlannedIncome })
	st.Waiting = c.waiting()
	return st
}

// targetStatus returns t's line of the status.
func (c *Controller) targetStatus(t *target) TargetStatus {
	ts := TargetStatus{
		Host: t.host, Phase: t.phase.String(), Repairing: t.repairing,
		PlannedIncome: t.income, Earned: t.earned, Hacks: t.hacks,
		RequiredLevel: t.srv.RequiredHackingSkill, MaxMoney: t.srv.MoneyMax,
		SecAboveMin: t.srv.HackDifficulty - t.srv.MinDifficulty,
		Excluded:    t.excluded, ValuePerRAMSec: t.valuePerRAMSec(),
	}
	if t.srv.MoneyMax > 0 {
		ts.MoneyPct = 100 * t.srv.MoneyAvailable / t.srv.MoneyMax
	}
	for _, b := range t.batches {
		for _, o := range b.ops {
			if o.state == opRunning {
				ts.Threads[o.worker()-world.OpHack] += o.threads
			}
		}
	}
	return ts
}

// valuePerRAMSec returns the money per GB-second of t's planned batches.
func (t *target) valuePerRAMSec() float64 {
	var money, ramSec float64
	for _, u := range t.uses {
		money += u.Money * u.Rate
		ramSec += u.RAMSeconds * u.Rate
	}
	if ramSec <= 0 {
		return 0
	}
	return money / ramSec
}

// TargetDetail is one target's work in flight, for display.
type TargetDetail struct {
	TargetStatus
	At       world.Time    `json:"at"`
	Batches  []BatchStatus `json:"batches"` // by first landing
	Recent   []Landing     `json:"recent"`  // the last landings, oldest first
	Misfires int           `json:"misfires"`
	OffTime  int           `json:"off_time"` // landings off their planned time
	Repairs  int           `json:"repairs"`  // drifts from the plan repaired
}

// BatchStatus is one batch of a target that has not finished.
type BatchStatus struct {
	Seq  uint64     `json:"seq"`
	Kind string     `json:"kind"` // "harvest" or "prep"
	Ops  []OpStatus `json:"ops"`
}

// OpStatus is one operation of a batch.
type OpStatus struct {
	Role    string     `json:"role"` // h, w1, g, w2
	Threads int        `json:"threads"`
	LandAt  world.Time `json:"land_at"`
	State   string     `json:"state"` // planned, launching, running, done, cancelled
	Host    string     `json:"host,omitempty"`
}

var opStateNames = [...]string{"planned", "launching", "running", "done", "cancelled"}

// TargetDetail returns host's status and the batches it has in flight, at
// most maxBatches of them (the earliest); false when host is not a
// target.
func (c *Controller) TargetDetail(host string, maxBatches int) (TargetDetail, bool) {
	t := c.targets[host]
	if t == nil {
		return TargetDetail{}, false
	}
	d := TargetDetail{
		TargetStatus: c.targetStatus(t), At: c.now,
		Recent:   append([]Landing(nil), t.recent...),
		Misfires: t.misfires, OffTime: t.offTime, Repairs: t.repairs,
	}
	n := min(len(t.batches), max(0, maxBatches))
	d.Batches = make([]BatchStatus, 0, n)
	for _, b := range t.batches {
		if len(d.Batches) == n {
			break
		}
		if b.finished() {
			continue // finished, not yet pruned (a batch ahead still lands)
		}
		bs := BatchStatus{Seq: b.seq, Kind: "harvest", Ops: make([]OpStatus, len(b.ops))}
		if b.kind == prepBatch {
			bs.Kind = "prep"
		}
		for i, o := range b.ops {
			st := "unknown"
			if int(o.state) < len(opStateNames) {
				st = opStateNames[o.state]
			}
			bs.Ops[i] = OpStatus{Role: o.role.String(), Threads: o.threads, LandAt: o.landAt, State: st, Host: o.host}
		}
		d.Batches = append(d.Batches, bs)
	}
	return d, true
}
