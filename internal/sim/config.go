package sim

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// Config describes a simulated game. The zero value is a fresh BitNode 1
// save on the current game version: hacking level 1, 8 GB home with one
// core, no port openers and no purchased servers.
type Config struct {
	// Seed seeds every random draw: the network, hack rolls and faults.
	Seed uint64

	// BitNode is the current BitNode, 1..14 (0 means 1); BitNodeLevel its
	// level (0 means 1).
	BitNode      int
	BitNodeLevel int

	// Version names the game version whose rules apply, as
	// game.ParseVersion reads it ("3", "2.6.1"); "" means the current game
	// (game.V3).
	Version string

	Player PlayerConfig
	Home   HomeConfig

	// Network, if not nil, is the network to simulate instead of the one
	// Seed rolls (Seed still seeds the hack rolls, faults and contracts).
	// It must hold home; servers that no chain of links joins to home are
	// left out, as the game's unlinked w0r1d_d43m0n is. The others keep
	// the order of the list (the game's creation order, where contracts
	// are placed from) and their links' order (scan order). Home always
	// has root; Home's RAM and cores, when not zero, replace the listed
	// home's.
	Network []ServerConfig

	// Purchased lists the purchased servers to create, named "pserv-0",
	// "pserv-1", … in order. Each has root, one core and links to home.
	Purchased []PurchasedConfig

	// Prepped starts every server at its minimum security and maximum
	// money.
	Prepped bool

	// LaunchLatency is the delay from exec to a worker's call, in ms.
	LaunchLatency world.Time

	Faults Faults

	// Speed paces the simulation: 0 runs as fast as the CPU allows; X > 0
	// runs X game-ms per wall-ms.
	Speed float64

	// Clock is the wall clock used when Speed > 0; nil means the real one.
	Clock Clock

	// PortCapacity is the capacity of every port (the game's
	// MaxPortCapacity); 0 means DefaultPortCapacity.
	PortCapacity int

	// ContractsPerHour places coding contracts of random types on random
	// servers, as a Poisson process with this rate per game hour (0: none).
	ContractsPerHour float64

	// Stocks, if not nil, runs the stock market with the player's access
	// (nil: the world has no stock market and StockMarket says so).
	Stocks *StocksConfig

	// EventLog, if not nil, receives one line per delivered event, exec and
	// kill (see docs/simulator.md for the format).
	EventLog io.Writer
}

// PlayerConfig is the player at the start of a simulation.
type PlayerConfig struct {
	// Hacking is the starting hacking level, or Exp the starting hacking
	// exp; set at most one of them. Both zero means level 1 and no exp.
	Hacking int
	Exp     float64

	Intelligence int

	// Mults are the player's hacking multipliers; the zero value means the
	// defaults (all 1).
	Mults game.Multipliers

	Money    float64
	Programs []world.Program // port openers owned
	TOR      bool            // the TOR router is owned
	// SourceFile4 is the player's Source-File 4 level (0 to 3), which opens
	// the Singularity API (as BitNode 4 does): the spender then buys home
	// upgrades and programs itself.
	SourceFile4 int
	// SourceFile9 is the player's Source-File 9 level (0 to 3). With it (as
	// in BitNode 9) hacknet servers, which make hashes, replace hacknet
	// nodes.
	SourceFile9 int

	// FreezeExp keeps the exp and level fixed (for benchmarks).
	FreezeExp bool
}

// HomeConfig is the player's home computer.
type HomeConfig struct {
	RAM   game.RAM // 0 means 8 GB
	Cores int      // 0 means 1
}

// ServerConfig is one server of an explicit network: its state at the
// start and its neighbours. RAMUsed is RAM that scripts other than bbctl's
// hold (the player's own, read by a snapshot): the world starts with one
// idle process of HeldScript holding it, which runs until killed.
type ServerConfig struct {
	game.Server
	Links []string
}

// PurchasedConfig asks for Count purchased servers of RAM each.
type PurchasedConfig struct {
	RAM   game.RAM
	Count int
}

// Faults injects the trouble a real game has.
type Faults struct {
	// ExecJitter adds a latency drawn uniformly from [0, ExecJitter] ms to
	// every worker's launch, on top of Config.LaunchLatency.
	ExecJitter world.Time

	// ExecPerProcess adds this many ms of launch latency per process
	// running at the exec: a busy browser tab starts scripts later the
	// more it runs.
	ExecPerProcess float64

	// TimerLate makes every operation's timer fire late by a delay drawn
	// uniformly from [0, TimerLate] ms, as a busy tab's timers do: the
	// operation lands that much after its planned time.
	TimerLate world.Time

	// KillsPerHour kills running worker processes at random, as a Poisson
	// process with this rate per game hour.
	KillsPerHour float64
}

