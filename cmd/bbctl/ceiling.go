package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/scenario"
	"bbctl/internal/sim"
	"bbctl/internal/simrun"
)

// ceilingReport is what "bbctl ceiling" prints: the most a scenario's world
// can earn per second at a hacking level, and the batches that earn it.
type ceilingReport struct {
	Scenario     string          `json:"scenario"`
	Seed         uint64          `json:"seed"`
	Hacking      int             `json:"hacking"`
	IncomePerSec float64         `json:"income_per_sec"`
	ExpPerSec    float64         `json:"exp_per_sec"` // hacking exp the batches earn at their rates
	Binding      []string        `json:"binding"`
	Targets      []ceilingTarget `json:"targets"`
}

type ceilingTarget struct {
	Host         string         `json:"host"`
	IncomePerSec float64        `json:"income_per_sec"`
	Batches      []ceilingBatch `json:"batches"`
}

// ceilingBatch is one batch shape and how often the optimum runs it.
type ceilingBatch struct {
	Hack       int     `json:"hack"`
	Weaken1    int     `json:"weaken1"`
	Grow       int     `json:"grow"`
	Weaken2    int     `json:"weaken2"`
	Cores      int     `json:"cores"` // of the workers its grow and weakens run on
	PerSec     float64 `json:"per_sec"`
	Money      float64 `json:"money"`       // expected, per batch
	RAMSeconds float64 `json:"ram_seconds"` // GB·s per batch
	WeakenMS   float64 `json:"weaken_ms"`   // the batch's longest operation
}

func runCeiling(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "ceiling", "[--scenario NAME|FILE] "+whatIfUsage+" [--json] [--compare CHANGE…]")
	name := fs.String("scenario", "mid", "built-in scenario ("+strings.Join(scenario.Builtin(), ", ")+") or a scenario file")
	wf := addWhatIfFlags(fs)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.Bool("compare", false, `compare the ceiling with what each CHANGE after it gives, cost and payback: --compare "--add-servers 25x1TB" "--hacking 800" (must come last)`)
	args, changes, comparing := splitCompare(args)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	sc, err := applyWhatIf(*name, wf)
	if err != nil {
		return err
	}
	if comparing {
		return runCompare(ctx, e, sc, changes, *asJSON)
	}
	r, err := ceilingOf(ctx, sc)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, r)
	}
	printCeiling(e.stdout, r)
	return nil
}

// splitCompare cuts args at --compare: the flags before it, and the
// changes after it.
func splitCompare(args []string) (flags, changes []string, comparing bool) {
	for i, a := range args {
		if a == "--compare" || a == "-compare" {
			return args[:i], args[i+1:], true
		}
	}
	return args, nil, false
}

// ceilingOf computes the ceiling report of sc's world as it starts.
func ceilingOf(ctx context.Context, sc scenario.Scenario) (ceilingReport, error) {
	w, err := sim.New(sc.SimConfig())
	if err != nil {
		return ceilingReport{}, fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	p, err := w.Player(ctx)
	if err != nil {
		return ceilingReport{}, err
	}
	ceil, err := simrun.Ceiling(ctx, w, sc)
	if err != nil {
		return ceilingReport{}, err
	}
	r := newCeilingReport(sc, p.Hacking, ceil)
	bn, err := game.BitNodeMultipliers(sc.BitNode, sc.BitNodeLevel)
	if err != nil {
		return r, err
	}
	r.ExpPerSec = ceil.ExpPerSec(func(host string) (game.Server, bool) {
		s, err := w.Server(ctx, host)
		return s, err == nil
	}, hacking.Env{Person: p.Person(), BN: &bn, Version: game.V3})
	return r, nil
}

func newCeilingReport(sc scenario.Scenario, level int, c hacking.Ceiling) ceilingReport {
	r := ceilingReport{Scenario: sc.Name, Seed: sc.Seed, Hacking: level, IncomePerSec: c.IncomePerSec,
		Binding: append([]string{}, c.Binding...), Targets: []ceilingTarget{}}
	for _, t := range c.Targets {
		ct := ceilingTarget{Host: t.Host, IncomePerSec: t.Income}
		for _, u := range t.Uses {
			ct.Batches = append(ct.Batches, ceilingBatch{
				Hack: u.Hack, Weaken1: u.Weaken1, Grow: u.Grow, Weaken2: u.Weaken2, Cores: u.Cores,
				PerSec: u.Rate, Money: u.Money, RAMSeconds: u.RAMSeconds, WeakenMS: u.Times.Weaken,
			})
		}
		r.Targets = append(r.Targets, ct)
	}
	return r
}

func printCeiling(out io.Writer, r ceilingReport) {
	fmt.Fprintf(out, "scenario %s (seed %d) at hacking %d: at most %s/s\n", r.Scenario, r.Seed, r.Hacking, game.FormatMoney(r.IncomePerSec))
	if len(r.Targets) == 0 {
		fmt.Fprintln(out, "no target can be hacked at this level with this RAM")
		return
	}
	fmt.Fprintf(out, "bound by: %s; the batches earn %s hacking exp/s\n\n", strings.Join(r.Binding, ", "), formatExp(r.ExpPerSec))
	tw := tabwriter.NewWriter(out, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\tincome/s\tbatches/s\thack\tw1\tgrow\tw2\tcores\tmoney/batch\tGB·s/batch\tweaken time\t")
	for _, t := range r.Targets {
		for i, b := range t.Batches {
			host, inc := t.Host, game.FormatMoney(t.IncomePerSec)
			if i > 0 {
				host, inc = "", ""
			}
			fmt.Fprintf(tw, "%s\t%s\t%.3f\t%d\t%d\t%d\t%d\t%d\t%s\t%.0f\t%.1f s\t\n",
				host, inc, b.PerSec, b.Hack, b.Weaken1, b.Grow, b.Weaken2, b.Cores, game.FormatMoney(b.Money), b.RAMSeconds, b.WeakenMS/1000)
		}
	}
	tw.Flush()
}

// formatExp writes an amount of exp: "1234", "3.73e+13".
func formatExp(x float64) string {
	if x < 1e6 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.3g", x)
}
