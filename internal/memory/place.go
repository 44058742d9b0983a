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
// Ties are broken by host name, so placement is deterministic.

// groups returns the candidate workers of a in preference order, each group
// ordered by (free, host). The slices are scratch space valid until the next
// call.
func (l *Ledger) groups(a *alloc) [][]*worker {
	gs := l.groupBuf[:0]
	var homeG []*worker
	if l.homeW != nil {
		l.homeOne[0] = l.homeW
		homeG = l.homeOne[:]
	}
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
			gs = append(gs, l.pinOne[:])
		}
	case a.coreDep:
		gs = append(gs, homeG, l.others)
	case a.longRunning:
		ord, pur := l.ordBuf[:0], l.purBuf[:0]
		for _, w := range l.others {
			if w.purchased {
				pur = append(pur, w)
			} else {
				ord = append(ord, w)
			}
		}
		l.ordBuf, l.purBuf = ord, pur
		gs = append(gs, ord, pur, homeG)
	default:
		gs = append(gs, l.others, homeG)
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
		for _, g := range gs {
			if i := firstFree(g, need); i < len(g) {
				picks = append(picks, pick{g[i], n})
				return picks, true
			}
		}
		if least < n {
			var best *worker
			for _, g := range gs {
				if len(g) > 0 && (best == nil || g[len(g)-1].free() > best.free()) {
					best = g[len(g)-1]
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
	for _, g := range gs {
		if rem == 0 {
			break
		}
		if a.longRunning {
			for i := firstFree(g, c); i < len(g) && rem > 0; i++ {
				k := min(rem, int(g[i].free()/c))
				picks = append(picks, pick{g[i], k})
				rem -= k
			}
			continue
		}
		top := len(g)
		for rem > 0 && top > 0 {
			if i := firstFree(g[:top], game.RAM(rem)*c); i < top {
				picks = append(picks, pick{g[i], rem})
				rem = 0
				break
			}
			w := g[top-1]
			k := int(w.free() / c)
			if k == 0 {
				break
			}
			picks = append(picks, pick{w, k})
			rem -= k
			top--
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
	for _, g := range gs {
		for _, w := range g {
			fit += int(w.free() / a.size)
			if most == nil || w.free() > most.free() {
				most = w
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
	if n := len(l.others); n > 0 {
		m = l.others[n-1].free()
	}
	if l.homeW != nil {
		m = max(m, l.homeW.free())
	}
	return m
}
