package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/scenario"
)

// compareReport is what "bbctl ceiling --compare" prints: the ceiling of
// a scenario's world and of the world after each change, with what the
// change costs and how soon the income it adds pays that back.
type compareReport struct {
	Scenario     string       `json:"scenario"`
	Seed         uint64       `json:"seed"`
	Hacking      int          `json:"hacking"`
	IncomePerSec float64      `json:"income_per_sec"`
	ExpPerSec    float64      `json:"exp_per_sec"`
	Changes      []compareRow `json:"changes"`
}

// compareRow is one change of a comparison.
type compareRow struct {
	Change       string        `json:"change"`
	Hacking      int           `json:"hacking"`
	IncomePerSec float64       `json:"income_per_sec"`
	GainPerSec   float64       `json:"gain_per_sec"` // over the scenario as it is
	Cost         scenario.Cost `json:"cost"`
	// PaybackSeconds is the cost over the gain: how long the added income
	// takes to earn the money back; null when the change costs no money or
	// adds no income.
	PaybackSeconds *float64 `json:"payback_seconds"`
	// ReachSeconds is how long the exp a higher level needs takes at the
	// exp rate of the world's batches as it is (an upper bound: the rate
	// grows with the level); null when the level is not raised.
	ReachSeconds *float64 `json:"reach_seconds"`
	Binding      []string `json:"binding"`
}

// runCompare computes the ceilings of sc and of sc after each change.
func runCompare(ctx context.Context, e env, sc scenario.Scenario, args []string, asJSON bool) error {
	if len(args) == 0 {
		return usageError(`--compare: give one or more changes, e.g. --compare "--add-servers 25x1TB" "--hacking 800"`)
	}
	changes := make([]scenario.WhatIf, len(args))
	worlds := make([]scenario.Scenario, len(args))
	costs := make([]scenario.Cost, len(args))
	for i, a := range args {
		c, err := parseChange(a)
		if err != nil {
			return err
		}
		if worlds[i], err = c.Apply(sc); err != nil {
			return usageError("--compare %q: %v", a, err)
		}
		if costs[i], err = c.Cost(sc); err != nil {
			return usageError("--compare %q: %v", a, err)
		}
		changes[i] = c
	}
	// Every ceiling is its own world: compute them side by side.
	all := append([]scenario.Scenario{sc}, worlds...)
	reports := make([]ceilingReport, len(all))
	errs := make([]error, len(all))
	var wg sync.WaitGroup
	for i := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reports[i], errs[i] = ceilingOf(ctx, all[i])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	base := reports[0]
	r := compareReport{Scenario: sc.Name, Seed: sc.Seed, Hacking: base.Hacking, IncomePerSec: base.IncomePerSec, ExpPerSec: base.ExpPerSec, Changes: []compareRow{}}
	for i, c := range changes {
		rep := reports[i+1]
		row := compareRow{Change: c.String(), Hacking: rep.Hacking, IncomePerSec: rep.IncomePerSec,
			GainPerSec: rep.IncomePerSec - base.IncomePerSec, Cost: costs[i], Binding: rep.Binding}
		if row.Cost.Items == nil {
			row.Cost.Items = []scenario.CostItem{}
		}
		if row.Cost.Money > 0 && row.GainPerSec > 0 {
			p := row.Cost.Money / row.GainPerSec
			row.PaybackSeconds = &p
		}
		if row.Cost.Exp > 0 && base.ExpPerSec > 0 {
			s := row.Cost.Exp / base.ExpPerSec
			row.ReachSeconds = &s
		}
		r.Changes = append(r.Changes, row)
	}
	if asJSON {
		return writeJSON(e.stdout, r)
	}
	printCompare(e.stdout, r)
	return nil
}

func printCompare(out io.Writer, r compareReport) {
	fmt.Fprintf(out, "scenario %s (seed %d): the income ceiling as it is and after each change\n\n", r.Scenario, r.Seed)
	tw := tabwriter.NewWriter(out, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "change\thacking\tceiling/s\tgain/s\tcost\tpayback\t")
	fmt.Fprintf(tw, "as it is\t%d\t%s\t\t\t\t\n", r.Hacking, game.FormatMoney(r.IncomePerSec))
	for _, c := range r.Changes {
		var cost []string
		if c.Cost.Money > 0 || len(c.Cost.Items) > 0 {
			cost = append(cost, game.FormatMoney(c.Cost.Money))
		}
		if c.Cost.Exp > 0 {
			cost = append(cost, formatExp(c.Cost.Exp)+" exp")
		}
		if len(cost) == 0 {
			cost = append(cost, "-")
		}
		var payback []string
		switch {
		case c.PaybackSeconds != nil:
			payback = append(payback, formatPayback(*c.PaybackSeconds))
		case c.Cost.Money > 0:
			payback = append(payback, "never")
		}
		if c.ReachSeconds != nil {
			payback = append(payback, "level in ≤ "+formatPayback(*c.ReachSeconds))
		}
		if len(payback) == 0 {
			payback = append(payback, "-")
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t\n", c.Change, c.Hacking, game.FormatMoney(c.IncomePerSec),
			signedMoney(c.GainPerSec), strings.Join(cost, " + "), strings.Join(payback, "; "))
	}
	tw.Flush()
	for _, c := range r.Changes {
		if len(c.Cost.Items) > 1 {
			fmt.Fprintf(out, "\n%s:", c.Change)
			for _, it := range c.Cost.Items {
				fmt.Fprintf(out, " %s %s;", it.What, game.FormatMoney(it.Money))
			}
			fmt.Fprintln(out)
		}
	}
	fmt.Fprintln(out, "\nceilings at the start of each world; costs at the game's prices (the TOR router, $200k, not counted); payback = cost ÷ gain;")
	fmt.Fprintf(out, "a higher level is reached at the exp rate of the batches as they are (%s/s; faster as the level rises)\n", formatExp(r.ExpPerSec))
}

// signedMoney writes a gain: "+$1.234m/s", "-$5.000k".
func signedMoney(x float64) string {
	if x < 0 {
		return "-" + game.FormatMoney(-x)
	}
	return "+" + game.FormatMoney(x)
}

// formatPayback writes a time in game seconds as the largest units that
// read well: "42s", "9m 20s", "3h 05m", "12d 4h".
func formatPayback(sec float64) string {
	if math.IsInf(sec, 0) || math.IsNaN(sec) || sec > 1e12 {
		return "never"
	}
	d := time.Duration(math.Ceil(sec)) * time.Second
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm %02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh %02dm", int(d.Hours()), int(d.Minutes())%60)
	case d < 365*24*time.Hour:
		return fmt.Sprintf("%dd %dh", int(d.Hours())/24, int(d.Hours())%24)
	}
	return fmt.Sprintf("%.1f years", d.Hours()/24/365)
}
