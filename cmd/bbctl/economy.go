package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/scenario"
	"bbctl/internal/simrun"
)

// economyReport is what "bbctl economy --json" prints: a run's summary and
// every purchase in order.
type economyReport struct {
	Summary   simrun.Summary     `json:"summary"`
	Timeline  []economy.Purchase `json:"timeline"`
	Purchases int                `json:"purchases"`
}

func runEconomy(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "economy", "[--scenario NAME|FILE] [--spender bbctl|none|old] [--duration D] [--json]")
	name := fs.String("scenario", "fresh", "built-in scenario ("+strings.Join(scenario.Builtin(), ", ")+") or a scenario file")
	spender := fs.String("spender", "", "spending policy: bbctl, none or old (default: the scenario's)")
	dur := fs.Duration("duration", 0, "game time to run (default: the scenario's)")
	asJSON := fs.Bool("json", false, "print the timeline as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	if *dur < 0 {
		return usageError("--duration %v: want a positive duration", *dur)
	}
	switch *spender {
	case "", "bbctl", "none", "old":
	default:
		return usageError("--spender %q: want bbctl, none or old", *spender)
	}
	sc, err := scenario.Load(*name)
	if err != nil {
		return err
	}
	tuneGC()
	sum, err := simrun.Run(ctx, simrun.Options{Scenario: sc, Duration: *dur, Spender: *spender})
	if err != nil {
		return err
	}
	r := economyReport{Summary: sum, Timeline: sum.Timeline, Purchases: len(sum.Timeline)}
	if r.Timeline == nil {
		r.Timeline = []economy.Purchase{}
	}
	if *asJSON {
		return writeJSON(e.stdout, r)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "time\tby\tbought\tcost\t+$/s\tpayback")
	for _, p := range r.Timeline {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", clock(p.At.Seconds()), p.By, p.WhatWith(), game.FormatMoney(p.Cost),
			game.FormatMoney(p.Gain), economy.Duration(p.Payback))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout)
	printSummary(e.stdout, sum)
	return nil
}
