package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/world"
)

// hacknetPlanReport is what "bbctl hacknet plan" prints.
type hacknetPlanReport struct {
	Money      float64           `json:"money"`
	Budget     float64           `json:"budget"`
	ReturnTime float64           `json:"return_time"` // seconds
	Production float64           `json:"production"`  // $/s before the plan
	After      float64           `json:"after"`       // $/s after it
	Spent      float64           `json:"spent"`
	Purchases  []hacknetPurchase `json:"purchases"`
}

type hacknetPurchase struct {
	What    string  `json:"what"`
	Kind    string  `json:"kind"`
	Node    int     `json:"node"`
	Cost    float64 `json:"cost"`
	Gain    float64 `json:"gain"`    // $/s
	Payback float64 `json:"payback"` // seconds
}

func runHacknet(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "plan" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintln(e.stdout, "Usage: bbctl hacknet plan [--return-time 60m] [--spend 1.0] [--money X] [--nodes STATE] [--bitnode N] [--json]")
			return nil
		}
		return usageError("want a subcommand: plan")
	}
	fs := newFlagSet(e, "hacknet plan", "[--return-time 60m] [--spend 1.0] [--money X] [--nodes STATE] [--bitnode N] [--json]")
	ret := fs.Duration("return-time", time.Hour, "buy only what pays back within this time")
	spend := fs.Float64("spend", 1, "share of the money to spend, in (0, 1]")
	moneyArg := fs.String("money", "", "money on hand, e.g. 1.5m or 2e9 (required)")
	nodesArg := fs.String("nodes", "0", "the nodes owned: a count of new nodes, or level/ram/cores of each, comma-separated (\"10/2/1,5/1/1\")")
	bitnode := fs.Int("bitnode", 1, "the BitNode (its hacknet money multiplier applies)")
	moneyMult := fs.Float64("money-mult", 1, "your hacknet_node_money multiplier")
	costMult := fs.Float64("cost-mult", 1, "your hacknet purchase/level/RAM/core cost multiplier")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	// Errors are one line (parseFlags returns them); --help prints the
	// flags.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := parseFlags(fs, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(e.stdout, "Usage: bbctl hacknet plan [--return-time 60m] [--spend 1.0] [--money X] [--nodes STATE] [--bitnode N] [--json]\n\nFlags:")
			fs.SetOutput(e.stdout)
			fs.PrintDefaults()
		}
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	switch {
	case *ret <= 0:
		return usageError("--return-time %v: want a positive duration", *ret)
	case math.IsNaN(*spend) || *spend <= 0 || *spend > 1:
		return usageError("--spend %v: want a share in (0, 1]", *spend)
	case *moneyArg == "":
		return usageError("--money is required (the money on hand, e.g. 1.5m)")
	case !(*moneyMult > 0) || math.IsInf(*moneyMult, 0) || !(*costMult > 0) || math.IsInf(*costMult, 0):
		return usageError("--money-mult %v, --cost-mult %v: want positive numbers", *moneyMult, *costMult)
	}
	money, err := parseMoney(*moneyArg, 0)
	if err != nil || strings.HasSuffix(*moneyArg, "%") {
		return usageError("--money %q: want an amount such as 1.5m or 2e9", *moneyArg)
	}
	bn, err := game.BitNodeMultipliers(*bitnode, 1)
	if err != nil {
		return usageError("--bitnode %d: %v", *bitnode, err)
	}
	h := world.Hacknet{Mults: world.HacknetMults{Money: *moneyMult, PurchaseCost: *costMult, LevelCost: *costMult, RAMCost: *costMult, CoreCost: *costMult}}
	if h.Nodes, err = parseNodes(*nodesArg); err != nil {
		return usageError("--nodes %q: %v", *nodesArg, err)
	}
	for i := range h.Nodes {
		n := &h.Nodes[i]
		n.Production = game.HacknetMoneyRate(n.Level, n.RAM, n.Cores, h.Mults.Money, &bn)
	}
	r := hacknetPlanReport{Money: money, Budget: money * *spend, ReturnTime: ret.Seconds(), Production: economy.Production(h), Purchases: []hacknetPurchase{}}
	plan := economy.HacknetPlan(h, r.Budget, r.ReturnTime, &bn, game.V3)
	for _, c := range plan {
		r.Spent += c.Cost
		r.Purchases = append(r.Purchases, hacknetPurchase{What: c.What(), Kind: string(c.Kind), Node: c.Node, Cost: c.Cost, Gain: c.Gain, Payback: c.Payback})
		h = economy.Apply(h, c, &bn)
	}
	r.After = economy.Production(h)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(e.stdout, "budget %s of %s, pays back within %s: %d purchases for %s, production %s/s → %s/s\n",
		game.FormatMoney(r.Budget), game.FormatMoney(money), economy.Duration(r.ReturnTime), len(plan),
		game.FormatMoney(r.Spent), game.FormatMoney(r.Production), game.FormatMoney(r.After))
	if len(plan) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tbuy\tcost\t+$/s\tpayback\t")
	for i, p := range r.Purchases {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t\n", i+1, p.What, game.FormatMoney(p.Cost), game.FormatMoney(p.Gain), economy.Duration(p.Payback))
	}
	return tw.Flush()
}

// parseNodes reads --nodes: a count of new nodes, or level/ram/cores
// triples separated by commas.
func parseNodes(s string) ([]world.HacknetNode, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		if n < 0 || n > 1000 {
			return nil, fmt.Errorf("want 0..1000 nodes")
		}
		nodes := make([]world.HacknetNode, n)
		for i := range nodes {
			nodes[i] = world.HacknetNode{Level: 1, RAM: 1, Cores: 1}
		}
		return nodes, nil
	}
	var nodes []world.HacknetNode
	for i, f := range strings.Split(s, ",") {
		parts := strings.Split(strings.TrimSpace(f), "/")
		if len(parts) != 3 {
			return nil, fmt.Errorf("node %d %q: want level/ram/cores", i+1, f)
		}
		var v [3]int
		for j, p := range parts {
			x, err := strconv.Atoi(p)
			if err != nil {
				return nil, fmt.Errorf("node %d %q: %q is not a whole number", i+1, f, p)
			}
			v[j] = x
		}
		ram := v[1]
		switch {
		case v[0] < 1 || v[0] > game.HacknetNodeMaxLevel:
			return nil, fmt.Errorf("node %d: level %d, want 1..%d", i+1, v[0], game.HacknetNodeMaxLevel)
		case ram < 1 || ram > game.HacknetNodeMaxRAM || ram&(ram-1) != 0:
			return nil, fmt.Errorf("node %d: RAM %d, want a power of two 1..%d", i+1, ram, game.HacknetNodeMaxRAM)
		case v[2] < 1 || v[2] > game.HacknetNodeMaxCores:
			return nil, fmt.Errorf("node %d: cores %d, want 1..%d", i+1, v[2], game.HacknetNodeMaxCores)
		}
		nodes = append(nodes, world.HacknetNode{Level: v[0], RAM: float64(ram), Cores: v[2]})
	}
	return nodes, nil
}