// Clock is a wall clock that the simulator paces itself against when
// Config.Speed > 0. Tests inject a fake one.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, whichever comes first, and
	// returns ctx's error in the second case.
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Limits of Config values that the game itself bounds.
const (
	maxHomeRAM     game.RAM = (1 << 30) * game.GiB
	maxHomeCores            = 8
	maxServerCores          = 128     // far above any server's (3.x rolls at most the network's depth)
	maxLevel                = 1 << 20 // far above any reachable hacking level
	minScriptRAM   game.RAM = 160     // 1.6 GB, the base cost of a script
	maxScriptRAM   game.RAM = 1024 * game.GiB
	maxLatency              = world.Time(24 * 3600 * 1000) // one day
	maxPurchasedGB          = 1 << 20
)

// withDefaults returns c with its zero values replaced by the defaults and
// checks every field. Errors name the field and the bad value.
func (c Config) withDefaults() (Config, error) {
	if c.BitNode == 0 {
		c.BitNode = 1
	}
	if c.BitNodeLevel == 0 {
		c.BitNodeLevel = 1
	}
	if c.Version == "" {
		c.Version = game.V3.String()
	}
	if _, err := game.ParseVersion(c.Version); err != nil {
		return c, fmt.Errorf("sim config: Version: %w", err)
	}
	if c.Home.RAM == 0 && c.Network == nil {
		c.Home.RAM = 8 * game.GiB
	}
	if c.Home.RAM < 0 || c.Home.RAM > maxHomeRAM {
		return c, fmt.Errorf("sim config: Home.RAM %v is outside [0, 2^30 GB]", c.Home.RAM)
	}
	if c.Home.Cores == 0 && c.Network == nil {
		c.Home.Cores = 1
	}
	if c.Home.Cores != 0 && c.Home.Cores < 1 || c.Home.Cores > maxHomeCores {
		return c, fmt.Errorf("sim config: Home.Cores %d is outside [1, %d]", c.Home.Cores, maxHomeCores)
	}
	if c.PortCapacity == 0 {
		c.PortCapacity = DefaultPortCapacity
	}
	if c.PortCapacity < 1 {
		return c, fmt.Errorf("sim config: PortCapacity %d must be positive", c.PortCapacity)
	}
	if c.LaunchLatency < 0 || c.LaunchLatency > maxLatency {
		return c, fmt.Errorf("sim config: LaunchLatency %d ms is outside [0, %d]", c.LaunchLatency, maxLatency)
	}
	if c.Faults.ExecJitter < 0 || c.Faults.ExecJitter > maxLatency {
		return c, fmt.Errorf("sim config: Faults.ExecJitter %d ms is outside [0, %d]", c.Faults.ExecJitter, maxLatency)
	}
	if !finite(c.Faults.ExecPerProcess) || c.Faults.ExecPerProcess < 0 || c.Faults.ExecPerProcess > 1000 {
		return c, fmt.Errorf("sim config: Faults.ExecPerProcess %v ms is outside [0, 1000]", c.Faults.ExecPerProcess)
	}
	if c.Faults.TimerLate < 0 || c.Faults.TimerLate > maxLatency {
		return c, fmt.Errorf("sim config: Faults.TimerLate %d ms is outside [0, %d]", c.Faults.TimerLate, maxLatency)
	}
	if !finite(c.ContractsPerHour) || c.ContractsPerHour < 0 || c.ContractsPerHour > 3.6e6 {
		return c, fmt.Errorf("sim config: ContractsPerHour %v is not a rate in [0, 3.6e6]", c.ContractsPerHour)
	}
	if !finite(c.Faults.KillsPerHour) || c.Faults.KillsPerHour < 0 || c.Faults.KillsPerHour > 3.6e9 {
		return c, fmt.Errorf("sim config: Faults.KillsPerHour %v is not a rate in [0, 3.6e9]", c.Faults.KillsPerHour)
	}
	if !finite(c.Speed) || c.Speed < 0 {
		return c, fmt.Errorf("sim config: Speed %v is not a non-negative number", c.Speed)
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
	if err := c.Player.check(); err != nil {
		return c, err
	}
	if c.Player.Mults == (game.Multipliers{}) {
		c.Player.Mults = game.DefaultMultipliers()
	}
	for i, p := range c.Purchased {
		gb := p.RAM / game.GiB
		if p.RAM%game.GiB != 0 || gb < 1 || gb > maxPurchasedGB || gb&(gb-1) != 0 {
			return c, fmt.Errorf("sim config: Purchased[%d].RAM %v is not a power of two from 1 GB to 2^20 GB", i, p.RAM)
		}
		if p.Count < 0 {
			return c, fmt.Errorf("sim config: Purchased[%d].Count %d is negative", i, p.Count)
		}
	}
	if err := checkNetwork(c.Network); err != nil {
		return c, err
	}
	return c, nil
}

// checkNetwork checks an explicit network: unique names, home present,
// links to listed servers, sane numbers.
func checkNetwork(net []ServerConfig) error {
	if net == nil {
		return nil
	}
	names := make(map[string]bool, len(net))
	for i, s := range net {
		if s.Hostname == "" {
			return fmt.Errorf("sim config: Network[%d] has no hostname", i)
		}
		if names[s.Hostname] {
			return fmt.Errorf("sim config: Network[%d]: %q listed twice", i, s.Hostname)
		}
		names[s.Hostname] = true
	}
	if !names[game.HomeHostname] {
		return fmt.Errorf("sim config: Network has no %q", game.HomeHostname)
	}
	for i, s := range net {
		for _, l := range s.Links {
			if !names[l] || l == s.Hostname {
				return fmt.Errorf("sim config: Network[%d] (%s) links to %q, not another listed server", i, s.Hostname, l)
			}
		}
		switch {
		case s.RAMUsed < 0 || s.RAMUsed > s.MaxRAM:
			return fmt.Errorf("sim config: Network[%d] (%s): RAMUsed %v is outside [0, MaxRAM %v]", i, s.Hostname, s.RAMUsed, s.MaxRAM)
		case s.RAMUsed > 0 && !s.HasAdminRights:
			return fmt.Errorf("sim config: Network[%d] (%s): RAMUsed %v on a server without root", i, s.Hostname, s.RAMUsed)
		case s.MaxRAM < 0 || s.MaxRAM > maxHomeRAM:
			return fmt.Errorf("sim config: Network[%d] (%s): MaxRAM %v is outside [0, 2^30 GB]", i, s.Hostname, s.MaxRAM)
		case s.Cores < 1 || s.Cores > maxServerCores:
			return fmt.Errorf("sim config: Network[%d] (%s): Cores %d is outside [1, %d]", i, s.Hostname, s.Cores, maxServerCores)
		case s.RequiredHackingSkill < 0 || s.RequiredHackingSkill > maxLevel:
			return fmt.Errorf("sim config: Network[%d] (%s): RequiredHackingSkill %d is outside [0, %d]", i, s.Hostname, s.RequiredHackingSkill, maxLevel)
		case s.NumOpenPortsRequired < 0 || s.NumOpenPortsRequired > 5:
			return fmt.Errorf("sim config: Network[%d] (%s): NumOpenPortsRequired %d is outside [0, 5]", i, s.Hostname, s.NumOpenPortsRequired)
		}
		for _, f := range []struct {
			name string
			v    float64
		}{
			{"MoneyAvailable", s.MoneyAvailable}, {"MoneyMax", s.MoneyMax}, {"HackDifficulty", s.HackDifficulty},
			{"MinDifficulty", s.MinDifficulty}, {"BaseDifficulty", s.BaseDifficulty}, {"ServerGrowth", s.ServerGrowth},
		} {
			if !finite(f.v) || f.v < 0 {
				return fmt.Errorf("sim config: Network[%d] (%s): %s %v is not a non-negative number", i, s.Hostname, f.name, f.v)
			}
		}
	}
	return nil
}

func (p PlayerConfig) check() error {
	if p.Hacking < 0 || p.Hacking > maxLevel {
		return fmt.Errorf("sim config: Player.Hacking %d is outside [0, %d]", p.Hacking, maxLevel)
	}
	if !finite(p.Exp) || p.Exp < 0 {
		return fmt.Errorf("sim config: Player.Exp %v is not a non-negative number", p.Exp)
	}
	if p.Hacking != 0 && p.Exp != 0 {
		return fmt.Errorf("sim config: set Player.Hacking (%d) or Player.Exp (%v), not both", p.Hacking, p.Exp)
	}
	if p.Intelligence < 0 || p.Intelligence > maxLevel {
		return fmt.Errorf("sim config: Player.Intelligence %d is outside [0, %d]", p.Intelligence, maxLevel)
	}
	if !finite(p.Money) || p.Money < 0 {
		return fmt.Errorf("sim config: Player.Money %v is not a non-negative number", p.Money)
	}
	if p.Mults != (game.Multipliers{}) {
		m := p.Mults
		for _, f := range []struct {
			name string
			v    float64
		}{
			{"Hacking", m.Hacking}, {"HackingChance", m.HackingChance}, {"HackingMoney", m.HackingMoney},
			{"HackingSpeed", m.HackingSpeed}, {"HackingExp", m.HackingExp}, {"HackingGrow", m.HackingGrow},
		} {
			if !finite(f.v) || f.v <= 0 {
				return fmt.Errorf("sim config: Player.Mults.%s %v is not a positive number (leave all Mults zero for the defaults)", f.name, f.v)
			}
		}
	}
	if p.SourceFile4 < 0 || p.SourceFile4 > 3 {
		return fmt.Errorf("sim config: Player.SourceFile4 %d: want a Source-File level from 0 to 3", p.SourceFile4)
	}
	if p.SourceFile9 < 0 || p.SourceFile9 > 3 {
		return fmt.Errorf("sim config: Player.SourceFile9 %d: want a Source-File level from 0 to 3", p.SourceFile9)
	}
	for i, prog := range p.Programs {
		if _, err := prog.MarshalText(); err != nil {
			return fmt.Errorf("sim config: Player.Programs[%d]: %w", i, err)
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
