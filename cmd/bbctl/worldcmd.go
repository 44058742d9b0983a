package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"bbctl/internal/game"
)

// worldServer is one server of "bbctl world --json".
type worldServer struct {
	Hostname      string      `json:"hostname"`
	Depth         int         `json:"depth"`  // hops from home; 0 for home and unlinked servers
	Parent        string      `json:"parent"` // "" for home and unlinked servers
	Links         []string    `json:"links"`  // scan() order
	Ports         int         `json:"ports"`
	RequiredLevel int         `json:"requiredHackingSkill"`
	RAM           game.Number `json:"maxRam"` // GB
	Cores         int         `json:"cpuCores"`
	MaxMoney      game.Number `json:"moneyMax"`
	Money         game.Number `json:"moneyAvailable"`
	MinSecurity   game.Number `json:"minDifficulty"`
	Security      game.Number `json:"hackDifficulty"`
	Growth        game.Number `json:"serverGrowth"`
	Organization  string      `json:"organizationName"`
}

type worldReport struct {
	Seed    uint64        `json:"seed"`
	BitNode string        `json:"bitnode"`
	Version string        `json:"version"`
	Servers []worldServer `json:"servers"`
}

func runWorld(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "world", "[--seed N] [--bitnode N] [--version 3|2.6.1] [--json]")
	seed := fs.Uint64("seed", 1, "`seed` of the network")
	bitnode := fs.String("bitnode", "1", "BitNode `N` (1-14), or N.L for level L (12.3)")
	version := fs.String("version", "3", "game `rules`: 3 or 2.6.1")
	jsonOut := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	bn, err := game.ParseBitNode(*bitnode)
	if err != nil {
		return usageError("--bitnode: %v", err)
	}
	ver, err := game.ParseVersion(*version)
	if err != nil {
		return usageError("--version: %v", err)
	}
	n := game.GenerateNetwork(game.NewNetworkRNG(*seed), &bn, ver)
	r := worldReport{Seed: *seed, BitNode: *bitnode, Version: ver.String()}
	for _, s := range treeOrder(n) {
		r.Servers = append(r.Servers, worldServer{
			Hostname: s.Hostname, Depth: s.Layer, Parent: s.Parent, Links: append([]string{}, s.Links...),
			Ports: s.NumOpenPortsRequired, RequiredLevel: s.RequiredHackingSkill, RAM: game.Number(s.MaxRAM.GB()),
			Cores: s.Cores, MaxMoney: game.Number(s.MoneyMax), Money: game.Number(s.MoneyAvailable),
			MinSecurity: game.Number(s.MinDifficulty), Security: game.Number(s.HackDifficulty),
			Growth: game.Number(s.ServerGrowth), Organization: s.Organization,
		})
	}
	if *jsonOut {
		return writeJSON(e.stdout, r)
	}
	return printWorld(e.stdout, r)
}

// treeOrder lists the network depth first from home, children in scan
// order, then the servers not linked at creation.
func treeOrder(n *game.Network) []*game.NetServer {
	var out []*game.NetServer
	seen := map[string]bool{}
	var walk func(s *game.NetServer)
	walk = func(s *game.NetServer) {
		seen[s.Hostname] = true
		out = append(out, s)
		for _, l := range s.Links {
			if c := n.Lookup(l); c != nil && !seen[l] && c.Parent == s.Hostname {
				walk(c)
			}
		}
	}
	walk(n.Home())
	for i := range n.Servers {
		if s := &n.Servers[i]; !seen[s.Hostname] {
			out = append(out, s)
		}
	}
	return out
}

func printWorld(w io.Writer, r worldReport) error {
	fmt.Fprintf(w, "network of seed %d, BitNode %s, rules %s (%d servers; darkweb not shown)\n\n",
		r.Seed, r.BitNode, r.Version, len(r.Servers))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "HOST\tDEPTH\tPARENT\tPORTS\tLEVEL\tRAM\tCORES\tMAX MONEY\tMIN SEC\tGROWTH")
	for _, s := range r.Servers {
		host := strings.Repeat("  ", s.Depth) + s.Hostname
		depth := fmt.Sprint(s.Depth)
		if s.Depth == 0 && s.Hostname != game.HomeHostname {
			host, depth = s.Hostname+" (unlinked)", "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%d\t%s\t%s\t%s\n", host, depth, dash(s.Parent), s.Ports, s.RequiredLevel,
			formatGB(float64(s.RAM)), s.Cores, game.FormatMoney(float64(s.MaxMoney)), formatFloat(float64(s.MinSecurity)),
			formatFloat(float64(s.Growth)))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
