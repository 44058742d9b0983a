package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"bbctl/internal/game"
	"bbctl/internal/scenario"
)

// worldReport is what "bbctl world --json" prints. Its servers, in the
// game's creation order (the order a simulation keeps), are a scenario's
// servers list as they are (docs/scenarios.md).
type worldReport struct {
	Seed    uint64            `json:"seed"`
	BitNode string            `json:"bitnode"`
	Version string            `json:"version"`
	Servers []scenario.Server `json:"servers"`
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
	for _, s := range n.Servers {
		ws := scenario.ServerFrom(s.Server, s.Links)
		ws.Depth, ws.Parent = s.Layer, s.Parent
		r.Servers = append(r.Servers, ws)
	}
	if *jsonOut {
		return writeJSON(e.stdout, r)
	}
	return printWorld(e.stdout, r.Seed, r.BitNode, r.Version, treeOrder(n))
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

// printWorld prints the network as a tree.
func printWorld(w io.Writer, seed uint64, bitnode, version string, servers []*game.NetServer) error {
	fmt.Fprintf(w, "network of seed %d, BitNode %s, rules %s (%d servers; darkweb not shown)\n\n",
		seed, bitnode, version, len(servers))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "HOST\tDEPTH\tPARENT\tPORTS\tLEVEL\tRAM\tCORES\tMAX MONEY\tMIN SEC\tGROWTH")
	for _, s := range servers {
		host := strings.Repeat("  ", s.Layer) + s.Hostname
		depth := fmt.Sprint(s.Layer)
		if s.Layer == 0 && s.Hostname != game.HomeHostname {
			host, depth = s.Hostname+" (unlinked)", "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%d\t%s\t%s\t%s\n", host, depth, dash(s.Parent), s.NumOpenPortsRequired,
			s.RequiredHackingSkill, game.FormatRAM(s.MaxRAM), s.Cores, game.FormatMoney(s.MoneyMax), formatFloat(s.MinDifficulty),
			formatFloat(s.ServerGrowth))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
