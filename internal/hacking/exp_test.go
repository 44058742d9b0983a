package hacking

import (
	"math"
	"testing"

	"bbctl/internal/game"
)

func TestExpPerSec(t *testing.T) {
	bn, _ := game.BitNodeMultipliers(1, 1)
	env := Env{Person: game.Person{Hacking: 100, Mults: game.DefaultMultipliers()}, BN: &bn, Version: game.V3}
	s := game.Server{Hostname: "t", BaseDifficulty: 10, MinDifficulty: 3, HackDifficulty: 10, MoneyMax: 1e6, RequiredHackingSkill: 1}
	c := Ceiling{Targets: []TargetPlan{{Host: "t", Uses: []Use{
		{Batch: Batch{Hack: 10, Weaken1: 1, Grow: 5, Weaken2: 1}, Rate: 0.5},
		{Batch: Batch{Hack: 2, Weaken1: 1, Grow: 1, Weaken2: 1}, Rate: 2},
	}}, {Host: "gone", Uses: []Use{{Batch: Batch{Hack: 1}, Rate: 1}}}}}
	lookup := func(h string) (game.Server, bool) { return s, h == "t" }
	p := Prepared(s)
	p.HasAdminRights = true
	chance := game.HackChance(&p, &env.Person, env.Version)
	perThread := 3 + 10*0.3 // base difficulty 10, multipliers 1
	want := 0.5*(10*(chance+(1-chance)/4)+7)*perThread + 2*(2*(chance+(1-chance)/4)+3)*perThread
	if got := c.ExpPerSec(lookup, env); math.Abs(got-want) > 1e-9*want {
		t.Errorf("ExpPerSec = %v, want %v (chance %v)", got, want, chance)
	}
}
