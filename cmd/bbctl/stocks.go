package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"strings"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/trader"
)

// stocksActions are the subcommands of "bbctl stocks".
var stocksActions = []command{
	{"backtest", "run the trader and two baselines on the simulated market", nil, stocksBacktest},
	{"liquidate", "sell every position now in a running bbctl (sim or serve), through its dashboard", nil, stocksLiquidate},
}

func runStocks(ctx context.Context, e env, args []string) error {
	return dispatch(ctx, e, "action", stocksActions, printStocksHelp, args)
}

func printStocksHelp(w io.Writer) {
	printActions(w, "stocks", "the stock market trader", stocksActions, []string{
		"bbctl stocks backtest --4s --seeds 5",
		"bbctl stocks backtest --no-4s --hours 6 --json",
		"bbctl stocks liquidate --dashboard 127.0.0.1:8080",
	})
}

// backtestReport is the --json output of bbctl stocks backtest.
type backtestReport struct {
	Mode string        `json:"mode"` // "4s" or "no-4s"
	Runs []trader.Run3 `json:"runs"`
}

func stocksBacktest(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "stocks backtest", "[--hours 24] [--capital 1e10] [--4s|--no-4s] [--seed FIRST] [--seeds N] [--shorts] [--json]")
	hours := fs.Float64("hours", 24, "game hours to trade")
	capital := fs.Float64("capital", 1e10, "starting money")
	with4S := fs.Bool("4s", false, "trade with 4S market data (the true forecast); the default")
	no4S := fs.Bool("no-4s", false, "trade without 4S data, on the tracker's estimates")
	first := fs.Uint("seed", 1, "first seed")
	seeds := fs.Int("seeds", 5, "number of seeds, FIRST … FIRST+N−1")
	shorts := fs.Bool("shorts", false, "short selling is allowed (BitNode 8 or Source-File 8.2)")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usageError("unexpected argument %q", fs.Arg(0))
	case *with4S && *no4S:
		return usageError("--4s and --no-4s exclude each other")
	case !(*hours > 0) || *hours > 24*365:
		return usageError("--hours %v: want a positive number of game hours (at most a year)", *hours)
	case !(*capital > 0) || math.IsInf(*capital, 0):
		return usageError("--capital %v: want a positive amount", *capital)
	case *seeds < 1:
		return usageError("--seeds %d: want at least 1", *seeds)
	case *first > math.MaxUint32 || uint64(*first)+uint64(*seeds)-1 > math.MaxUint32:
		return usageError("--seed %d with --seeds %d: seeds must fit in 32 bits", *first, *seeds)
	}
	cfg := trader.Config{
		Updates: int(math.Round(*hours * trader.UpdatesPerHour)),
		Capital: *capital,
		Has4S:   !*no4S,
		Shorts:  *shorts,
	}
	rep := backtestReport{Mode: "4s"}
	if !cfg.Has4S {
		rep.Mode = "no-4s"
	}
	tty := isTerminal(e.stderr)
	bar := ""
	for i := 0; i < *seeds; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		seed := uint32(*first) + uint32(i)
		clearLine(e.stderr, tty, bar)
		bar = progressBar(i, *seeds, fmt.Sprintf("seed %d", seed))
		if tty {
			fmt.Fprint(e.stderr, bar)
		} else if !*asJSON {
			fmt.Fprintln(e.stderr, bar)
		}
		r, err := trader.Backtest(seed, cfg)
		if err != nil {
			return err
		}
		rep.Runs = append(rep.Runs, r)
	}
	clearLine(e.stderr, tty, bar)
	if *asJSON {
		return writeJSON(e.stdout, rep)
	}
	printBacktest(e.stdout, rep, cfg)
	return nil
}

// progressBar draws "[#####-----] 2/5 label".
func progressBar(done, total int, label string) string {
	const width = 20
	n := done * width / total
	return fmt.Sprintf("[%s%s] %d/%d %s", strings.Repeat("#", n), strings.Repeat("-", width-n), done, total, label)
}

func printBacktest(w io.Writer, rep backtestReport, cfg trader.Config) {
	fmt.Fprintf(w, "stocks backtest, %s, %.1f game-hours (%d updates), capital %s, shorts %v\n",
		rep.Mode, float64(cfg.Updates)/trader.UpdatesPerHour, cfg.Updates, game.FormatMoney(cfg.Capital), cfg.Shorts)
	fmt.Fprintf(w, "%6s  %-10s %14s %10s %8s %7s\n", "seed", "strategy", "profit", "return", "max dd", "trades")
	for _, r := range rep.Runs {
		rows := []struct {
			name string
			res  *trader.Result
		}{{"bbctl", &r.Bbctl}, {"seed_rule", &r.SeedRule}, {"common_4s", r.Common4S}}
		for _, row := range rows {
			if row.res == nil {
				continue
			}
			fmt.Fprintf(w, "%6d  %-10s %14s %9.1f%% %7.1f%% %7d\n", r.Seed, row.name, game.FormatMoney(row.res.Profit),
				100*row.res.Return, 100*row.res.MaxDrawdown, row.res.Trades)
		}
		if r.Common4S != nil && r.Common4S.Profit > 0 {
			fmt.Fprintf(w, "%6s  bbctl ÷ common_4s profit %.2f\n", "", r.Bbctl.Profit/r.Common4S.Profit)
		}
	}
}

// stocksLiquidate asks a running bbctl, through its dashboard's control
// endpoint, to sell every stock position (the dashboard's Liquidate
// button): installing augmentations wipes positions without payout.
func stocksLiquidate(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "stocks liquidate", "[--dashboard ADDR] [--resume]")
	addr := fs.String("dashboard", defaultDashboard, "the dashboard address of the running bbctl sim or serve")
	resume := fs.Bool("resume", false, "let the trader trade again after a liquidation instead")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		return usageError("--dashboard %q: want HOST:PORT", *addr)
	}
	path := "/api/stocks/liquidate"
	if *resume {
		path = "/api/stocks/resume"
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+*addr+path, strings.NewReader("{}"))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Bbctl-Dashboard", "1")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("no bbctl dashboard at %s (is bbctl sim or serve running, with its dashboard on?): %w", *addr, err)
	}
	defer res.Body.Close()
	var body struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<16)).Decode(&body); err != nil {
		return fmt.Errorf("%s at %s: unexpected answer (%s): %w", path, *addr, res.Status, err)
	}
	if res.StatusCode != http.StatusOK || !body.OK {
		return fmt.Errorf("%s at %s: %s", path, *addr, body.Error)
	}
	if *resume {
		fmt.Fprintln(e.stdout, "the stock trader trades again")
	} else {
		fmt.Fprintln(e.stdout, "every stock position is being sold; the trader stops until resumed (bbctl stocks liquidate --resume)")
	}
	return nil
}
