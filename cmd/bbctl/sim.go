package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/dashboard"
	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/market"
	"bbctl/internal/scenario"
	"bbctl/internal/sim"
	"bbctl/internal/simrun"
)

// defaultSimSpeed makes "bbctl sim" watchable: one game minute per second.
const defaultSimSpeed = 60

func runSim(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "sim", "[--scenario NAME|FILE] "+whatIfUsage+" [--duration D] [--horizon D] [--speed X|max] [--quiet] [--stocks off|tix|4s|shorts] [--dashboard ADDR|off] [--json]")
	name := fs.String("scenario", "mid", "built-in scenario ("+strings.Join(scenario.Builtin(), ", ")+") or a scenario file")
	wf := addWhatIfFlags(fs)
	dur := fs.Duration("duration", 0, "game time to run (default: the scenario's)")
	horizon := addHorizonFlag(fs)
	speed := fs.String("speed", strconv.Itoa(defaultSimSpeed), `game seconds per wall second, or "max"`)
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	quiet := fs.Bool("quiet", false, "show no log lines, only progress and the summary")
	dashAddr := fs.String("dashboard", defaultDashboard, `address to serve the live dashboard on, or "off"`)
	stocks := fs.String("stocks", "off", "run the stock market and the trader: off, tix (no 4S data), 4s, or shorts (4S and BitNode 8's shorts)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	if err := checkDashboardAddr(*dashAddr); err != nil {
		return err
	}
	stockCfg, err := parseStocks(*stocks)
	if err != nil {
		return err
	}
	x, err := parseSpeed(*speed)
	if err != nil {
		return err
	}
	sc, err := applyWhatIf(*name, wf)
	if err != nil {
		return err
	}
	if *dur < 0 || *dur == 0 && flagSet(fs, "duration") {
		return usageError("--duration %v: want a positive duration (leave it out for the scenario's)", *dur)
	}
	if err := applyHorizon(fs, &sc, *horizon); err != nil {
		return err
	}
	tty := isTerminal(e.stderr)
	fmt.Fprintf(e.stderr, "bbctl sim: scenario %s (%s), %s of game time at %s\n",
		sc.Name, sc.Description, orDefault(*dur, time.Duration(sc.Duration)), speedText(x))
	var mu sync.Mutex
	var status string
	opt := simrun.Options{Scenario: sc, Duration: *dur, Speed: x, Stocks: stockCfg}
	hub, stopDashboard, err := startDashboard(e, fs, "sim", *dashAddr, dashboard.Options{Title: "sim · " + sc.Name})
	if err != nil {
		return err
	}
	defer stopDashboard()
	if hub != nil {
		go func() {
			// The ceiling of the scenario's world as it starts, on a world of
			// its own so the run does not wait for it.
			if w, err := sim.New(sc.SimConfig()); err == nil {
				if c, err := simrun.Ceiling(ctx, w, sc); err == nil {
					hub.SetCeiling(c.IncomePerSec)
				}
			}
		}()
		opt.Hook = func(c *controller.Controller, w *sim.World) error {
			hub.Step(c, w.Stats().MoneyGained)
			return nil
		}
		opt.Log = hub.Log
		opt.Economy = hub.SetEconomy
	}
	if !*quiet {
		toHub := opt.Log
		opt.Log = func(l controller.LogLine) {
			if toHub != nil {
				toHub(l)
			}
			mu.Lock()
			defer mu.Unlock()
			clearLine(e.stderr, tty, status)
			fmt.Fprintf(e.stderr, "%s %-7s %s\n", clock(l.At.Seconds()), l.Level, l.Msg)
			if tty {
				fmt.Fprint(e.stderr, status)
			}
		}
	}
	// On a terminal the status line is redrawn five times a second;
	// elsewhere a line is printed once per game minute.
	last, lastMinute := time.Time{}, time.Duration(-1)
	opt.Progress = func(p simrun.Progress) {
		mu.Lock()
		defer mu.Unlock()
		if tty && time.Since(last) < 200*time.Millisecond {
			return
		}
		if !tty && p.GameTime/time.Minute == lastMinute {
			return
		}
		last, lastMinute = time.Now(), p.GameTime/time.Minute
		clearLine(e.stderr, tty, status)
		status = progressLine(p)
		if tty {
			fmt.Fprint(e.stderr, status)
		} else {
			fmt.Fprintln(e.stderr, status)
		}
	}
	sum, err := simrun.Run(ctx, opt)
	mu.Lock()
	clearLine(e.stderr, tty, status)
	status = ""
	mu.Unlock()
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, sum)
	}
	printSummary(e.stdout, sum)
	return nil
}

