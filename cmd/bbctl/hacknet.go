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
	// Servers is true for hacknet servers (BitNode 9, Source-File 9):
	// production is then the hashes' worth when sold, $250,000 a hash.
	Servers    bool    `json:"servers"`
	Money      float64 `json:"money"`
	Budget     float64 `json:"budget"`
	ReturnTime float64 `json:"return_time"` // seconds
	Production float64 `json:"production"`  // $/s before the plan
	After      float64 `json:"after"`       // $/s after it
	// HashRate and HashRateAfter are the hacknet servers' hashes/s before
	// and after the plan (servers only).
	HashRate      float64           `json:"hash_rate,omitempty"`
	HashRateAfter float64           `json:"hash_rate_after,omitempty"`
	Spent         float64           `json:"spent"`
	Purchases     []hacknetPurchase `json:"purchases"`
}

type hacknetPurchase struct {
	What    string  `json:"what"`
	Kind    string  `json:"kind"`
	Node    int     `json:"node"`
	Cost    float64 `json:"cost"`
	Gain    float64 `json:"gain"`    // $/s
	Payback float64 `json:"payback"` // seconds
	// With is, for a new hacknet server, the upgrades on it that its
	// payback counts (economy.Followups).
	With *economy.Followup `json:"with,omitempty"`
}

func runHacknet(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "plan" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintln(e.stdout, "Usage: bbctl hacknet plan [--return-time 60m] [--spend 1.0] [--money X] [--nodes STATE] [--bitnode N] [--servers] [--json]")
			return nil
		}
		return usageError("want a subcommand: plan")
	}
	fs := newFlagSet(e, "hacknet plan", "[--return-time 60m] [--spend 1.0] [--money X] [--nodes STATE] [--bitnode N] [--servers] [--json]")
	ret := fs.Duration("return-time", time.Hour, "buy only what pays back within this time")
	spend := fs.Float64("spend", 1, "share of the money to spend, in (0, 1]")
	moneyArg := fs.String("money", "", "money on hand, e.g. 1.5m or 2e9 (required)")
	nodesArg := fs.String("nodes", "0", "the nodes (or hacknet servers) owned: a count of new ones, or level/ram/cores of each, comma-separated (\"10/2/1,5/1/1\")")
	bitnode := fs.Int("bitnode", 1, "the BitNode (its hacknet money multiplier applies; 9 has hacknet servers)")
	servers := fs.Bool("servers", false, "hacknet servers (hashes, sold at $1m per 4) instead of nodes, as with Source-File 9; implied by --bitnode 9")
	moneyMult := fs.Float64("money-mult", 1, "your hacknet_node_money multiplier")
	costMult := fs.Float64("cost-mult", 1, "your hacknet purchase/level/RAM/core cost multiplier")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	// Errors are one line (parseFlags returns them); --help prints the
	// flags.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := parseFlags(fs, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(e.stdout, "Usage: bbctl hacknet plan [--return-time 60m] [--spend 1.0] [--money X] [--nodes STATE] [--bitnode N] [--servers] [--json]\n\nFlags:")
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
	h := world.Hacknet{Mults: world.HacknetMults{Money: *moneyMult, PurchaseCost: *costMult, LevelCost: *costMult, RAMCost: *costMult, CoreCost: *costMult},
		Servers: *servers || game.HasHacknetServers(*bitnode, 0)}
	if h.Nodes, err = parseNodes(*nodesArg, h.Servers); err != nil {
		return usageError("--nodes %q: %v", *nodesArg, err)
	}
	for i := range h.Nodes {
		n := &h.Nodes[i]
		if h.Servers {
			n.Host, n.Cache = game.HacknetServerPrefix+strconv.Itoa(i), 1
			n.Production = game.HacknetHashRate(n.Level, 0, n.RAM, n.Cores, h.Mults.Money, &bn)
		} else {
			n.Production = game.HacknetMoneyRate(n.Level, n.RAM, n.Cores, h.Mults.Money, &bn)
		}
	}
	r := hacknetPlanReport{Servers: h.Servers, Money: money, Budget: money * *spend, ReturnTime: ret.Seconds(), Production: economy.Production(h), Purchases: []hacknetPurchase{}}
	plan := economy.HacknetPlan(h, r.Budget, r.ReturnTime, &bn, game.V3)
	for _, c := range plan {
		r.Spent += c.Cost
		r.Purchases = append(r.Purchases, hacknetPurchase{What: c.What(), Kind: string(c.Kind), Node: c.Node, Cost: c.Cost, Gain: c.Gain, Payback: c.Payback, With: c.With})
		h = economy.Apply(h, c, &bn)
	}
	r.After = economy.Production(h)
	if h.Servers {
		r.HashRate, r.HashRateAfter = r.Production/economy.HashMoney, r.After/economy.HashMoney
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(e.stdout, "budget %s of %s, pays back within %s: %d purchases for %s, production %s/s → %s/s",
		game.FormatMoney(r.Budget), game.FormatMoney(money), economy.Duration(r.ReturnTime), len(plan),
		game.FormatMoney(r.Spent), game.FormatMoney(r.Production), game.FormatMoney(r.After))
	if h.Servers {
		fmt.Fprintf(e.stdout, " (%.4g → %.4g hashes/s, sold at $1m per 4)", r.HashRate, r.HashRateAfter)
	}
	fmt.Fprintln(e.stdout)
	if len(plan) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tbuy\tcost\t+$/s\tpayback\t")
	for i, p := range r.Purchases {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t\n", i+1, plan[i].WhatWith(), game.FormatMoney(p.Cost), game.FormatMoney(p.Gain), economy.Duration(p.Payback))
	}
	return tw.Flush()
}

