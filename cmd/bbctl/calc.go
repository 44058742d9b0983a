package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"

	"bbctl/internal/game"
)

// calcTopics are the questions "bbctl calc" answers.
var calcTopics = []command{
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
	if len(args) > 0 && (args[0] == "-jsonl" || args[0] == "--jsonl") {
		if len(args) > 1 {
			return usageError("--jsonl takes no other arguments")
		}
		return calcJSONL(e.stdin, e.stdout)
	}
	return dispatch(ctx, e, "topic", calcTopics, printCalcHelp, args)
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