func runBench(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "bench", "[--scenario NAME|FILE] "+whatIfUsage+" [--scheduler bbctl|seed|both] [--spender bbctl|none|old|all] [--duration D] [--horizon D] [--json]")
	name := fs.String("scenario", "mid", "built-in scenario ("+strings.Join(scenario.Builtin(), ", ")+") or a scenario file")
	wf := addWhatIfFlags(fs)
	sched := fs.String("scheduler", "bbctl", "scheduler to run: bbctl, seed (the baseline) or both")
	spender := fs.String("spender", "", "spending policy: bbctl, none, old (the baselines) or all (default: the scenario's)")
	dur := fs.Duration("duration", 0, "game time to run (default: the scenario's)")
	horizon := addHorizonFlag(fs)
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	if *dur < 0 || *dur == 0 && flagSet(fs, "duration") {
		return usageError("--duration %v: want a positive duration (leave it out for the scenario's)", *dur)
	}
	switch *spender {
	case "", "bbctl", "none", "old", "all":
	default:
		return usageError("--spender %q: want bbctl, none, old or all", *spender)
	}
	if *spender == "all" && *sched == "both" {
		return usageError("--spender all with --scheduler both: compare one at a time")
	}
	sc, err := applyWhatIf(*name, wf)
	if err != nil {
		return err
	}
	if err := applyHorizon(fs, &sc, *horizon); err != nil {
		return err
	}
	tuneGC()
	if *spender == "all" {
		return benchSpenders(ctx, e, sc, *sched, *dur, *asJSON)
	}
	var names []string
	switch *sched {
	case "bbctl", "seed":
		names = []string{*sched}
	case "both":
		names = []string{"bbctl", "seed"}
	default:
		return usageError("--scheduler %q: want bbctl, seed or both", *sched)
	}
	sums := make([]simrun.Summary, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sums[i], errs[i] = simrun.Run(ctx, simrun.Options{Scenario: sc, Duration: *dur, Scheduler: n, Spender: *spender})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("%s: %w", names[i], err)
		}
	}
	if len(sums) == 1 {
		if *asJSON {
			return writeJSON(e.stdout, sums[0])
		}
		printSummary(e.stdout, sums[0])
		return nil
	}
	both := struct {
		Bbctl        simrun.Summary `json:"bbctl"`
		Seed         simrun.Summary `json:"seed"`
		OursOverSeed float64        `json:"ours_over_seed"`
	}{Bbctl: sums[0], Seed: sums[1]}
	if sums[1].IncomePerSec > 0 {
		both.OursOverSeed = sums[0].IncomePerSec / sums[1].IncomePerSec
	}
	if *asJSON {
		return writeJSON(e.stdout, both)
	}
	printSummary(e.stdout, sums[0])
	fmt.Fprintln(e.stdout)
	printSummary(e.stdout, sums[1])
	fmt.Fprintf(e.stdout, "\nours over seed: %.2f\n", both.OursOverSeed)
	return nil
}

// benchSpenders runs sc with each spending policy, side by side, and prints
// {"bbctl": R, "none": R, "old": R}.
func benchSpenders(ctx context.Context, e env, sc scenario.Scenario, sched string, dur time.Duration, asJSON bool) error {
	names := simrun.Spenders
	sums := make([]simrun.Summary, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sums[i], errs[i] = simrun.Run(ctx, simrun.Options{Scenario: sc, Duration: dur, Scheduler: sched, Spender: n})
		}()
	}
	wg.Wait()
	out := map[string]simrun.Summary{}
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("spender %s: %w", names[i], err)
		}
		out[names[i]] = sums[i]
	}
	if asJSON {
		return writeJSON(e.stdout, out)
	}
	for i, s := range sums {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		printSummary(e.stdout, s)
	}
	return nil
}

