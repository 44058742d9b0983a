package simrun

import (
	"sort"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/longtest"
	"bbctl/internal/memory"
)

// TestLateFirstHourIdeal bounds the first hour of late (issue 13's bar:
// 0.75 of the ceiling × 1 h) for any schedule that hacks a target only at
// its minimum security, as bbctl and the seed baseline do. A target
// starting above its minimum cannot be there before one weaken at its
// starting security has landed (nothing lowers security sooner), so at
// time t the income is at most the income programme's optimum over the
// targets that can be prepared by t, with all the RAM. The integral of
// that over the hour is generous — it grants each target the ceiling's
// rate the moment it can be at minimum security, without the RAM its
// preparation holds or the weaken time its first batches take to land —
// and it is below the bar: ecorp, 84 % of the ceiling, cannot be ready
// before 2,093 s, and clarkinc, the next, not before 988 s.
func TestLateFirstHourIdeal(t *testing.T) {
	longtest.Skip(t)
	sc := load(t, "late")
	snap, bn := startOf(t, sc)
	p := snap.Player.Person()
	env := hacking.Env{Person: p, BN: &bn, Version: game.V3}
	ceil, err := CeilingOf(snap, sc.BitNode, sc.BitNodeLevel, sc.MaxProcesses, sc.SpacingMS)
	if err != nil {
		t.Fatal(err)
	}
	// The ceiling's capacity: every worker's RAM less its set-aside.
	ledger, err := memory.New(memory.Config{})
	if err != nil {
		t.Fatal(err)
	}
	capy := hacking.Capacity{RAMByCores: map[int]game.RAM{}, MaxProcesses: sc.MaxProcesses, SpacingMS: sc.SpacingMS}
	type prospect struct {
		s     game.Server
		ready float64 // s: the earliest it can be at minimum security
	}
	var ps []prospect
	for _, s := range snap.Servers {
		if s.MaxRAM > 0 {
			s.HasAdminRights, s.RAMUsed = true, 0
			if err := ledger.UpdateServer(s); err != nil {
				t.Fatal(err)
			}
			ws, _ := ledger.Worker(s.Hostname)
			capy.RAMByCores[ws.Cores] += ws.Total - ws.SetAside
		}
		if s.MoneyMax <= 0 || s.PurchasedByPlayer || s.Hostname == "home" || s.RequiredHackingSkill > p.Hacking {
			continue
		}
		s.HasAdminRights = true
		ready := 0.0
		if s.HackDifficulty > s.MinDifficulty+1e-6 {
			ready = game.WeakenTime(&s, &p, &bn)
		}
		ps = append(ps, prospect{s, ready})
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].ready < ps[j].ready })
	const hour = 3600.0
	money, prev := 0.0, -1.0
	for k := 0; k < len(ps) && ps[k].ready < hour; {
		from := ps[k].ready
		for k < len(ps) && ps[k].ready <= from {
			k++
		}
		to := hour
		if k < len(ps) {
			to = min(hour, ps[k].ready)
		}
		var ready []game.Server
		for _, x := range ps[:k] {
			ready = append(ready, x.s)
		}
		c, err := hacking.ComputeCeiling(ready, capy, env, hacking.Options{})
		if err != nil {
			t.Fatal(err)
		}
		money += c.IncomePerSec * (to - from)
		if c.IncomePerSec > prev+0.05*ceil.IncomePerSec {
			prev = c.IncomePerSec
			t.Logf("from %4.0f s: %2d targets can be prepared, at most %.4g $/s (%.3f of the ceiling)", from, k, c.IncomePerSec, c.IncomePerSec/ceil.IncomePerSec)
		}
	}
	ratio := money / (ceil.IncomePerSec * hour)
	t.Logf("ceiling $%.4g/s; the first hour at most $%.4g: %.3f of the ceiling × 1 h", ceil.IncomePerSec, money, ratio)
	if ratio >= 0.75 {
		t.Errorf("the ideal first hour is %.3f of the ceiling: the 0.75 bar is not out of reach", ratio)
	}
}
