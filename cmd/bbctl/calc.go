package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
)

// calcTopics are the questions "bbctl calc" answers.
var calcTopics = []struct {
	name, summary string
	examples      []string
	run           func(e env, args []string) error
}{
	{"hack", "chance, money per thread, times and exp against a server; threads to steal a share",
		[]string{"bbctl calc hack --server phantasy --hacking 900", "bbctl calc hack --server n00dles --hacking 50 --steal 50%,90%"}, calcHack},
	{"grow", "exact grow threads between two money levels, and the weaken threads to offset them",
		[]string{"bbctl calc grow --server joesguns --from 10% --to 100% --cores 4", "bbctl calc grow --server foodnstuff --from 0 --to 2m"}, calcGrow},
	{"weaken", "security removed by a weaken, or the threads needed to remove some",
		[]string{"bbctl calc weaken --threads 7 --cores 2", "bbctl calc weaken --remove 10 --cores 4"}, calcWeaken},
	{"level", "hacking level from exp, or the exp a level needs",
		[]string{"bbctl calc level --exp 1000", "bbctl calc level --level 100 --level-mult 1.3"}, calcLevel},
	{"cost", "purchased-server prices, limit and max RAM; home RAM and core upgrades",
		[]string{"bbctl calc cost --server-ram 1TB", "bbctl calc cost --home-ram 64GB --home-cores 2", "bbctl calc cost"}, calcCost},
	{"hacknet", "hacknet node income, upgrade and purchase costs",
		[]string{"bbctl calc hacknet --level 50 --ram 8 --cores 2 --nodes 4"}, calcHacknet},
	{"ram", "a script's RAM per thread, as the game's static checker charges it",
		[]string{"bbctl calc ram agent.js", "bbctl calc ram --root scripts --version 2.6.1 lib/batch.js"}, calcRAM},
}

func runCalc(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		printCalcHelp(e.stderr)
		return usageError("missing topic")
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		printCalcHelp(e.stdout)
		return flag.ErrHelp
	case "-jsonl", "--jsonl":
		if len(args) > 1 {
			return usageError("--jsonl takes no other arguments")
		}
		return calcJSONL(e.stdin, e.stdout)
	}
	for _, t := range calcTopics {
		if t.name == args[0] {
			return t.run(e, args[1:])
		}
	}
	printCalcHelp(e.stderr)
	return usageError("unknown topic %q", args[0])
}

