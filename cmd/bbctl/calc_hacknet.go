package main

import (
	"context"
	"fmt"
	"math"
	"text/tabwriter"

	"bbctl/internal/game"
)

type hacknetUpgrade struct {
	What    string      `json:"what"`
	Cost    game.Number `json:"cost"`
	Gain    game.Number `json:"gain"`    // $/s more
	Payback game.Number `json:"payback"` // seconds
}

type hacknetReport struct {
	Level    int              `json:"level"`
	RAM      game.Number      `json:"ram"`
	Cores    int              `json:"cores"`
	Rate     game.Number      `json:"rate"` // $/s of this node
	Nodes    int              `json:"nodes"`
	NextNode game.Number      `json:"next_node_cost"`
	Upgrades []hacknetUpgrade `json:"upgrades"`
}

func calcHacknet(_ context.Context, e env, args []string) error {
	c := newCalcEnv(e, "hacknet", "[--level N] [--ram GB] [--cores N] [--nodes N] [flags]", false)
	level := c.fs.Int("level", 1, "node level (1-200)")
	ram := c.fs.Float64("ram", 1, "node RAM in GB (1-64, a power of two)")
	cores := c.fs.Int("cores", 1, "node cores (1-16)")
	nodes := c.fs.Int("nodes", 0, "nodes you own: prices the next one")
	money := c.fs.Float64("money-mult", 1, "your hacknet_node_money multiplier")
	cost := c.fs.Float64("cost-mult", 1, "your hacknet purchase/level/RAM/core cost multiplier")
	if err := c.parse(args); err != nil {
		return err
	}
	if *level < 1 || *level > game.HacknetNodeMaxLevel || *cores < 1 || *cores > game.HacknetNodeMaxCores ||
		!(*ram >= 1 && *ram <= game.HacknetNodeMaxRAM) || *nodes < 0 || !(*money > 0) || !(*cost > 0) {
		return usageError("want --level 1-200, --ram 1-64, --cores 1-16, --nodes ≥ 0 and positive multipliers")
	}
	rate := func(l int, r float64, k int) float64 { return game.HacknetMoneyRate(l, r, k, *money, &c.bn) }
	base := rate(*level, *ram, *cores)
	r := hacknetReport{Level: *level, RAM: game.Number(*ram), Cores: *cores, Rate: game.Number(base), Nodes: *nodes,
		NextNode: game.Number(game.HacknetNodeCost(*nodes+1, *cost))}
	add := func(what string, price, gain float64) {
		u := hacknetUpgrade{What: what, Cost: game.Number(price), Gain: game.Number(gain), Payback: game.Number(math.Inf(1))}
		if gain > 0 && !math.IsInf(price, 0) {
			u.Payback = game.Number(price / gain)
		}
		if math.IsInf(price, 0) {
			u.Gain = 0
		}
		r.Upgrades = append(r.Upgrades, u)
	}
	for _, n := range []int{1, 10} {
		lc := game.HacknetLevelCost(*level, n, *cost, c.ver)
		add(fmt.Sprintf("+%d level", n), lc, rate(min(*level+n, game.HacknetNodeMaxLevel), *ram, *cores)-base)
	}
	add("RAM ×2", game.HacknetRAMCost(*ram, 1, *cost), rate(*level, math.Min(*ram*2, game.HacknetNodeMaxRAM), *cores)-base)
	add("+1 core", game.HacknetCoreCost(*cores, 1, *cost), rate(*level, *ram, min(*cores+1, game.HacknetNodeMaxCores))-base)
	if c.jsonOut {
		return writeJSON(e.stdout, r)
	}
	w := e.stdout
	fmt.Fprintf(w, "node level %d, %s, %d core(s) makes %s/s (rules %v); node #%d costs %s\n",
		*level, game.FormatRAM(game.GB(*ram)), *cores, game.FormatMoney(base), c.ver, *nodes+1, game.FormatMoney(float64(r.NextNode)))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  upgrade\tprice\t+$/s\tpays back in\t")
	for _, u := range r.Upgrades {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t\n", u.What, game.FormatMoney(float64(u.Cost)), game.FormatMoney(float64(u.Gain)), formatSeconds(float64(u.Payback)))
	}
	return tw.Flush()
}
