package memory

import (
	"fmt"

	"bbctl/internal/game"
)

// pick is part of a placement: n chunks on w.
type pick struct {
	w *worker
	n int
}

// Placement order (docs/memory.md, "Placement"):
//
//   - pinned (Request.Host): that worker only;
//   - core-dependent: home, then the other workers;
//   - long-running: ordinary (not purchased) workers, then purchased ones,
//     then home, each from the smallest free RAM up;
//   - otherwise: the other workers, then home.
//
// Within a group, a request that fits on one worker goes to the worker with
// the least free RAM that holds it all (best fit); otherwise the worker with
// the most free RAM takes all it can, and the rest is placed the same way.
// Long-running requests fill workers from the smallest free RAM up instead.
// Ties are broken by host name (best fit takes the first name, "most free"
// the last), so placement is deterministic.

// group is a set of candidate workers: one or two class indexes, read as
// one list ordered by (free, host).
type group struct {
	parts [2][]*worker
	n     int // parts in use
}

// tops returns the length of each part: the bounds of what is still
// untaken when a placement takes workers from the top down.
func (g *group) tops() [2]int { return [2]int{len(g.parts[0]), len(g.parts[1])} }

// bestFit returns the worker with the least free RAM of at least r among
// the untaken workers (parts[i][:top[i]]), or nil.
func (g *group) bestFit(r game.RAM, top [2]int) *worker {
	var best *worker
	for i := range g.n {
		p := g.parts[i][:top[i]]
		if j := firstFree(p, r); j < len(p) && (best == nil || less(p[j], best)) {
			best = p[j]
		}
	}
	return best
}

// largest returns the part whose untaken top worker has the most free RAM,
// or -1 when every part is taken.
func (g *group) largest(top [2]int) int {
	best := -1
	for i := range g.n {
		if top[i] > 0 && (best < 0 || less(g.parts[best][top[best]-1], g.parts[i][top[i]-1])) {
			best = i
		}
	}
	return best
}

// max returns the worker of g with the most free RAM, or nil.
func (g *group) max() *worker {
	top := g.tops()
	if i := g.largest(top); i >= 0 {
		return g.parts[i][top[i]-1]
	}
	return nil
}

func single(ws []*worker) group { return group{parts: [2][]*worker{ws}, n: 1} }

// groups returns the candidate workers of a in preference order. The result
// is scratch space valid until the next call.
func (l *Ledger) groups(a *alloc) []group {
	gs := l.groupBuf[:0]
	var homeG group
	if l.homeW != nil {
		l.homeOne[0] = l.homeW
		homeG = single(l.homeOne[:])
	}
	others := group{parts: l.idx, n: 2}
	switch {
	case a.host != "" || a.contiguous && a.count > 0:
		var w *worker
		if a.host == "" {
			w = a.chunks[0].w
		} else {
			if a.pin == nil || a.pin.gone {
				a.pin = l.workers[a.host]
			}
			w = a.pin
		}
		if w != nil {
			l.pinOne[0] = w
			gs = append(gs, single(l.pinOne[:]))
		}
	case a.coreDep:
		gs = append(gs, homeG, others)
	case a.longRunning:
		gs = append(gs, single(l.idx[0]), single(l.idx[1]), homeG)
	default:
		gs = append(gs, others, homeG)
	}
	l.groupBuf = gs
	return gs
}

// plan finds room for n chunks of a (at least least of them) without
// changing anything; ok is false when there is none (whyNot says why). The
// result is scratch space valid until the next call.
func (l *Ledger) plan(a *alloc, n, least int) (picks []pick, ok bool) {
	c := a.size
	if l.maxFree() < c {
		return nil, false
	}
	gs := l.groups(a)
	picks = l.pickBuf[:0]
	defer func() { l.pickBuf = picks[:0] }()
	if a.contiguous {
		need := game.RAM(n) * c
		for i := range gs {
			if w := gs[i].bestFit(need, gs[i].tops()); w != nil {
				picks = append(picks, pick{w, n})
				return picks, true
			}
		}
		if least < n {
			var best *worker
			for i := range gs {
				if w := gs[i].max(); w != nil && (best == nil || w.free() > best.free()) {
					best = w
				}
			}
			if best != nil {
				if k := int(best.free() / c); k >= least {
					picks = append(picks, pick{best, k})
					return picks, true
				}
			}
		}
		return nil, false
	}
	rem := n
	for gi := range gs {
		g := &gs[gi]
		if rem == 0 {
			break
		}
		if a.longRunning {
			// Long-running groups have one part each: fill from the
			// smallest free RAM up.
			for pi := range g.n {
				p := g.parts[pi]
				for i := firstFree(p, c); i < len(p) && rem > 0; i++ {
					k := min(rem, int(p[i].free()/c))
					picks = append(picks, pick{p[i], k})
					rem -= k
				}
			}
			continue
		}
		top := g.tops()
		for rem > 0 {
			if w := g.bestFit(game.RAM(rem)*c, top); w != nil {
				picks = append(picks, pick{w, rem})
				rem = 0
				break
			}
			i := g.largest(top)
			if i < 0 {
				break
			}
			w := g.parts[i][top[i]-1]
			k := int(w.free() / c)
			if k == 0 {
				break
			}
			picks = append(picks, pick{w, k})
			rem -= k
			top[i]--
		}
	}
	if n-rem < least || n-rem == 0 {
		return nil, false
	}
	return picks, true
}

// whyNot explains why n chunks of a do not fit.
func (l *Ledger) whyNot(a *alloc, n int) error {
	gs := l.groups(a)
	var most *worker
	fit := 0
	for gi := range gs {
		for _, p := range gs[gi].parts[:gs[gi].n] {
			for _, w := range p {
				fit += int(w.free() / a.size)
				if most == nil || w.free() > most.free() {
					most = w
				}
			}
		}
	}
	where := "no eligible worker"
	if most != nil {
		where = fmt.Sprintf("most free: %v on %s", most.free(), most.host)
	}
	switch {
	case most == nil || most.free() < a.size:
		return fmt.Errorf("%w: chunk of %v, %s", ErrChunkTooLarge, a.size, where)
	case a.contiguous:
		return fmt.Errorf("%w: %d×%v = %v needed on one worker, %s", ErrNoContiguous, n, a.size, game.RAM(n)*a.size, where)
	default:
		return fmt.Errorf("%w: %d×%v needed, %d chunks fit", ErrNotEnoughRAM, n, a.size, fit)
	}
}

// maxFree returns the most free RAM on any worker.
func (l *Ledger) maxFree() game.RAM {
	var m game.RAM
	for _, o := range l.idx {
		if n := len(o); n > 0 {
			m = max(m, o[n-1].free())
		}
	}
	if l.homeW != nil {
		m = max(m, l.homeW.free())
	}
	return m
}
