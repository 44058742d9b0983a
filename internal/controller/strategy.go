package controller

import "bbctl/internal/world"

// Strategy chooses how the controller plans and batches.
type Strategy uint8

const (
	// BbctlStrategy plans with the income programme and launches each
	// operation just in time (the default).
	BbctlStrategy Strategy = iota
	// SeedStrategy reproduces the batching rules of the in-game system
	// bbctl grew from, as a baseline for benchmarks: landings 80 ms apart,
	// each batch owning a 320 ms window, ceil((weakenTime + 160 ms) /
	// 320 ms) batches in flight per target, each batch a whole chunk on one
	// server with every operation started at once, the largest hack share
	// up to 50 % whose full overlap fits in free RAM, a batch respawned
	// only when its last weaken ends, targets ranked by expected profit per
	// GB-second, at most 2 sow and 2 till tasks at a time, harvest first.
	SeedStrategy
)

// strategy is what differs between the schedulers a Controller can run:
// how targets are chosen and sized, and how their harvest batches are
// made. Everything else — discovery, the RAM ledger, preparation, launching,
// the reaction to reports and faults, recovery after a restart — is the
// controller's own and shared.
//
// bbctl's strategy (bbctl.go) is the core's: it only names the core's own
// methods. A baseline to measure it against (seed.go) implements the same
// five methods with its own rules and keeps its own state.
type strategy interface {
	// plan gives every target its place in the plan (planned, phase,
	// income) for the RAM bbctl has now. The workers are indexed.
	plan()
	// fill creates the harvest batches of t that are due now.
	fill(t *target)
	// wake returns when the strategy next needs to act on t if nothing
	// happens before (never: only an event makes work for it).
	wake(t *target) world.Time
	// mayPrepare reports whether t may start a round of preparation now
	// (the core checks that t needs and is ready for one).
	mayPrepare(t *target) bool
	// batchDone is told when a batch can no longer land anything.
	batchDone(b *batch)
}

// newStrategy returns the implementation of s for c.
func newStrategy(s Strategy, c *Controller) strategy {
	if s == SeedStrategy {
		return newSeed(c)
	}
	return bbctl{c}
}
