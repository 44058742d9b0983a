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
	RAMTotal  game.RAM       `json:"ramTotal"`  // worker RAM less set-aside
	RAMInUse  game.RAM       `json:"ramInUse"`  // booked by bbctl
	Reserved  game.RAM       `json:"reserved"`  // used by others
	Processes int            `json:"processes"` // bbctl's processes running
	Stats     Stats          `json:"stats"`
}

// TargetStatus is one target's line of the status.
type TargetStatus struct {
	Host          string  `json:"host"`
	Phase         string  `json:"phase"`
	Repairing     bool    `json:"repairing,omitempty"`
	MoneyPct      float64 `json:"moneyPct"`
	SecAboveMin   float64 `json:"secAboveMin"`
	Threads       [3]int  `json:"threads"` // running hack, grow, weaken threads
	PlannedIncome float64 `json:"plannedIncome"`
	Earned        float64 `json:"earned"`
	Hacks         int     `json:"hacks"`
	RequiredLevel int     `json:"requiredLevel"`
	MaxMoney      float64 `json:"maxMoney"`
}

// Status returns a summary of the controller's state.
func (c *Controller) Status() Status {
	st := Status{
		At: c.now, Hacking: c.player.Hacking, Money: c.player.Money,
		Phases: map[string]int{}, Processes: c.procs, Stats: c.stats,
	}
	for _, w := range c.ledger.Snapshot().Workers {
		st.RAMTotal += w.Total - w.SetAside
		st.RAMInUse += w.Allocated
		st.Reserved += w.Reserved
	}
	for _, t := range c.order {
		if !c.hackable(t) && !t.planned && len(t.batches) == 0 {
			continue
		}
		ts := TargetStatus{
			Host: t.host, Phase: t.phase.String(), Repairing: t.repairing,
			PlannedIncome: t.income, Earned: t.earned, Hacks: t.hacks,
			RequiredLevel: t.srv.RequiredHackingSkill, MaxMoney: t.srv.MoneyMax,
			SecAboveMin: t.srv.HackDifficulty - t.srv.MinDifficulty,
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
		st.Phases[ts.Phase]++
		st.Targets = append(st.Targets, ts)
	}
	sort.SliceStable(st.Targets, func(i, j int) bool { return st.Targets[i].PlannedIncome > st.Targets[j].PlannedIncome })
	return st
}