func printCalcHelp(w io.Writer) {
	fmt.Fprintln(w, "Usage: bbctl calc <topic> [flags]   answer a planning question with the game's formulas")
	fmt.Fprintln(w, "       bbctl calc --jsonl            evaluate formula-vectors.json rows read from stdin")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Topics:")
	for _, t := range calcTopics {
		fmt.Fprintf(w, "  %-8s %s\n", t.name, t.summary)
		for _, ex := range t.examples {
			fmt.Fprintf(w, "             %s\n", ex)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Servers are taken from the network rolled with --seed (default 1) in --bitnode (default 1),")
	fmt.Fprintln(w, "at minimum security and maximum money. Rules are v3's unless --version 2.6.1.")
	fmt.Fprintln(w, `Every topic takes --json for machine-readable output; "bbctl calc <topic> --help" lists its flags.`)
}

// calcEnv holds the flags every topic shares and what they resolve to.
type calcEnv struct {
	fs       *flag.FlagSet
	bitnode  string
	version  string
	seed     uint64
	jsonOut  bool
	hacking  int
	intel    int
	mults    game.Multipliers
	bn       game.BitNodeMults
	ver      game.Version
	bnNumber string
}

// newCalcEnv registers the common flags on a new flag set; player adds the
// player's level and multipliers.
func newCalcEnv(e env, topic, usage string, player bool) *calcEnv {
	c := &calcEnv{fs: newFlagSet(e, "calc "+topic, usage), mults: game.DefaultMultipliers()}
	c.fs.StringVar(&c.bitnode, "bitnode", "1", "BitNode `N` (1-14), or N.L for level L (12.3)")
	c.fs.StringVar(&c.version, "version", "3", "game `rules`: 3 or 2.6.1")
	c.fs.BoolVar(&c.jsonOut, "json", false, "print JSON")
	if player {
		c.fs.Uint64Var(&c.seed, "seed", 1, "`seed` of the rolled network the servers come from")
		c.fs.IntVar(&c.hacking, "hacking", 0, "hacking `level` (default: the server's required level)")
		c.fs.IntVar(&c.intel, "int", 0, "intelligence")
		c.fs.Float64Var(&c.mults.HackingChance, "chance-mult", 1, "hacking chance multiplier")
		c.fs.Float64Var(&c.mults.HackingMoney, "money-mult", 1, "hacking money multiplier")
		c.fs.Float64Var(&c.mults.HackingSpeed, "speed-mult", 1, "hacking speed multiplier")
		c.fs.Float64Var(&c.mults.HackingExp, "exp-mult", 1, "hacking exp multiplier")
		c.fs.Float64Var(&c.mults.HackingGrow, "grow-mult", 1, "hacking grow multiplier")
	}
	return c
}

// parse parses args and resolves the BitNode and version.
func (c *calcEnv) parse(args []string) error {
	if err := parseFlags(c.fs, args); err != nil {
		return err
	}
	if c.fs.NArg() > 0 {
		return usageError("unexpected argument %q", c.fs.Arg(0))
	}
	bn, err := game.ParseBitNode(c.bitnode)
	if err != nil {
		return usageError("--bitnode: %v", err)
	}
	c.bn, c.bnNumber = bn, c.bitnode
	if c.ver, err = game.ParseVersion(c.version); err != nil {
		return usageError("--version: %v", err)
	}
	if c.hacking < 0 || c.intel < 0 {
		return usageError("--hacking and --int must not be negative")
	}
	for name, m := range map[string]float64{"chance-mult": c.mults.HackingChance, "money-mult": c.mults.HackingMoney,
		"speed-mult": c.mults.HackingSpeed, "exp-mult": c.mults.HackingExp, "grow-mult": c.mults.HackingGrow} {
		if !(m > 0) || math.IsInf(m, 0) {
			return usageError("--%s %v: want a positive number", name, m)
		}
	}
	return nil
}

// server returns the named server of the rolled network at minimum
// security and maximum money, with root.
func (c *calcEnv) server(name string) (game.Server, error) {
	if name == "" {
		return game.Server{}, usageError("--server is required")
	}
	n := game.GenerateNetwork(game.NewNetworkRNG(c.seed), &c.bn, c.ver)
	ns := n.Lookup(name)
	if ns == nil {
		return game.Server{}, usageError("--server %q: no such server (run \"bbctl world\" for the list)", name)
	}
	s := ns.Server
	s.HackDifficulty = s.MinDifficulty
	s.MoneyAvailable = s.MoneyMax
	s.HasAdminRights = true
	return s, nil
}

// setSecurity sets the server's current security from --security, if
// given, clamped as the game clamps it.
func setSecurity(s *game.Server, flagValue string) error {
	if flagValue == "" {
		return nil
	}
	sec, err := strconv.ParseFloat(flagValue, 64)
	if err != nil || math.IsNaN(sec) || math.IsInf(sec, 0) {
		return usageError("--security %q: want a number", flagValue)
	}
	s.HackDifficulty = sec
	s.ClampSecurity()
	return nil
}

// person returns the player, at the server's required level unless
// --hacking was given.
func (c *calcEnv) person(s *game.Server) game.Person {
	level := c.hacking
	if level == 0 {
		level = max(s.RequiredHackingSkill, 1)
	}
	return game.Person{Hacking: level, Intelligence: c.intel, Mults: c.mults}
}

func (c *calcEnv) context(s *game.Server, p *game.Person) string {
	return fmt.Sprintf("%s at security %s, money %s (seed %d, BitNode %s, rules %v); hacking %d",
		s.Hostname, formatFloat(s.HackDifficulty), game.FormatMoney(s.MoneyAvailable), c.seed, c.bnNumber, c.ver, p.Hacking)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// ---- hack ----

type hackPlan struct {
	Steal         game.Number `json:"steal"` // fraction of the money
	HackThreads   game.Number `json:"hackThreads"`
	GrowThreads   game.Number `json:"growThreads"`   // to refill at min security, on --cores
	WeakenThreads game.Number `json:"weakenThreads"` // both weakens of the batch, on --cores
	Money         game.Number `json:"money"`         // stolen per success
}

type hackReport struct {
	Server         string      `json:"server"`
	Hacking        int         `json:"hacking"`
	Security       game.Number `json:"security"`
	Money          game.Number `json:"money"`
	Chance         game.Number `json:"chance"`
	PercentThread  game.Number `json:"percentPerThread"` // fraction per thread
	HackTime       game.Number `json:"hackTime"`         // seconds
	GrowTime       game.Number `json:"growTime"`
	WeakenTime     game.Number `json:"weakenTime"`
	ExpPerThread   game.Number `json:"expPerThread"`
	Cores          int         `json:"cores"`
	Plans          []hackPlan  `json:"plans"`
	HackingTooLow  bool        `json:"hackingTooLow,omitempty"`
	RequiredLevel  int         `json:"requiredLevel"`
	MoneylessNotes string      `json:"note,omitempty"`
}

func calcHack(e env, args []string) error {
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

// ---- grow ----

type growReport struct {
	Server         string      `json:"server"`
	Hacking        int         `json:"hacking"`
	Security       game.Number `json:"security"`
	From           game.Number `json:"from"`
	To             game.Number `json:"to"`
	Cores          int         `json:"cores"`
	Threads        game.Number `json:"threads"`       // exact, integer
	SimpleThreads  game.Number `json:"simpleThreads"` // growthAnalyze, without the $1 per thread
	SecurityAdded  game.Number `json:"securityAdded"`
	WeakenThreads  game.Number `json:"weakenThreads"`
	GrowTime       game.Number `json:"growTime"`
	WeakenTime     game.Number `json:"weakenTime"`
	ThreadsPerCore []struct {
		Cores   int         `json:"cores"`
		Threads game.Number `json:"threads"`
	} `json:"threadsByCores"`
}

func calcGrow(e env, args []string) error {
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

// ---- weaken ----

type weakenReport struct {
	Threads  game.Number `json:"threads"`
	Cores    int         `json:"cores"`
	Removed  game.Number `json:"removed"`   // security removed by Threads
	PerThrd  game.Number `json:"perThread"` // security per thread
	Remove   game.Number `json:"remove,omitempty"`
	Required game.Number `json:"threadsToRemove,omitempty"`
}

func calcWeaken(e env, args []string) error {
	c := newCalcEnv(e, "weaken", "[--threads N] [--remove SECURITY] [--cores N] [flags]", false)
	threads := c.fs.Float64("threads", 1, "weaken `threads`")
	remove := c.fs.Float64("remove", 0, "security to remove: print the threads it takes")
	cores := c.fs.Int("cores", 1, "cores of the host running the weaken")
	if err := c.parse(args); err != nil {
		return err
	}
	if *cores < 1 || !(*threads > 0) || math.IsInf(*threads, 0) || *remove < 0 || math.IsInf(*remove, 0) {
		return usageError("--cores, --threads and --remove must be positive (--remove may be 0)")
	}
	per := game.WeakenEffect(1, *cores, &c.bn)
	r := weakenReport{Threads: game.Number(*threads), Cores: *cores,
		Removed: game.Number(game.WeakenEffect(*threads, *cores, &c.bn)), PerThrd: game.Number(per)}
	if *remove > 0 {
		r.Remove = game.Number(*remove)
		r.Required = game.Number(hacking.WeakenThreads(*remove, *cores, hacking.Env{BN: &c.bn}))
	}
	if c.jsonOut {
		return writeJSON(e.stdout, r)
	}
	fmt.Fprintf(e.stdout, "%s thread(s) on %d core(s) remove %s security (%s per thread, BitNode %s)\n",
		formatFloat(*threads), *cores, formatFloat(float64(r.Removed)), formatFloat(per), c.bnNumber)
	if *remove > 0 {
		fmt.Fprintf(e.stdout, "removing %s security takes %s thread(s)\n", formatFloat(*remove), formatFloat(float64(r.Required)))
	}
	return nil
}

// ---- level ----

type levelReport struct {
	Mult      game.Number `json:"mult"` // level multiplier × BitNode level multiplier
	Exp       game.Number `json:"exp,omitempty"`
	Level     int         `json:"level,omitempty"`
	ExpNaive  game.Number `json:"expNaive,omitempty"`  // the game's calculateExp
	ExpExact  game.Number `json:"expExact,omitempty"`  // the least exp that reaches the level
	NextLevel int         `json:"nextLevel,omitempty"` // with --exp: the next level
	ExpToNext game.Number `json:"expToNext,omitempty"`
}

func calcLevel(e env, args []string) error {
	c := newCalcEnv(e, "level", "--exp EXP | --level N [--level-mult M] [flags]", false)
	exp := c.fs.Float64("exp", -1, "hacking `exp`: print the level")
	level := c.fs.Int("level", 0, "hacking `level`: print the exp it needs")
	mult := c.fs.Float64("level-mult", 1, "your hacking level multiplier (the BitNode's is applied too)")
	if err := c.parse(args); err != nil {
		return err
	}
	if (*exp < 0) == (*level < 1) {
		return usageError("give exactly one of --exp (≥ 0) and --level (≥ 1)")
	}
	if !(*mult > 0) || math.IsInf(*exp, 0) {
		return usageError("--level-mult must be positive and --exp finite")
	}
	m := *mult * c.bn.HackingLevelMultiplier
	r := levelReport{Mult: game.Number(m)}
	if *exp >= 0 {
		r.Exp = game.Number(*exp)
		r.Level = game.SkillFromExp(*exp, m)
		r.NextLevel = r.Level + 1
		r.ExpToNext = game.Number(game.ExpForSkillExact(r.NextLevel, m) - *exp)
	} else {
		r.Level = *level
		r.ExpNaive = game.Number(game.ExpForSkill(*level, m))
		r.ExpExact = game.Number(game.ExpForSkillExact(*level, m))
	}
	if c.jsonOut {
		return writeJSON(e.stdout, r)
	}
	if *exp >= 0 {
		fmt.Fprintf(e.stdout, "exp %s gives hacking level %d (multiplier %s); level %d needs %s more exp\n",
			formatFloat(*exp), r.Level, formatFloat(m), r.NextLevel, formatFloat(float64(r.ExpToNext)))
		return nil
	}
	fmt.Fprintf(e.stdout, "hacking level %d needs %s exp (multiplier %s)", r.Level, exact(float64(r.ExpExact)), formatFloat(m))
	if r.ExpExact != r.ExpNaive {
		fmt.Fprintf(e.stdout, "; the game's calculateExp says %s, which falls just short", exact(float64(r.ExpNaive)))
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// ---- cost ----

type serverCost struct {
	RAM  game.Number `json:"ram"` // GB
	Cost game.Number `json:"cost"`
}

type costReport struct {
	Limit       int          `json:"purchasedServerLimit"`
	MaxRAM      game.Number  `json:"purchasedServerMaxRam"`
	Servers     []serverCost `json:"purchasedServers"`
	HomeRAM     game.Number  `json:"homeRam,omitempty"`
	HomeRAMCost game.Number  `json:"homeRamUpgradeCost,omitempty"`
	HomeCores   int          `json:"homeCores,omitempty"`
	HomeCoreCst game.Number  `json:"homeCoreUpgradeCost,omitempty"`
}

func calcCost(e env, args []string) error {
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
	fmt.Fprintf(w, "purchased servers in BitNode %s: up to %d, at most %s each\n", c.bnNumber, r.Limit, formatGB(float64(r.MaxRAM)))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  RAM\tprice\tfull fleet\t")
	for _, s := range r.Servers {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t\n", formatGB(float64(s.RAM)), game.FormatMoney(float64(s.Cost)), game.FormatMoney(float64(s.Cost)*float64(r.Limit)))
	}
	tw.Flush()
	if r.HomeRAM != 0 {
		fmt.Fprintf(w, "home RAM %s → %s costs %s\n", formatGB(float64(r.HomeRAM)), formatGB(2*float64(r.HomeRAM)), game.FormatMoney(float64(r.HomeRAMCost)))
	}
	if r.HomeCores != 0 {
		fmt.Fprintf(w, "home cores %d → %d costs %s\n", r.HomeCores, r.HomeCores+1, game.FormatMoney(float64(r.HomeCoreCst)))
	}
	return nil
}

// ---- hacknet ----

type hacknetUpgrade struct {
	What    string      `json:"what"`
	Cost    game.Number `json:"cost"`
	Gain    game.Number `json:"gain"`    // $/s more
	Payback game.Number `json:"payback"` // seconds
}

type hacknetReport struct {
	Level    int              `json:"level"`
	RAM      game.Number      `json:"ram"`
	Cores    int              `json:"cores"`
	Rate     game.Number      `json:"rate"` // $/s of this node
	Nodes    int              `json:"nodes"`
	NextNode game.Number      `json:"nextNodeCost"`
	Upgrades []hacknetUpgrade `json:"upgrades"`
}

func calcHacknet(e env, args []string) error {
	c := newCalcEnv(e, "hacknet", "[--level N] [--ram GB] [--cores N] [--nodes N] [flags]", false)
	level := c.fs.Int("level", 1, "node level (1-200)")
	ram := c.fs.Float64("ram", 1, "node RAM in GB (1-64, a power of two)")
	cores := c.fs.Int("cores", 1, "node cores (1-16)")
	nodes := c.fs.Int("nodes", 0, "nodes you own: prices the next one")
	money := c.fs.Float64("money-mult", 1, "your hacknet_node_money multiplier")
	cost := c.fs.Float64("cost-mult", 1, "your hacknet purchase/level/RAM/core cost multiplier")
	if err := c.parse(args); err != nil {
		return err
	}
	if *level < 1 || *level > game.HacknetNodeMaxLevel || *cores < 1 || *cores > game.HacknetNodeMaxCores ||
		!(*ram >= 1 && *ram <= game.HacknetNodeMaxRAM) || *nodes < 0 || !(*money > 0) || !(*cost > 0) {
		return usageError("want --level 1-200, --ram 1-64, --cores 1-16, --nodes ≥ 0 and positive multipliers")
	}
	rate := func(l int, r float64, k int) float64 { return game.HacknetMoneyRate(l, r, k, *money, &c.bn) }
	base := rate(*level, *ram, *cores)
	r := hacknetReport{Level: *level, RAM: game.Number(*ram), Cores: *cores, Rate: game.Number(base), Nodes: *nodes,
		NextNode: game.Number(game.HacknetNodeCost(*nodes+1, *cost))}
	add := func(what string, price, gain float64) {
		u := hacknetUpgrade{What: what, Cost: game.Number(price), Gain: game.Number(gain), Payback: game.Number(math.Inf(1))}
		if gain > 0 && !math.IsInf(price, 0) {
			u.Payback = game.Number(price / gain)
		}
		if math.IsInf(price, 0) {
			u.Gain = 0
		}
		r.Upgrades = append(r.Upgrades, u)
	}
	for _, n := range []int{1, 10} {
		lc := game.HacknetLevelCost(*level, n, *cost, c.ver)
		add(fmt.Sprintf("+%d level", n), lc, rate(min(*level+n, game.HacknetNodeMaxLevel), *ram, *cores)-base)
	}
	add("RAM ×2", game.HacknetRAMCost(*ram, 1, *cost), rate(*level, math.Min(*ram*2, game.HacknetNodeMaxRAM), *cores)-base)
	add("+1 core", game.HacknetCoreCost(*cores, 1, *cost), rate(*level, *ram, min(*cores+1, game.HacknetNodeMaxCores))-base)
	if c.jsonOut {
		return writeJSON(e.stdout, r)
	}
	w := e.stdout
	fmt.Fprintf(w, "node level %d, %s, %d core(s) makes %s/s (rules %v); node #%d costs %s\n",
		*level, formatGB(*ram), *cores, game.FormatMoney(base), c.ver, *nodes+1, game.FormatMoney(float64(r.NextNode)))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  upgrade\tprice\t+$/s\tpays back in\t")
	for _, u := range r.Upgrades {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t\n", u.What, game.FormatMoney(float64(u.Cost)), game.FormatMoney(float64(u.Gain)), formatSeconds(float64(u.Payback)))
	}
	return tw.Flush()
}

// ---- ram ----

type ramReport struct {
	File    string        `json:"file"`
	RAM     game.Number   `json:"ram"` // GB per thread
	Charges []game.Charge `json:"charges"`
	Error   string        `json:"error,omitempty"`
}

func calcRAM(e env, args []string) error {
	fs := newFlagSet(e, "calc ram", "[--root DIR] [--version 3|2.6.1] [--json] FILE...")
	root := fs.String("root", ".", "`directory` that plays the server's root: imports resolve from it")
	version := fs.String("version", "3", "game `rules`: 3 or 2.6.1")
	jsonOut := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		return usageError("name at least one script")
	}
	ver, err := game.ParseVersion(*version)
	if err != nil {
		return usageError("--version: %v", err)
	}
	read := func(p string) (string, error) {
		b, err := os.ReadFile(filepath.Join(*root, filepath.FromSlash(p)))
		return string(b), err
	}
	var reports []ramReport
	failed := 0
	for _, f := range files {
		r := ramReport{File: f}
		ram, charges, err := game.ScriptRAMFiles(filepath.ToSlash(f), read, ver)
		if err != nil {
			r.Error = err.Error()
			failed++
		}
		r.RAM, r.Charges = game.Number(ram.GB()), charges
		if r.Charges == nil {
			r.Charges = []game.Charge{}
		}
		reports = append(reports, r)
	}
	if *jsonOut {
		if err := writeJSON(e.stdout, reports); err != nil {
			return err
		}
	} else {
		for _, r := range reports {
			if r.Error != "" {
				fmt.Fprintf(e.stdout, "%s: %s\n", r.File, r.Error)
				continue
			}
			fmt.Fprintf(e.stdout, "%s: %s per thread (rules %v; 1.6GB base", r.File, game.GB(float64(r.RAM)), ver)
			if len(r.Charges) == 0 {
				fmt.Fprintln(e.stdout, ", nothing charged)")
				continue
			}
			fmt.Fprintln(e.stdout, " plus:)")
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			for _, ch := range r.Charges {
				fmt.Fprintf(tw, "  %s\t%sGB\n", ch.Name, formatFloat(ch.Cost))
			}
			tw.Flush()
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d scripts could not be checked", failed, len(files))
	}
	return nil
}

// ---- formatting ----

// formatFloat prints up to six significant decimals, without trailing
// zeros.
func formatFloat(x float64) string {
	if math.IsInf(x, 1) {
		return "∞"
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

// exact prints the shortest decimal that reads back as x.
func exact(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// formatGB prints a GB amount in the largest unit that keeps it whole:
// 8GB, 1TB, 1PB.
func formatGB(gb float64) string {
	for _, u := range []struct {
		suffix string
		size   float64
	}{{"PB", 1 << 20}, {"TB", 1 << 10}} {
		if gb >= u.size && math.Mod(gb, u.size) == 0 {
			return strconv.FormatFloat(gb/u.size, 'f', -1, 64) + u.suffix
		}
	}
	return strconv.FormatFloat(gb, 'f', -1, 64) + "GB"
}

func formatPercent(f float64) string {
	return strconv.FormatFloat(f*100, 'g', 4, 64) + "%"
}

// formatSeconds prints seconds with ms precision, plus minutes or hours
// when long.
func formatSeconds(s float64) string {
	if math.IsInf(s, 1) || math.IsNaN(s) {
		return "never"
	}
	out := strconv.FormatFloat(s, 'f', 3, 64) + " s"
	switch {
	case s >= 3600:
		out += fmt.Sprintf(" (%.1f h)", s/3600)
	case s >= 60:
		out += fmt.Sprintf(" (%.1f min)", s/60)
	}
	return out
}

// ---- --jsonl ----

// maxJSONLLine bounds one input line of --jsonl.
const maxJSONLLine = 16 << 20

// jsonlRow is one line of --jsonl output: the input row with out filled in,
// or error saying why not.
type jsonlRow struct {
	Fn    string          `json:"fn"`
	In    json.RawMessage `json:"in,omitempty"`
	Out   any             `json:"out,omitempty"`
	Error string          `json:"error,omitempty"`
}

// decodeJSONLRow decodes one input line {"fn": …, "in": {…}, "out": …}; out
// is ignored.
func decodeJSONLRow(line []byte) (jsonlRow, error) {
	var raw struct {
		Fn  *string         `json:"fn"`
		In  json.RawMessage `json:"in"`
		Out json.RawMessage `json:"out"`
	}
	if err := json.Unmarshal(line, &raw); err != nil {
		return jsonlRow{}, fmt.Errorf("not a JSON row object: %v", err)
	}
	if raw.Fn == nil {
		return jsonlRow{In: raw.In}, errors.New("missing fn")
	}
	row := jsonlRow{Fn: *raw.Fn, In: raw.In}
	if len(raw.In) == 0 || raw.In[0] != '{' {
		return row, errors.New("missing in object")
	}
	return row, nil
}

// evalJSONLLine evaluates one input line and returns the output row.
func evalJSONLLine(line []byte) (jsonlRow, error) {
	row, err := decodeJSONLRow(line)
	if err != nil {
		row.Error = err.Error()
		return row, err
	}
	out, err := game.EvalRow(row.Fn, row.In)
	if err != nil {
		row.Error = err.Error()
		return row, err
	}
	row.Out = out
	return row, nil
}

// calcJSONL reads formula-vectors.json rows, one per line, and writes each
// back with out filled in (or error set). Blank lines are skipped. It fails
// at the end if any row failed.
func calcJSONL(r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxJSONLLine)
	bw := bufio.NewWriter(w)
	failed, total, lineNo := 0, 0, 0
	for sc.Scan() {
		lineNo++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		total++
		row, err := evalJSONLLine(line)
		if err != nil {
			failed++
			row.Error = fmt.Sprintf("line %d: %s", lineNo, row.Error)
		}
		b, err := json.Marshal(row)
		if err != nil { // cannot happen: every value is encodable
			return fmt.Errorf("line %d: encode result: %w", lineNo, err)
		}
		bw.Write(b)
		bw.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		bw.Flush()
		return fmt.Errorf("read rows at line %d: %w", lineNo+1, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write rows: %w", err)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d rows failed (see their \"error\" fields)", failed, total)
	}
	return nil
}
