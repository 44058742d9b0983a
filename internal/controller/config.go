package controller

import (
	"fmt"
	"math"

	"bbctl/internal/memory"
	"bbctl/internal/world"
)

// Config tunes a Controller. The zero value of a field means its default.
type Config struct {
	// SpacingMS is the least time between two landings on one target
	// (default 20 ms).
	SpacingMS float64
	// MaxProcesses bounds the processes bbctl runs at once (default
	// 40000: past ~50k the game's browser tab freezes).
	MaxProcesses int
	// Memory configures the RAM ledger (set-aside RAM).
	Memory memory.Config
	// RefreshMS is how often the world is read: player, servers, reserved
	// RAM (default 1000 ms).
	RefreshMS world.Time
	// ReplanMS is the least time between two plans when nothing but the
	// hacking level changed (default 10 s).
	ReplanMS world.Time
	// CapacityFactor is the share of the free RAM and processes the plan
	// may fill; the rest absorbs fragmentation (default 0.97).
	CapacityFactor float64
	// PlanStep is the geometric step of the hack-thread grid the planner
	// searches (default 1.02; see hacking.Options).
	PlanStep float64
	// MoneyTolerance: a target below (1 − MoneyTolerance) × max money
	// needs sowing (default 0.001).
	MoneyTolerance float64
	// SecurityTolerance: a target above min + SecurityTolerance needs
	// tilling (default 1e-6).
	SecurityTolerance float64
	// Strategy picks the planner and batcher (default BbctlStrategy).
	Strategy Strategy
	// NoContracts turns the coding-contracts service off.
	NoContracts bool
	// Stocks configures the stock trader (off by default).
	Stocks StocksConfig
	// LaunchDelayMS is the launch latency (exec to the worker's call) to
	// allow for until a larger one is measured (default 10 ms).
	LaunchDelayMS world.Time
	// HorizonMS is how far ahead the horizon plan counts money when it
	// chooses what earns while the steady plan's targets are prepared
	// (default one hour).
	HorizonMS world.Time
}

func (c Config) withDefaults() (Config, error) {
	if c.SpacingMS == 0 {
		c.SpacingMS = 20
	}
	if c.MaxProcesses == 0 {
		c.MaxProcesses = 40000
	}
	if c.RefreshMS == 0 {
		c.RefreshMS = 1000
	}
	if c.ReplanMS == 0 {
		c.ReplanMS = 10000
	}
	if c.CapacityFactor == 0 {
		c.CapacityFactor = 0.97
	}
	if c.PlanStep == 0 {
		c.PlanStep = 1.02
	}
	if c.MoneyTolerance == 0 {
		c.MoneyTolerance = 0.001
	}
	if c.LaunchDelayMS == 0 {
		c.LaunchDelayMS = 10
	}
	if c.HorizonMS == 0 {
		c.HorizonMS = 3600 * 1000
	}
	if c.SecurityTolerance == 0 {
		c.SecurityTolerance = 1e-6
	}
	switch {
	case bad(c.SpacingMS) || c.SpacingMS < 1:
		return c, fmt.Errorf("controller: spacing %v ms, want ≥ 1", c.SpacingMS)
	case c.MaxProcesses < 4:
		return c, fmt.Errorf("controller: max processes %d, want ≥ 4", c.MaxProcesses)
	case c.LaunchDelayMS < 0 || c.LaunchDelayMS > maxLaunchDelay:
		return c, fmt.Errorf("controller: launch delay %d ms, want 0..%d", c.LaunchDelayMS, maxLaunchDelay)
	case c.HorizonMS < 1:
		return c, fmt.Errorf("controller: horizon %d ms, want ≥ 1", c.HorizonMS)
	case c.RefreshMS < 1 || c.ReplanMS < 1:
		return c, fmt.Errorf("controller: refresh %d ms and replan %d ms must be ≥ 1", c.RefreshMS, c.ReplanMS)
	case bad(c.CapacityFactor) || c.CapacityFactor <= 0 || c.CapacityFactor > 1:
		return c, fmt.Errorf("controller: capacity factor %v, want (0, 1]", c.CapacityFactor)
	case bad(c.PlanStep) || c.PlanStep < 1:
		return c, fmt.Errorf("controller: plan step %v, want ≥ 1", c.PlanStep)
	case bad(c.MoneyTolerance) || c.MoneyTolerance < 0 || c.MoneyTolerance >= 1:
		return c, fmt.Errorf("controller: money tolerance %v, want [0, 1)", c.MoneyTolerance)
	case c.Strategy > SeedStrategy:
		return c, fmt.Errorf("controller: unknown strategy %d", c.Strategy)
	case bad(c.SecurityTolerance) || c.SecurityTolerance < 0:
		return c, fmt.Errorf("controller: security tolerance %v, want ≥ 0", c.SecurityTolerance)
	}
	return c, nil
}

func bad(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
