package hacking_test

import (
	"fmt"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
)

// The worked example of docs/ceiling.md: joesguns at hacking 100, with
// 64 GB on one-core workers and 16 GB of a 4-core home.
func ExampleComputeCeiling() {
	bn := game.DefaultBitNodeMults()
	env := hacking.Env{Person: game.Person{Hacking: 100, Mults: game.DefaultMultipliers()}, BN: &bn, Version: game.V3}
	joesguns := game.Server{
		Hostname: "joesguns", HasAdminRights: true,
		HackDifficulty: 15, MinDifficulty: 5, BaseDifficulty: 15,
		RequiredHackingSkill: 10, MoneyAvailable: 2.5e6, MoneyMax: 62.5e6, ServerGrowth: 20,
	}
	p := hacking.Prepared(joesguns)
	b, _ := hacking.HWGW(&p, 25, 1, env)
	fmt.Printf("batch h=%d w1=%d g=%d w2=%d: $%.0f, %.1f GB·s (%.1f of grow and weaken), %.1f process-s\n",
		b.Hack, b.Weaken1, b.Grow, b.Weaken2, b.Money, b.RAMSeconds, b.GWRAMSeconds, b.ProcSeconds)
	fmt.Printf("times: hack %.0f ms, grow %.0f ms, weaken %.0f ms\n", b.Times.Hack, b.Times.Grow, b.Times.Weaken)

	capy := hacking.Capacity{
		RAMByCores:   map[int]game.RAM{1: 64 * game.GiB, 4: 16 * game.GiB},
		MaxProcesses: 40000,
		SpacingMS:    20,
	}
	c, _ := hacking.ComputeCeiling([]game.Server{joesguns}, capy, env, hacking.Options{})
	fmt.Printf("ceiling $%.0f/s, binding %v\n", c.IncomePerSec, c.Binding)
	for _, u := range c.Targets[0].Uses {
		fmt.Printf("  h=%d w1=%d g=%d w2=%d on %d cores at %.4f batches/s\n", u.Hack, u.Weaken1, u.Grow, u.Weaken2, u.Cores, u.Rate)
	}
	// Output:
	// batch h=25 w1=1 g=136 w2=11: $5041309, 18502.1 GB·s (17616.7 of grow and weaken), 254.2 process-s
	// times: hack 20833 ms, grow 66667 ms, weaken 83333 ms
	// ceiling $23048/s, binding [ram cores:4]
	//   h=16 w1=1 g=85 w2=7 on 1 cores at 0.0054 batches/s
	//   h=13 w1=1 g=58 w2=4 on 4 cores at 0.0021 batches/s
}
