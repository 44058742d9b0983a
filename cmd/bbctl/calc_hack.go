package main

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
)

type hackPlan struct {
	Steal         game.Number `json:"steal"` // fraction of the money
	HackThreads   game.Number `json:"hack_threads"`
	GrowThreads   game.Number `json:"grow_threads"`   // to refill at min security, on --cores
	WeakenThreads game.Number `json:"weaken_threads"` // both weakens of the batch, on --cores
	Money         game.Number `json:"money"`          // stolen per success
}

type hackReport struct {
	Server         string      `json:"server"`
	Hacking        int         `json:"hacking"`
	Security       game.Number `json:"security"`
	Money          game.Number `json:"money"`
	Chance         game.Number `json:"chance"`
	PercentThread  game.Number `json:"percent_per_thread"` // fraction per thread
	HackTime       game.Number `json:"hack_time"`          // seconds
	GrowTime       game.Number `json:"grow_time"`
	WeakenTime     game.Number `json:"weaken_time"`
	ExpPerThread   game.Number `json:"exp_per_thread"`
	Cores          int         `json:"cores"`
	Plans          []hackPlan  `json:"plans"`
	HackingTooLow  bool        `json:"hacking_too_low,omitempty"`
	RequiredLevel  int         `json:"required_level"`
	MoneylessNotes string      `json:"note,omitempty"`
}

func calcHack(_ context.Context, e env, args []string) error {
	c := newCalcEnv(e, "hack", "--server NAME [--hacking N] [--steal 10%,50%] [flags]", true)
	name := c.fs.String("server", "", "target `server`")
	steal := c.fs.String("steal", "10%,25%,50%,75%,90%", "shares of the money to plan hacks for, comma-separated")
	cores := c.fs.Int("cores", 1, "cores of the host running grow and weaken")
	security := c.fs.String("security", "", "current `security` (default: the minimum)")
	if err := c.parse(args); err != nil {
		return err
	}
	if *cores < 1 {
		return usageError("--cores %d: want at least 1", *cores)
	}
	shares, err := parseShares(*steal)
	if err != nil {
		return usageError("--steal: %v", err)
	}
	s, err := c.server(*name)
	if err != nil {
		return err
	}
	if err := setSecurity(&s, *security); err != nil {
		return err
	}
	p := c.person(&s)
	r := hackReport{
		Server: s.Hostname, Hacking: p.Hacking, Security: game.Number(s.HackDifficulty), Money: game.Number(s.MoneyMax),
		Chance:        game.Number(game.HackChance(&s, &p, c.ver)),
		PercentThread: game.Number(game.HackPercent(&s, &p, &c.bn)),
		HackTime:      game.Number(game.HackTime(&s, &p, &c.bn)),
		GrowTime:      game.Number(game.GrowTime(&s, &p, &c.bn)),
		WeakenTime:    game.Number(game.WeakenTime(&s, &p, &c.bn)),
		ExpPerThread:  game.Number(game.HackExp(&s, &p, &c.bn)),
		Cores:         *cores, RequiredLevel: s.RequiredHackingSkill,
		HackingTooLow: p.Hacking < s.RequiredHackingSkill,
	}
	pct := float64(r.PercentThread)
	if s.MoneyMax == 0 {
		r.MoneylessNotes = "the server has no money"
	}
	for _, f := range shares {
		r.Plans = append(r.Plans, planHack(&s, &p, f, pct, *cores, &c.bn))
	}
	if c.jsonOut {
		return writeJSON(e.stdout, r)
	}
	w := e.stdout
	fmt.Fprintln(w, c.context(&s, &p))
	if r.HackingTooLow {
		fmt.Fprintf(w, "  (hacking %d is below the required %d: the game refuses the hack)\n", p.Hacking, s.RequiredHackingSkill)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  chance\t%s\n", formatPercent(float64(r.Chance)))
	fmt.Fprintf(tw, "  per thread\t%s of the money (%s)\n", formatPercent(pct), game.FormatMoney(pct*s.MoneyAvailable))
	fmt.Fprintf(tw, "  hack time\t%s\n", formatSeconds(float64(r.HackTime)))
	fmt.Fprintf(tw, "  grow time\t%s\n", formatSeconds(float64(r.GrowTime)))
	fmt.Fprintf(tw, "  weaken time\t%s\n", formatSeconds(float64(r.WeakenTime)))
	fmt.Fprintf(tw, "  exp per thread\t%s\n", formatFloat(float64(r.ExpPerThread)))
	tw.Flush()
	if r.MoneylessNotes != "" {
		fmt.Fprintln(w, "  "+r.MoneylessNotes)
		return nil
	}
	fmt.Fprintf(w, "\n  one HWGW batch from max money at this security (grow and weaken on %d core(s)):\n", *cores)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  steal\thack threads\tmoney\tgrow threads\tweaken threads\t")
	for _, pl := range r.Plans {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t\n", formatPercent(float64(pl.Steal)), formatFloat(float64(pl.HackThreads)),
			game.FormatMoney(float64(pl.Money)), formatFloat(float64(pl.GrowThreads)), formatFloat(float64(pl.WeakenThreads)))
	}
	return tw.Flush()
}

// planHack sizes one HWGW batch stealing the share f of a server at max
// money and min security: the hack threads, the grow threads that refill it
// (landing after the first weaken, so at min security) and the weaken
// threads that undo the hack's and the grow's security.
func planHack(s *game.Server, p *game.Person, f, pct float64, cores int, bn *game.BitNodeMults) hackPlan {
	pl := hackPlan{Steal: game.Number(f)}
	if pct <= 0 {
		inf := game.Number(math.Inf(1))
		pl.HackThreads, pl.GrowThreads, pl.WeakenThreads = inf, inf, inf
		return pl
	}
	env := hacking.Env{Person: *p, BN: bn}
	threads := hacking.HackThreadsToSteal(f, pct)
	pl.HackThreads = game.Number(threads)
	after := *s
	stolen, _ := after.Hack(float64(threads), true, p, bn)
	pl.Money = game.Number(stolen)
	after.HackDifficulty = s.HackDifficulty
	grow, ok := hacking.GrowThreads(&after, after.MoneyAvailable, cores, env)
	if !ok {
		pl.GrowThreads, pl.WeakenThreads = game.Number(math.Inf(1)), game.Number(math.Inf(1))
		return pl
	}
	pl.GrowThreads = game.Number(grow)
	pl.WeakenThreads = game.Number(hacking.HackWeakenThreads(threads, pct, cores, env) + hacking.GrowWeakenThreads(grow, cores, env))
	return pl
}

// parseShares parses "10%,0.5" into fractions in (0, 1].
func parseShares(s string) ([]float64, error) {
	var out []float64
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		f, err := parsePercent(part)
		if err != nil {
			return nil, err
		}
		if !(f > 0 && f <= 1) {
			return nil, fmt.Errorf("%q: want a share between 0 and 100%%", part)
		}
		out = append(out, f)
	}
	return out, nil
}

// parsePercent parses "25%" or a fraction "0.25".
func parsePercent(s string) (float64, error) {
	num, pct := strings.CutSuffix(s, "%")
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q: want a percentage such as 25%% or a fraction such as 0.25", s)
	}
	if pct {
		f /= 100
	}
	return f, nil
}
