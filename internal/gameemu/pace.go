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

// maxHold bounds how long a paced clock waits for its driver in one
// working spell, in wall time, so that a driver blocked on something
// that itself needs game time to pass cannot stall the game for good.
const maxHold = 2 * time.Second

// pacer is the state of a paced clock: whether the driver works, and
// since when.
type pacer struct {
	slack world.Time

	mu      sync.Mutex
	working bool
	from    world.Time // the game time the driver began working at
	since   time.Time  // the wall time it began
}

// limit returns the game time the clock may reach at wall time now, and
// false when the driver is waiting (or has held the clock too long).
func (p *pacer) limit(now time.Time) (world.Time, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.working || now.Sub(p.since) > maxHold {
		return 0, false
	}
	return p.from + p.slack, true
}

// Waiting tells a paced game that its driver waits for the game's next
// event: the clock runs freely. Games that are not paced ignore it.
func (g *Game) Waiting() {
	if p := g.pacer(); p != nil {
		p.mu.Lock()
		p.working = false
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
			p.working, p.from, p.since = true, g.Now(), time.Now()
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
