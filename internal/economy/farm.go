package economy

import (
	"fmt"
	"slices"
	"strconv"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/memory"
	"bbctl/internal/world"
)

// Farm is what hacking income depends on: the player, every server of the
// network and the limits of the plan. Its Income is the income ceiling of
// package hacking (docs/ceiling.md) — the planner's own programme — for
// the farm as it is or as a purchase would change it, so the income a
// purchase adds is the planner's figure at the current hacking level, not
// a guess.
type Farm struct {
	Player  world.Player
	Servers []game.Server // home first
	BN      game.BitNodeMults
	Version game.Version
	// Memory is the RAM ledger's configuration: what each server keeps
	// aside.
	Memory       memory.Config
	MaxProcesses int
	SpacingMS    float64
	// Step is the hack-thread grid (hacking.Options.Step; 0 searches
	// every count). The service's estimates use EstimateStep.
	Step float64
}

// EstimateStep is the hack-thread grid of the spender's estimates: coarser
// than the controller's plan, so that weighing a purchase costs little,
// and within a few per cent of it.
const EstimateStep = 1.25

// Change is a purchase's effect on the farm.
type Change struct {
	ExtraRAM  game.RAM // more one-core worker RAM (purchased servers)
	HomeRAM   game.RAM // more home RAM
	HomeCores int      // more home cores
	Ports     int      // more port openers owned
}

// Ceiling returns the farm's income ceiling with ch applied: every server
// the player has root on or can root with the openers owned (plus
// ch.Ports) works with its RAM less its set-aside (except hacknet
// servers, which make hashes), and every such server with money and a
// required level at most the player's is a target, at minimum security and
// maximum money.
func (f *Farm) Ceiling(ch Change) (hacking.Ceiling, error) {
	return f.ceiling(ch, nil)
}

// ceiling is Ceiling, enumerating the targets' batches through cols when
// it is not nil.
func (f *Farm) ceiling(ch Change, cols *hacking.ColumnCache) (hacking.Ceiling, error) {
	ledger, err := memory.New(f.Memory)
	if err != nil {
		return hacking.Ceiling{}, err
	}
	env := hacking.Env{Person: f.Player.Person(), BN: &f.BN, Version: f.Version}
	capy := hacking.Capacity{RAMByCores: map[int]game.RAM{}, MaxProcesses: f.MaxProcesses, SpacingMS: f.SpacingMS}
	ports := len(f.Player.Programs) + ch.Ports
	var targets []game.Server
	for i, s := range f.Servers {
		if !s.HasAdminRights && s.NumOpenPortsRequired > ports || game.IsHacknetServer(s.Hostname) {
			continue // hacknet servers make hashes; bbctl runs no work there
		}
		if i == 0 {
			s.MaxRAM += ch.HomeRAM
			s.Cores += ch.HomeCores
		}
		if s.MaxRAM > 0 {
			s.HasAdminRights = true
			s.RAMUsed = 0
			if err := ledger.UpdateServer(s); err != nil {
				return hacking.Ceiling{}, err
			}
			ws, _ := ledger.Worker(s.Hostname)
			capy.RAMByCores[ws.Cores] += ws.Total - ws.SetAside
		}
		if s.MoneyMax > 0 && !s.PurchasedByPlayer && i != 0 && s.RequiredHackingSkill <= f.Player.Hacking {
			s.HasAdminRights = true
			targets = append(targets, s)
		}
	}
	capy.RAMByCores[1] += ch.ExtraRAM
	return hacking.ComputeCeiling(targets, capy, env, hacking.Options{Step: f.Step, Columns: cols})
}

// Income returns the farm's income ceiling in $/s with ch applied.
func (f *Farm) Income(ch Change) (float64, error) {
	c, err := f.Ceiling(ch)
	return c.IncomePerSec, err
}

// rootable returns how many servers the player cannot root now but could
// with more openers.
func (f *Farm) rootable(more int) int {
	n, ports := 0, len(f.Player.Programs)
	for _, s := range f.Servers {
		if !s.HasAdminRights && s.NumOpenPortsRequired > ports && s.NumOpenPortsRequired <= ports+more {
			n++
		}
	}
	return n
}

// IncomeModel evaluates a farm under changes, remembering each answer: the
// spender asks for the same changes many times between two readings of
// the world.
type IncomeModel struct {
	farm  Farm
	base  float64
	cache map[Change]float64
	cols  *hacking.ColumnCache // the targets' batches, for every change weighed
	err   error
}

// NewIncomeModel returns a model of f; its base income is computed at once.
func NewIncomeModel(f Farm) (*IncomeModel, error) {
	return newIncomeModel(f, &hacking.ColumnCache{})
}

// newIncomeModel is NewIncomeModel with the targets' batches kept in cols,
// which a service hands from one model to the next: a purchase of RAM
// changes the model, not the batches of its targets.
func newIncomeModel(f Farm, cols *hacking.ColumnCache) (*IncomeModel, error) {
	m := &IncomeModel{farm: f, cache: map[Change]float64{}, cols: cols}
	b, err := m.income(Change{})
	if err != nil {
		return nil, fmt.Errorf("economy: income model: %w", err)
	}
	m.base = b
	m.cache[Change{}] = b
	return m, nil
}

