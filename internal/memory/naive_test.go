package memory

import (
	"cmp"
	"slices"

	"bbctl/internal/game"
)

// naivePlace is a reference implementation of the documented placement
// policy (docs/memory.md, "Placement") that indexes nothing: it sorts the
// workers afresh for every request. The property test checks that the
// ledger's indexed placement gives exactly the same chunks.
func naivePlace(l *Ledger, r Request) ([]Chunks, bool) {
	c, n := r.ChunkSize, r.NumChunks
	least := n
	if r.Shrinkable || r.Growable {
		least = 1
	}
	sorted := func(keep func(*worker) bool) []*worker {
		var ws []*worker
		for _, w := range l.workers {
			if keep(w) {
				ws = append(ws, w)
			}
		}
		slices.SortFunc(ws, func(a, b *worker) int {
			return cmp.Or(cmp.Compare(a.free(), b.free()), cmp.Compare(a.host, b.host))
		})
		return ws
	}
	home := sorted(func(w *worker) bool { return w.home })
	others := sorted(func(w *worker) bool { return !w.home })
	var groups [][]*worker
	switch {
	case r.Host != "":
		groups = [][]*worker{sorted(func(w *worker) bool { return w.host == r.Host })}
	case r.CoreDependent:
		groups = [][]*worker{home, others}
	case r.LongRunning:
		groups = [][]*worker{
			sorted(func(w *worker) bool { return !w.home && !w.purchased }),
			sorted(func(w *worker) bool { return !w.home && w.purchased }),
			home,
		}
	default:
		groups = [][]*worker{others, home}
	}
	if r.Contiguous {
		for _, g := range groups {
			for _, w := range g {
				if w.free() >= game.RAM(n)*c {
					return []Chunks{{w.host, n}}, true
				}
			}
		}
		if least < n {
			// The most free RAM: within a group the last in (free, name)
			// order, across groups the earlier group unless a later one
			// has strictly more.
			var best *worker
			for _, g := range groups {
				if len(g) == 0 {
					continue
				}
				if w := g[len(g)-1]; best == nil || w.free() > best.free() {
					best = w
				}
			}
			if best != nil && int(best.free()/c) >= least {
				return []Chunks{{best.host, int(best.free() / c)}}, true
			}
		}
		return nil, false
	}
	var out []Chunks
	rem := n
	for _, g := range groups {
		if r.LongRunning {
			for _, w := range g {
				if k := min(rem, int(w.free()/c)); k > 0 {
					out = append(out, Chunks{w.host, k})
					rem -= k
				}
			}
			continue
		}
		avail := slices.Clone(g)
		for rem > 0 && len(avail) > 0 {
			i := slices.IndexFunc(avail, func(w *worker) bool { return w.free() >= game.RAM(rem)*c })
			if i >= 0 {
				out = append(out, Chunks{avail[i].host, rem})
				rem = 0
				break
			}
			w := avail[len(avail)-1]
			avail = avail[:len(avail)-1]
			k := int(w.free() / c)
			if k == 0 {
				break
			}
			out = append(out, Chunks{w.host, k})
			rem -= k
		}
	}
	if got := n - rem; got == 0 || got < least {
		return nil, false
	}
	return out, true
}
