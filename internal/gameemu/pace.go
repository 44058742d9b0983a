package gameemu

import (
	"sync"
	"time"

	"bbctl/internal/world"
)

// defaultPaceSlack is how far, in game ms, a paced clock may move while
// its driver works: about what one exec round trip takes in a real
// browser tab, so a driver on a free core never waits for it.
const defaultPaceSlack world.Time = 20

// maxPumpWall is the most wall time one pump of a paced clock counts,
// however long the page's goroutine waited for its turn: a process
// starved of CPU slows the game rather than skipping it ahead.
const maxPumpWall = 2 * time.Millisecond

// maxHold bounds how long a paced clock waits for its driver, in wall
// time, once it has reached where the driver lets it go (pace slack past
// where it began to work, or the time it waits until), so that a driver
// blocked on something that itself needs game time to pass cannot stall
// the game for good.
const maxHold = 2 * time.Second

// pacer is the state of a paced clock: whether the driver works, and
// since when, or until when it waits.
type pacer struct {
	slack world.Time

	mu      sync.Mutex
	working bool
	from    world.Time // the game time the driver began working at
	until   world.Time // the game time a waiting driver wakes at (0: none)
	held    time.Time  // the wall time the clock reached its limit (zero: not yet)
}

// clamp returns the game time the clock may reach at wall time now when
// the pumps alone would take it to at: no further than pace slack past
// where a working driver began, or than the time a waiting driver wakes
// at, for at most maxHold after it got there.
func (p *pacer) clamp(now time.Time, at float64) float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	limit := p.until
	if p.working {
		limit = p.from + p.slack
	}
	if limit <= 0 || at <= float64(limit) {
		return at
	}
	if p.held.IsZero() {
		p.held = now
	}
	if now.Sub(p.held) > maxHold {
		return at // let go
	}
	return float64(limit)
}

// Waiting tells a paced game that its driver waits for the game's next
// event or until game time until, when it wakes to work: the clock runs
// freely up to until and holds there until the driver works, so that a
// driver woken late by a busy machine does not find the game run on
// without it. until 0 lets the clock run freely (no driver). Games that
// are not paced ignore it.
func (g *Game) Waiting(until world.Time) {
	if p := g.pacer(); p != nil {
		p.mu.Lock()
		p.working, p.until, p.held = false, until, time.Time{}
		p.mu.Unlock()
	}
}

// Working tells a paced game that its driver works on what the game sent:
// the clock moves at most the pace slack past its time now until the
// driver waits again. Games that are not paced ignore it.
func (g *Game) Working() {
	if p := g.pacer(); p != nil {
		p.mu.Lock()
		if !p.working {
			p.working, p.from, p.until, p.held = true, g.Now(), 0, time.Time{}
		}
		p.mu.Unlock()
	}
}

func (g *Game) pacer() *pacer {
	if g.sim == nil {
		return nil
	}
	return g.sim.pace
}