// Base returns the farm's income ceiling as it is, $/s.
func (m *IncomeModel) Base() float64 { return m.base }

// Gain returns the income ch adds, $/s (0 if the ceiling cannot be
// computed; the first such error is kept in Err).
func (m *IncomeModel) Gain(ch Change) float64 {
	v, ok := m.cache[ch]
	if !ok {
		var err error
		v, err = m.income(ch)
		if err != nil {
			if m.err == nil {
				m.err = err
			}
			v = m.base
		}
		m.cache[ch] = v
	}
	return max(0, v-m.base)
}

// income returns the farm's income ceiling in $/s with ch applied.
func (m *IncomeModel) income(ch Change) (float64, error) {
	c, err := m.farm.ceiling(ch, m.cols)
	return c.IncomePerSec, err
}

// Err returns the first error of a ceiling computation, if any.
func (m *IncomeModel) Err() error { return m.err }

// Farm returns the farm the model evaluates.
func (m *IncomeModel) Farm() *Farm { return &m.farm }

// maxSizes bounds how many sizes of server the spender weighs at once: each
// is one ceiling computation.
const maxSizes = 3

// ServerCandidates returns the purchased-server purchases: a new server
// (while the BitNode's limit allows) and an upgrade in place of the
// smallest one, each at up to maxSizes doubling sizes from the size that
// keeps the farm's servers even, up to what money can buy within reach
// (reach: the most the spender could have within its horizon). A server is
// named prefix + a number not yet taken.
func ServerCandidates(ps world.PurchasedServers, bn *game.BitNodeMults, m *IncomeModel, reach float64, prefix string) []Candidate {
	if ps.Limit <= 0 || ps.MaxRAM <= 0 {
		return nil
	}
	cost := func(r game.RAM) float64 { return game.PurchasedServerCost(float64(r/game.GiB), bn) }
	var out []Candidate
	largest, smallest := game.RAM(0), -1
	for i, h := range ps.Hosts {
		largest = max(largest, h.RAM)
		if smallest < 0 || h.RAM < ps.Hosts[smallest].RAM {
			smallest = i
		}
	}
	if len(ps.Hosts) < ps.Limit {
		name := freeName(ps, prefix)
		for r, n := max(largest, 8*game.GiB), 0; r <= ps.MaxRAM && n < maxSizes; r, n = r*2, n+1 {
			c := cost(r)
			if c > reach && n > 0 {
				break
			}
			out = append(out, Candidate{Kind: KindServer, Host: name, RAM: r, Cost: c, Gain: m.Gain(Change{ExtraRAM: r})}.withPayback())
		}
	}
	if smallest >= 0 {
		h := ps.Hosts[smallest]
		for r, n := h.RAM*2, 0; r <= ps.MaxRAM && n < maxSizes; r, n = r*2, n+1 {
			c := cost(r) - cost(h.RAM)
			if c > reach && n > 0 {
				break
			}
			out = append(out, Candidate{Kind: KindServerUpgrade, Host: h.Host, RAM: r, Cost: c, Gain: m.Gain(Change{ExtraRAM: r - h.RAM})}.withPayback())
		}
	}
	return out
}

// freeName returns prefix followed by the first number no purchased server
// uses.
func freeName(ps world.PurchasedServers, prefix string) string {
	for i := 0; ; i++ {
		name := prefix + strconv.Itoa(i)
		if !slices.ContainsFunc(ps.Hosts, func(h world.PurchasedServer) bool { return h.Host == name }) {
			return name
		}
	}
}

// PlayerCandidates returns what only the player can buy: the cheapest port
// opener not owned (with the TOR router if needed), home RAM doubled, and
// one more home core, each with the income it adds. Home upgrades that cost
// more than reach are left out (their value is not computed).
func PlayerCandidates(m *IncomeModel, reach float64) []Candidate {
	f := m.Farm()
	var out []Candidate
	if len(f.Servers) == 0 {
		return nil
	}
	for _, prog := range world.AllPrograms() { // cheapest first
		if f.Player.Has(prog) {
			continue
		}
		c := Candidate{Kind: KindProgram, Program: prog, Cost: world.ProgramCost(prog), Unlocks: f.rootable(1)}
		if !f.Player.TOR {
			c.TOR = true
			c.Cost += world.TORCost
		}
		c.change = Change{Ports: 1}
		c.Gain = m.Gain(c.change)
		out = append(out, c.withPayback())
		break
	}
	home := f.Servers[0]
	if c := game.HomeRAMUpgradeCost(float64(home.MaxRAM/game.GiB), &f.BN); home.MaxRAM*2 <= game.HomeMaxRAM*game.GiB && c <= reach {
		ch := Change{HomeRAM: home.MaxRAM}
		out = append(out, Candidate{Kind: KindHomeRAM, RAM: home.MaxRAM * 2, Cost: c, Gain: m.Gain(ch), change: ch}.withPayback())
	}
	if c := game.HomeCoreUpgradeCost(home.Cores); home.Cores < game.HomeMaxCores && c <= reach {
		ch := Change{HomeCores: 1}
		out = append(out, Candidate{Kind: KindHomeCores, Cost: c, Gain: m.Gain(ch), change: ch}.withPayback())
	}
	return out
}