// defaultDashboard is where "bbctl sim" serves its dashboard.
const defaultDashboard = "127.0.0.1:8080"

// defaultDashboardAny is where the dashboard goes when the default port is
// taken: a free port on loopback.
const defaultDashboardAny = "127.0.0.1:0"

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// checkDashboardAddr checks a --dashboard value: "off" or host:port.
func checkDashboardAddr(a string) error {
	if a == "off" {
		return nil
	}
	if _, port, err := net.SplitHostPort(a); err != nil || port == "" {
		return usageError(`--dashboard %q: want HOST:PORT (e.g. 127.0.0.1:8080) or "off"`, a)
	}
	return nil
}

func parseSpeed(s string) (float64, error) {
	if s == "max" {
		return 0, nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x <= 0 || x != x || x > 1e9 {
		return 0, usageError(`--speed %q: want a positive number of game seconds per wall second, or "max"`, s)
	}
	return x, nil
}

func speedText(x float64) string {
	if x == 0 {
		return "full speed"
	}
	return fmt.Sprintf("%gx", x)
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// clock formats game seconds as h:mm:ss.
func clock(sec float64) string {
	s := int(sec)
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

func progressLine(p simrun.Progress) string {
	st := p.Status
	phases := make([]string, 0, len(st.Phases))
	for _, ph := range []string{"harvest", "sow", "till", "pending"} {
		if n := st.Phases[ph]; n > 0 {
			phases = append(phases, fmt.Sprintf("%s %d", ph, n))
		}
	}
	sort.Strings(phases[:0])
	line := fmt.Sprintf("%s  money %s  %s/s  hacking %d  targets: %s  RAM %v/%v  procs %d",
		clock(p.GameTime.Seconds()), game.FormatMoney(p.Money), game.FormatMoney(p.Income), st.Hacking,
		strings.Join(phases, ", "), st.RAMInUse, st.RAMTotal, st.Processes)
	if p.Income == 0 && st.Waiting != "" {
		// Nothing earns yet: say what for.
		line += "  (" + st.Waiting + ")"
	}
	return line
}

func printSummary(w io.Writer, s simrun.Summary) {
	fmt.Fprintf(w, "scenario %s (seed %d), scheduler %s\n", s.Scenario, s.Seed, s.Scheduler)
	if s.Partial {
		fmt.Fprintln(w, "  (interrupted: partial run)")
	}
	fmt.Fprintf(w, "  game time        %s (%.1f s wall)\n", clock(s.GameSeconds), s.WallSeconds)
	fmt.Fprintf(w, "  money gained     %s\n", game.FormatMoney(s.MoneyGained))
	fmt.Fprintf(w, "  income           %s/s over the second half\n", game.FormatMoney(s.IncomePerSec))
	fmt.Fprintf(w, "  ceiling          %s/s at hacking %d (ratio %.3f)\n", game.FormatMoney(s.CeilingPerSec), s.HackingLevel.Start, s.Ratio)
	if s.TimeToIncome >= 0 {
		fmt.Fprintf(w, "  first income     after %s\n", clock(s.TimeToIncome))
	}
	if s.MoneyFirstHour > 0 {
		fmt.Fprintf(w, "  first hour       %s (%.3f of the ceiling × 1 h)\n", game.FormatMoney(s.MoneyFirstHour), s.FirstHourRatio)
	}
	fmt.Fprintf(w, "  hacks            %d (%d desynced), %d misfires\n", s.Hacks, s.HacksDesynced, s.Misfires)
	fmt.Fprintf(w, "  processes        %d at most\n", s.MaxConcurrentProcesses)
	fmt.Fprintf(w, "  hacking level    %d → %d\n", s.HackingLevel.Start, s.HackingLevel.End)
	if s.Spender != "none" || s.Spent[economy.SpentHome]+s.Spent[economy.SpentPrograms] > 0 {
		fmt.Fprintf(w, "  spender          %s: %s on hand at the end, %s/s over the last hour\n", s.Spender, game.FormatMoney(s.MoneyEnd), game.FormatMoney(s.IncomeLastHour))
		fmt.Fprintf(w, "  earned           hacking %s, contracts %s, hacknet %s\n", game.FormatMoney(s.Earned[economy.SourceHacking]),
			game.FormatMoney(s.Earned[economy.SourceContracts]), game.FormatMoney(s.Earned[economy.SourceHacknet]))
		fmt.Fprintf(w, "  spent            servers %s, hacknet %s, home %s, programs %s\n", game.FormatMoney(s.Spent[economy.SpentServers]),
			game.FormatMoney(s.Spent[economy.SpentHacknet]), game.FormatMoney(s.Spent[economy.SpentHome]), game.FormatMoney(s.Spent[economy.SpentPrograms]))
	}
	if h := s.Hashes; h != nil {
		fmt.Fprintf(w, "  hashes           %.6g made, %.6g sold (%.6g of them by the game at overflow), %.6g stored\n", h.Made, h.Sold, h.Overflow, h.Stored)
	}
	if c := s.Contracts; c.Placed > 0 {
		fmt.Fprintf(w, "  contracts        %d appeared, %d solved (%s), %d wrong, %d left for the player\n",
			c.Placed, c.Solved, game.FormatMoney(c.Money), c.Failed, c.Skipped)
	}
	if st := s.Stocks; st != nil {
		fmt.Fprintf(w, "  stocks           %d orders, profit %s (cash %s, positions %s)\n",
			st.Trades, game.FormatMoney(st.Profit), game.FormatMoney(st.CashFlow), game.FormatMoney(st.Value))
	}
	for _, r := range s.Restarts {
		fmt.Fprintf(w, "  restart at %s  before %s/s, second minute after %s/s, recovered in %.0f s\n",
			clock(r.At), game.FormatMoney(r.PreRate), game.FormatMoney(r.PostRate), r.RecoveredIn)
	}
	if s.LeakCheck.OK {
		fmt.Fprintln(w, "  leak check       ok")
	} else {
		fmt.Fprintf(w, "  leak check       %d problems:\n", len(s.LeakCheck.Problems))
		for _, p := range s.LeakCheck.Problems {
			fmt.Fprintf(w, "    %s\n", p)
		}
	}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// clearLine erases the status line on a terminal.
func clearLine(w io.Writer, tty bool, status string) {
	if tty && status != "" {
		fmt.Fprint(w, "\r\033[K")
	}
}

// parseStocks reads --stocks: which access the simulated player has to the
// stock market.
func parseStocks(v string) (*sim.StocksConfig, error) {
	a := market.Access{WSE: true, TIX: true}
	switch v {
	case "off", "":
		return nil, nil
	case "tix":
	case "4s":
		a.Data4S, a.API4S = true, true
	case "shorts":
		a.Data4S, a.API4S, a.Shorts, a.Orders = true, true, true, true
	default:
		return nil, usageError("--stocks %q: want off, tix, 4s or shorts", v)
	}
	return &sim.StocksConfig{Access: a}, nil
}

// addHorizonFlag adds --horizon, the horizon plan's horizon.
func addHorizonFlag(fs *flag.FlagSet) *time.Duration {
	return fs.Duration("horizon", 0, "how far ahead the horizon plan counts money while the best targets are prepared (default: the scenario's plan_horizon, else 1h)")
}

// applyHorizon sets sc's plan horizon from --horizon, if given.
func applyHorizon(fs *flag.FlagSet, sc *scenario.Scenario, h time.Duration) error {
	if !flagSet(fs, "horizon") {
		return nil
	}
	if h < time.Minute {
		return usageError("--horizon %v: want at least 1m", h)
	}
	sc.PlanHorizon = scenario.Duration(h)
	return nil
}
