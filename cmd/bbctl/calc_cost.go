package main

import (
	"context"
	"fmt"
	"math"
	"strings"
	"text/tabwriter"

	"bbctl/internal/game"
)

type serverCost struct {
	RAM  game.Number `json:"ram"` // GB
	Cost game.Number `json:"cost"`
}

type costReport struct {
	Limit       int          `json:"purchased_server_limit"`
	MaxRAM      game.Number  `json:"purchased_server_max_ram"`
	Servers     []serverCost `json:"purchased_servers"`
	HomeRAM     game.Number  `json:"home_ram,omitempty"`
	HomeRAMCost game.Number  `json:"home_ram_upgrade_cost,omitempty"`
	HomeCores   int          `json:"home_cores,omitempty"`
	HomeCoreCst game.Number  `json:"home_core_upgrade_cost,omitempty"`
}

func calcCost(_ context.Context, e env, args []string) error {
	c := newCalcEnv(e, "cost", "[--server-ram SIZE] [--home-ram SIZE] [--home-cores N] [flags]", false)
	serverRAM := c.fs.String("server-ram", "", "purchased-server `size`s, comma-separated (8GB,1TB); default: every size")
	homeRAM := c.fs.String("home-ram", "", "current home RAM `size`: print the price of doubling it")
	homeCores := c.fs.Int("home-cores", 0, "current home cores: print the price of the next")
	if err := c.parse(args); err != nil {
		return err
	}
	r := costReport{Limit: game.PurchasedServerLimit(&c.bn), MaxRAM: game.Number(game.PurchasedServerMaxRAM(&c.bn))}
	if *serverRAM == "" {
		for ram := 2.0; ram <= float64(r.MaxRAM); ram *= 2 {
			r.Servers = append(r.Servers, serverCost{game.Number(ram), game.Number(game.PurchasedServerCost(ram, &c.bn))})
		}
	} else {
		for _, part := range strings.Split(*serverRAM, ",") {
			ram, err := game.ParseRAM(strings.TrimSpace(part))
			if err != nil {
				return usageError("--server-ram: %v", err)
			}
			r.Servers = append(r.Servers, serverCost{game.Number(ram.GB()), game.Number(game.PurchasedServerCost(ram.GB(), &c.bn))})
		}
	}
	if *homeRAM != "" {
		ram, err := game.ParseRAM(*homeRAM)
		if err != nil || ram < game.GiB {
			return usageError("--home-ram %q: want a size of at least 1GB such as 64GB", *homeRAM)
		}
		r.HomeRAM = game.Number(ram.GB())
		r.HomeRAMCost = game.Number(game.HomeRAMUpgradeCost(ram.GB(), &c.bn))
		if ram.GB() >= game.HomeMaxRAM {
			r.HomeRAMCost = game.Number(math.Inf(1))
		}
	}
	if *homeCores != 0 {
		if *homeCores < 1 {
			return usageError("--home-cores %d: want at least 1", *homeCores)
		}
		r.HomeCores = *homeCores
		r.HomeCoreCst = game.Number(game.HomeCoreUpgradeCost(*homeCores))
		if *homeCores >= game.HomeMaxCores {
			r.HomeCoreCst = game.Number(math.Inf(1))
		}
	}
	if c.jsonOut {
		return writeJSON(e.stdout, r)
	}
	w := e.stdout
	fmt.Fprintf(w, "purchased servers in BitNode %s: up to %d, at most %s each\n", c.bnNumber, r.Limit, game.FormatRAM(game.GB(float64(r.MaxRAM))))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  RAM\tprice\tfull fleet\t")
	for _, s := range r.Servers {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t\n", game.FormatRAM(game.GB(float64(s.RAM))), game.FormatMoney(float64(s.Cost)), game.FormatMoney(float64(s.Cost)*float64(r.Limit)))
	}
	tw.Flush()
	if r.HomeRAM != 0 {
		fmt.Fprintf(w, "home RAM %s → %s costs %s\n", game.FormatRAM(game.GB(float64(r.HomeRAM))), game.FormatRAM(game.GB(2*float64(r.HomeRAM))), game.FormatMoney(float64(r.HomeRAMCost)))
	}
	if r.HomeCores != 0 {
		fmt.Fprintf(w, "home cores %d → %d costs %s\n", r.HomeCores, r.HomeCores+1, game.FormatMoney(float64(r.HomeCoreCst)))
	}
	return nil
}
