package main

import (
	"flag"
	"io"
	"strings"

	"bbctl/internal/game"
	"bbctl/internal/scenario"
)

// whatIfUsage is the usage text of the what-if flags.
const whatIfUsage = "[--hacking N] [--add-servers COUNTxRAM] [--home-ram RAM] [--home-cores N] [--openers LIST|all|none]"

// whatIfFlags are the flags that change a scenario's world before a run:
// "what would my game earn with …".
type whatIfFlags struct {
	fs        *flag.FlagSet
	hacking   *int
	servers   serverGroups
	homeRAM   *string
	homeCores *int
	openers   *string
}

// serverGroups is the repeatable --add-servers flag.
type serverGroups []scenario.Servers

func (g *serverGroups) String() string { return "" }

func (g *serverGroups) Set(s string) error {
	v, err := scenario.ParseServers(s)
	if err != nil {
		return err
	}
	*g = append(*g, v)
	return nil
}

// addWhatIfFlags defines the what-if flags on fs.
func addWhatIfFlags(fs *flag.FlagSet) *whatIfFlags {
	f := &whatIfFlags{fs: fs}
	f.hacking = fs.Int("hacking", 0, "what if the hacking level were `N` (default: the scenario's)")
	fs.Var(&f.servers, "add-servers", "what if `COUNTxRAM` more purchased servers were bought, e.g. 25x1TB (repeatable)")
	f.homeRAM = fs.String("home-ram", "", "what if home had `RAM`, e.g. 4TB (default: the scenario's)")
	f.homeCores = fs.Int("home-cores", 0, "what if home had `N` cores, 1-8 (default: the scenario's)")
	f.openers = fs.String("openers", "", "what if the port openers owned were `LIST` (BruteSSH,FTPCrack,…), all or none (default: the scenario's)")
	return f
}

// change returns the change the flags ask for; a bad value is a usage
// error naming the flag.
func (f *whatIfFlags) change() (scenario.WhatIf, error) {
	var c scenario.WhatIf
	if flagSet(f.fs, "hacking") {
		if *f.hacking < 1 {
			return c, usageError("--hacking %d: want a level ≥ 1", *f.hacking)
		}
		c.Hacking = *f.hacking
	}
	c.AddServers = f.servers
	if flagSet(f.fs, "home-ram") {
		r, err := game.ParseRAM(*f.homeRAM)
		if err != nil || r <= 0 {
			return c, usageError("--home-ram %q: want a power of two GB such as 64GB or 4TB", *f.homeRAM)
		}
		c.HomeRAM = r
	}
	if flagSet(f.fs, "home-cores") {
		if *f.homeCores < 1 || *f.homeCores > game.HomeMaxCores {
			return c, usageError("--home-cores %d: want 1..%d", *f.homeCores, game.HomeMaxCores)
		}
		c.HomeCores = *f.homeCores
	}
	if flagSet(f.fs, "openers") {
		ps, err := scenario.ParseOpeners(*f.openers)
		if err != nil {
			return c, usageError("--openers %q: %v", *f.openers, err)
		}
		c.Openers = ps
	}
	return c, nil
}

// applyWhatIf loads the scenario name and applies the what-if flags to it.
// The scenario's name says what was changed.
func applyWhatIf(name string, f *whatIfFlags) (scenario.Scenario, error) {
	c, err := f.change()
	if err != nil {
		return scenario.Scenario{}, err
	}
	sc, err := scenario.Load(name)
	if err != nil {
		return sc, err
	}
	if c.IsZero() {
		return sc, nil
	}
	out, err := c.Apply(sc)
	if err != nil {
		return sc, usageError("scenario %s: %v", sc.Name, err)
	}
	out.Name = sc.Name + " " + c.String()
	return out, nil
}

// parseChange reads one --compare argument, such as "--add-servers 25x1TB
// --hacking 800".
func parseChange(arg string) (scenario.WhatIf, error) {
	fs := flag.NewFlagSet("--compare", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := addWhatIfFlags(fs)
	if err := fs.Parse(strings.Fields(arg)); err != nil {
		return scenario.WhatIf{}, usageError("--compare %q: %v", arg, err)
	}
	if fs.NArg() > 0 {
		return scenario.WhatIf{}, usageError("--compare %q: unexpected %q (each change is what-if flags: %s)", arg, fs.Arg(0), whatIfUsage)
	}
	c, err := f.change()
	if err != nil {
		return c, usageError("--compare %q: %v", arg, strings.TrimPrefix(err.Error(), errUsage.Error()+": "))
	}
	if c.IsZero() {
		return c, usageError("--compare %q: no change (each change is what-if flags: %s)", arg, whatIfUsage)
	}
	return c, nil
}
