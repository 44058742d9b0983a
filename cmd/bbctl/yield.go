package main

import (
	"context"
	"slices"
	"sync"

	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/memory"
	"bbctl/internal/simrun"
)

// backgroundYield works out the advice's simulated yield
// (simrun.AdviceYield) off the live loop, for the economy service's
// Config.Yield: the first ask for a farm and a change starts the
// simulation in a goroutine and answers "not yet"; once it is done, asks
// for the same farm and change get its answer. The simulation takes a
// second of CPU at most, during which the live controller keeps its pace.
type backgroundYield struct {
	sim func(context.Context, economy.Farm, economy.Change) (float64, bool, error)

	mu      sync.Mutex
	running bool
	done    map[yieldKey]yieldResult
}

// yieldKey is what a simulated yield depends on that changes in a game.
type yieldKey struct {
	level    int
	ram      game.RAM // bbctl's workers' (memory.IsWorker)
	programs int
	ch       economy.Change
}

type yieldResult struct {
	yield float64
	ok    bool
	err   error
}

// maxYields bounds the answers kept: a new level is a new farm.
const maxYields = 64

func newBackgroundYield() *backgroundYield {
	return &backgroundYield{sim: simrun.AdviceYield, done: map[yieldKey]yieldResult{}}
}

// yield is economy.Config.Yield.
func (b *backgroundYield) yield(ctx context.Context, f economy.Farm, ch economy.Change) (float64, bool, error) {
	k := yieldKey{level: f.Player.Hacking, programs: len(f.Player.Programs), ch: ch}
	for _, s := range f.Servers {
		if memory.IsWorker(s) {
			k.ram += s.MaxRAM
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if r, ok := b.done[k]; ok {
		if r.err != nil {
			delete(b.done, k) // said once; asked again, it is worked out again
		}
		return r.yield, r.ok, r.err
	}
	if b.running {
		return 0, false, nil
	}
	b.running = true
	f.Servers = slices.Clone(f.Servers)
	f.Player.Programs = slices.Clone(f.Player.Programs)
	go func() {
		y, ok, err := b.sim(ctx, f, ch)
		b.mu.Lock()
		defer b.mu.Unlock()
		b.running = false
		if ctx.Err() != nil {
			return
		}
		if len(b.done) >= maxYields {
			clear(b.done)
		}
		b.done[k] = yieldResult{y, ok, err}
	}()
	return 0, false, nil
}