// parseNodes reads --nodes: a count of new nodes, or level/ram/cores
// triples separated by commas; servers says they are hacknet servers,
// with their limits (20 of them, level 300, 8192 GB, 128 cores).
func parseNodes(s string, servers bool) ([]world.HacknetNode, error) {
	unit, most, maxLevel, maxRAM, maxCores := "node", 1000, game.HacknetNodeMaxLevel, game.HacknetNodeMaxRAM, game.HacknetNodeMaxCores
	if servers {
		unit, most, maxLevel, maxRAM, maxCores = "server", game.HacknetServerMaxCount, game.HacknetServerMaxLevel, game.HacknetServerMaxRAM, game.HacknetServerMaxCores
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		if n < 0 || n > most {
			return nil, fmt.Errorf("want 0..%d %ss", most, unit)
		}
		nodes := make([]world.HacknetNode, n)
		for i := range nodes {
			nodes[i] = world.HacknetNode{Level: 1, RAM: 1, Cores: 1}
		}
		return nodes, nil
	}
	var nodes []world.HacknetNode
	for i, f := range strings.Split(s, ",") {
		if i == most {
			return nil, fmt.Errorf("more than %d %ss", most, unit)
		}
		parts := strings.Split(strings.TrimSpace(f), "/")
		if len(parts) != 3 {
			return nil, fmt.Errorf("%s %d %q: want level/ram/cores", unit, i+1, f)
		}
		var v [3]int
		for j, p := range parts {
			x, err := strconv.Atoi(p)
			if err != nil {
				return nil, fmt.Errorf("%s %d %q: %q is not a whole number", unit, i+1, f, p)
			}
			v[j] = x
		}
		ram := v[1]
		switch {
		case v[0] < 1 || v[0] > maxLevel:
			return nil, fmt.Errorf("%s %d: level %d, want 1..%d", unit, i+1, v[0], maxLevel)
		case ram < 1 || ram > maxRAM || ram&(ram-1) != 0:
			return nil, fmt.Errorf("%s %d: RAM %d, want a power of two 1..%d", unit, i+1, ram, maxRAM)
		case v[2] < 1 || v[2] > maxCores:
			return nil, fmt.Errorf("%s %d: cores %d, want 1..%d", unit, i+1, v[2], maxCores)
		}
		nodes = append(nodes, world.HacknetNode{Level: v[0], RAM: float64(ram), Cores: v[2]})
	}
	return nodes, nil
}
