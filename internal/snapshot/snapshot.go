// Package snapshot reads a game through world.World — the live game or the
// simulator — into a scenario: the player, the BitNode and every server
// reachable from home with its links, as they are at that moment. The
// simulator then answers what-if questions about the player's own game
// (docs/scenarios.md, "Your own game").
package snapshot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/scenario"
	"bbctl/internal/world"
)

// Options shape the scenario a snapshot writes.
type Options struct {
	// Name is the scenario's name; "" means "snapshot".
	Name string
	// Duration is the run the scenario asks for; 0 means one hour.
	Duration time.Duration
	// Taken is when the snapshot was taken, for the description; the zero
	// time leaves it out.
	Taken time.Time
	// Notes are said in the description: what the game could not tell and
	// was assumed.
	Notes []string
}

// Take reads w into a scenario. Servers are listed in the order a walk of
// scan() from home finds them (breadth first, with their depth and the
// server they were found from), each with its links in scan order. The RAM
// that scripts other than bbctl's workers hold is kept as ram_used (see
// othersRAM); the workers themselves are not (the simulated controller
// starts its own). A hostname
// that is not one of the game's own (and not home) is the player's: a
// purchased or hacknet server.
func Take(ctx context.Context, w world.World, opt Options) (scenario.Scenario, error) {
	p, err := w.Player(ctx)
	if err != nil {
		return scenario.Scenario{}, fmt.Errorf("snapshot: read the player: %w", err)
	}
	notes := append([]string(nil), opt.Notes...)
	sc := scenario.Scenario{
		Name:         opt.Name,
		Seed:         1,
		BitNode:      p.BitNode,
		BitNodeLevel: p.BitNodeLevel,
		Duration:     scenario.Duration(opt.Duration),
		SpacingMS:    scenario.DefaultSpacingMS,
		MaxProcesses: scenario.DefaultMaxProcesses,
	}
	if sc.Name == "" {
		sc.Name = "snapshot"
	}
	if sc.Duration == 0 {
		sc.Duration = scenario.Duration(time.Hour)
	}
	if sc.BitNode < 1 || sc.BitNode > 14 {
		sc.BitNode, sc.BitNodeLevel = 1, 1
		notes = append(notes, "the BitNode was not known: BitNode 1 assumed")
	}
	sc.BitNodeLevel = max(sc.BitNodeLevel, 1)
	sc.Player, err = player(p, sc.BitNode, sc.BitNodeLevel)
	if err != nil {
		return scenario.Scenario{}, err
	}
	if sc.Servers, err = servers(ctx, w); err != nil {
		return scenario.Scenario{}, err
	}
	desc := fmt.Sprintf("Snapshot of a game: BitNode %d.%d, hacking %d, %d servers", sc.BitNode, sc.BitNodeLevel, p.Hacking, len(sc.Servers))
	if !opt.Taken.IsZero() {
		desc += ", taken " + opt.Taken.UTC().Format("2006-01-02 15:04 UTC")
	}
	sc.Description = desc + "."
	if len(notes) > 0 {
		n := strings.Join(notes, "; ")
		sc.Description += " " + strings.ToUpper(n[:1]) + n[1:] + "."
	}
	if err := sc.Validate(); err != nil {
		return scenario.Scenario{}, fmt.Errorf("snapshot: the game read gives a scenario that does not hold: %w", err)
	}
	return sc, nil
}

// player is the scenario's player: exp (so that it keeps growing from
// where it is) when the exp gives the level the game shows, else the level.
func player(p world.Player, bitNode, level int) (scenario.Player, error) {
	out := scenario.Player{
		Intelligence: p.Intelligence,
		Money:        p.Money,
		Openers:      append([]world.Program{}, p.Programs...),
	}
	if p.Mults != (game.Multipliers{}) {
		m := p.Mults
		out.Mults = &m
	}
	bn, err := game.BitNodeMultipliers(bitNode, level)
	if err != nil {
		return out, fmt.Errorf("snapshot: BitNode %d.%d: %w", bitNode, level, err)
	}
	mult := bn.HackingLevelMultiplier
	if out.Mults != nil {
		mult *= out.Mults.Hacking
	}
	if p.HackingExp > 0 && game.SkillFromExp(p.HackingExp, mult) == p.Hacking {
		out.Exp = p.HackingExp
	} else {
		out.Hacking = max(p.Hacking, 1)
	}
	return out, nil
}

// servers walks the network from home.
func servers(ctx context.Context, w world.World) ([]scenario.Server, error) {
	known := map[string]bool{}
	for _, s := range game.Catalogue() {
		known[s.Hostname] = true
	}
	var out []scenario.Server
	type found struct {
		depth  int
		parent string
	}
	seen := map[string]found{game.HomeHostname: {}}
	queue := []string{game.HomeHostname}
	for len(queue) > 0 {
		host := queue[0]
		queue = queue[1:]
		s, err := w.Server(ctx, host)
		if err != nil {
			return nil, fmt.Errorf("snapshot: read %s: %w", host, err)
		}
		links, err := w.Scan(ctx, host)
		if err != nil {
			return nil, fmt.Errorf("snapshot: scan %s: %w", host, err)
		}
		if host != game.HomeHostname && !known[host] {
			s.PurchasedByPlayer = true
		}
		if host == game.HomeHostname {
			s.HasAdminRights, s.PurchasedByPlayer = true, true
		}
		if s.RAMUsed, err = othersRAM(ctx, w, s); err != nil {
			return nil, err
		}
		sv := scenario.ServerFrom(s, links)
		sv.Depth, sv.Parent = seen[host].depth, seen[host].parent
		out = append(out, sv)
		for _, l := range links {
			if _, ok := seen[l]; !ok {
				seen[l] = found{depth: sv.Depth + 1, parent: host}
				queue = append(queue, l)
			}
		}
	}
	return out, nil
}

// othersRAM is the RAM on s that scripts other than bbctl's workers hold:
// the player's own, and bbctl's agent and modules, which the game needs
// as much as the player's. The workers' RAM is what the simulated
// controller will use; the rest stays held (sim.ServerConfig). A world
// that reports no RAM for a script (the live game, for scripts bbctl did
// not measure) still counts it: it is what the server uses less the
// workers' RAM.
func othersRAM(ctx context.Context, w world.World, s game.Server) (game.RAM, error) {
	if s.RAMUsed <= 0 {
		return 0, nil
	}
	ps, err := w.Ps(ctx, s.Hostname)
	if err != nil {
		return 0, fmt.Errorf("snapshot: ps %s: %w", s.Hostname, err)
	}
	used := s.RAMUsed
	for _, p := range ps {
		if _, worker := world.WorkerOp(p.Filename); worker {
			used -= p.RAM * game.RAM(p.Threads)
		}
	}
	return max(used, 0), nil
}

// Marshal writes sc as a scenario file, and checks that it reads back as
// the same scenario.
func Marshal(sc scenario.Scenario) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sc); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	if _, err := scenario.Parse(b.Bytes(), "snapshot"); err != nil {
		return nil, fmt.Errorf("snapshot: the file written does not read back: %w", err)
	}
	return b.Bytes(), nil
}
