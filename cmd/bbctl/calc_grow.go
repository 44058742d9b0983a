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

type growReport struct {
	Server         string      `json:"server"`
	Hacking        int         `json:"hacking"`
	Security       game.Number `json:"security"`
	From           game.Number `json:"from"`
	To             game.Number `json:"to"`
	Cores          int         `json:"cores"`
	Threads        game.Number `json:"threads"`        // exact, integer
	SimpleThreads  game.Number `json:"simple_threads"` // growthAnalyze, without the $1 per thread
	SecurityAdded  game.Number `json:"security_added"`
	WeakenThreads  game.Number `json:"weaken_threads"`
	GrowTime       game.Number `json:"grow_time"`
	WeakenTime     game.Number `json:"weaken_time"`
	ThreadsPerCore []struct {
		Cores   int         `json:"cores"`
		Threads game.Number `json:"threads"`
	} `json:"threads_by_cores"`
}

func calcGrow(_ context.Context, e env, args []string) error {
	c := newCalcEnv(e, "grow", "--server NAME --from MONEY|% --to MONEY|% [--cores N] [flags]", true)
	name := c.fs.String("server", "", "target `server`")
	from := c.fs.String("from", "50%", "starting money: a share of the maximum (10%) or an amount (1.5m, 2e6)")
	to := c.fs.String("to", "100%", "target money, as --from")
	cores := c.fs.Int("cores", 1, "cores of the host running the grow")
	security := c.fs.String("security", "", "`security` during the grow (default: the minimum)")
	if err := c.parse(args); err != nil {
		return err
	}
	if *cores < 1 {
		return usageError("--cores %d: want at least 1", *cores)
	}
	s, err := c.server(*name)
	if err != nil {
		return err
	}
	if err := setSecurity(&s, *security); err != nil {
		return err
	}
	start, err := parseMoney(*from, s.MoneyMax)
	if err != nil {
		return usageError("--from: %v", err)
	}
	target, err := parseMoney(*to, s.MoneyMax)
	if err != nil {
		return usageError("--to: %v", err)
	}
	p := c.person(&s)
	s.MoneyAvailable = start
	threads := game.GrowThreads(&s, target, start, &p, *cores, &c.bn)
	r := growReport{
		Server: s.Hostname, Hacking: p.Hacking, Security: game.Number(s.HackDifficulty),
		From: game.Number(start), To: game.Number(math.Min(target, s.MoneyMax)), Cores: *cores,
		Threads:       game.Number(threads),
		SimpleThreads: game.Number(game.GrowThreadsSimple(&s, math.Min(target, s.MoneyMax)/math.Max(start, 1), &p, *cores, &c.bn)),
		SecurityAdded: game.Number(game.GrowSecurityPerThread * threads),
		GrowTime:      game.Number(game.GrowTime(&s, &p, &c.bn)),
		WeakenTime:    game.Number(game.WeakenTime(&s, &p, &c.bn)),
	}
	r.WeakenThreads = game.Number(math.Inf(1))
	if !math.IsInf(threads, 0) {
		r.WeakenThreads = game.Number(hacking.GrowWeakenThreads(int(threads), *cores, hacking.Env{Person: p, BN: &c.bn}))
	}
	for _, k := range []int{1, 2, 4, 8} {
		r.ThreadsPerCore = append(r.ThreadsPerCore, struct {
			Cores   int         `json:"cores"`
			Threads game.Number `json:"threads"`
		}{k, game.Number(game.GrowThreads(&s, target, start, &p, k, &c.bn))})
	}
	if c.jsonOut {
		return writeJSON(e.stdout, r)
	}
	w := e.stdout
	fmt.Fprintln(w, c.context(&s, &p))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  grow\t%s → %s on %d core(s)\n", game.FormatMoney(start), game.FormatMoney(float64(r.To)), *cores)
	fmt.Fprintf(tw, "  threads\t%s (exact; growthAnalyze estimate %s)\n", formatFloat(threads), formatFloat(float64(r.SimpleThreads)))
	fmt.Fprintf(tw, "  security added\t%s\n", formatFloat(float64(r.SecurityAdded)))
	fmt.Fprintf(tw, "  weaken threads\t%s to offset it\n", formatFloat(float64(r.WeakenThreads)))
	fmt.Fprintf(tw, "  grow time\t%s\n", formatSeconds(float64(r.GrowTime)))
	fmt.Fprintf(tw, "  weaken time\t%s\n", formatSeconds(float64(r.WeakenTime)))
	var byCores []string
	for _, t := range r.ThreadsPerCore {
		byCores = append(byCores, fmt.Sprintf("%d: %s", t.Cores, formatFloat(float64(t.Threads))))
	}
	fmt.Fprintf(tw, "  threads by cores\t%s\n", strings.Join(byCores, ", "))
	return tw.Flush()
}

// parseMoney parses a share of max ("25%") or an amount ("1.5m", "2e9",
// "$3b").
func parseMoney(s string, max float64) (float64, error) {
	if strings.HasSuffix(s, "%") {
		f, err := parsePercent(s)
		if err != nil {
			return 0, err
		}
		if f < 0 {
			return 0, fmt.Errorf("%q: want a non-negative share", s)
		}
		return f * max, nil
	}
	num := strings.TrimPrefix(s, "$")
	mult := 1.0
	for _, u := range []struct {
		suffix string
		mult   float64
	}{{"k", 1e3}, {"m", 1e6}, {"b", 1e9}, {"t", 1e12}, {"q", 1e15}} {
		if n, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mult = n, u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, fmt.Errorf("%q: want an amount such as 1.5m, 2e9 or a share such as 25%%", s)
	}
	return f * mult, nil
}
