package memory

import (
	"cmp"
	"fmt"
	"slices"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// Snapshot is the whole ledger as plain data. RAM figures are in hundredths
// of a GB, as everywhere in bbctl.
type Snapshot struct {
	Workers     []WorkerState `json:"workers"`     // by host name
	Allocations []AllocState  `json:"allocations"` // by ID, waiting requests included
}

// WorkerState is one worker's RAM. Free is what new chunks may take:
// Total − SetAside − Reserved − Allocated, or 0. Excess is how far
// SetAside + Reserved + Allocated exceed Total (a worker that lost RAM, or
// whose reserved RAM grew under booked chunks), or 0.
type WorkerState struct {
	Host      string   `json:"host"`
	Home      bool     `json:"home,omitempty"`
	Purchased bool     `json:"purchased,omitempty"`
	Cores     int      `json:"cores"`
	Total     game.RAM `json:"total"`
	SetAside  game.RAM `json:"set_aside"`
	Reserved  game.RAM `json:"reserved"`
	Allocated game.RAM `json:"allocated"`
	Free      game.RAM `json:"free"`
	Excess    game.RAM `json:"excess,omitempty"`
}

// AllocState is one allocation or waiting request.
type AllocState struct {
	ID        ID       `json:"id"`
	Owner     Owner    `json:"owner"`
	Label     string   `json:"label,omitempty"`
	ChunkSize game.RAM `json:"chunk_size"`
	Want      int      `json:"want"`  // chunks requested
	Count     int      `json:"count"` // chunks held

	Contiguous    bool   `json:"contiguous,omitempty"`
	CoreDependent bool   `json:"core_dependent,omitempty"`
	LongRunning   bool   `json:"long_running,omitempty"`
	Shrinkable    bool   `json:"shrinkable,omitempty"`
	Growable      bool   `json:"growable,omitempty"`
	Host          string `json:"host,omitempty"` // pinned host

	Chunks []ChunkState `json:"chunks"` // by host name
	Claims []Claim      `json:"claims"` // by host, then pid

	Pending   bool       `json:"pending,omitempty"`
	Priority  int        `json:"priority,omitempty"`
	Deadline  world.Time `json:"deadline,omitempty"`
	Reason    string     `json:"reason,omitempty"` // why a waiting request waits
	Released  bool       `json:"released,omitempty"`
	OwnerDead bool       `json:"owner_dead,omitempty"` // ends with its last claim
}

// ChunkState is an allocation's chunks on one host.
type ChunkState struct {
	Host    string `json:"host"`
	N       int    `json:"n"`
	Claimed int    `json:"claimed"`
}

func (w *worker) state() WorkerState {
	return WorkerState{
		Host: w.host, Home: w.home, Purchased: w.purchased, Cores: w.cores,
		Total: w.total, SetAside: w.setAside, Reserved: w.reserved, Allocated: w.allocated,
		Free: w.free(), Excess: w.excess(),
	}
}

// allocState returns a's state. Its chunk and claim lists are cut from
// *chunks and *claims when those have room (Snapshot allocates them once).
func (l *Ledger) allocState(a *alloc, chunks *[]ChunkState, claims *[]Claim) AllocState {
	s := AllocState{
		ID: a.id, Owner: a.owner, Label: a.label, ChunkSize: a.size, Want: a.want, Count: a.count,
		Contiguous: a.contiguous, CoreDependent: a.coreDep, LongRunning: a.longRunning,
		Shrinkable: a.shrinkable, Growable: a.growable, Host: a.host,
		Chunks: take(chunks, len(a.chunks)), Claims: take(claims, len(a.claims)),
		Pending: a.pending, Released: a.released, OwnerDead: a.ownerDead,
	}
	if a.pending {
		s.Priority, s.Deadline = a.priority, a.deadline
		s.Reason = l.waitReason(a).Error()
	}
	for i, hc := range a.chunks {
		s.Chunks[i] = ChunkState{hc.w.host, hc.n, hc.claimed}
	}
	if len(s.Chunks) > 1 {
		slices.SortFunc(s.Chunks, func(x, y ChunkState) int { return cmp.Compare(x.Host, y.Host) })
	}
	for i, c := range a.claims {
		s.Claims[i] = c.public()
	}
	if len(s.Claims) > 1 {
		slices.SortFunc(s.Claims, func(x, y Claim) int {
			return cmp.Or(cmp.Compare(x.Host, y.Host), cmp.Compare(x.PID, y.PID))
		})
	}
	return s
}

// take cuts the first n elements off *buf, or allocates them when *buf is
// too short.
func take[T any](buf *[]T, n int) []T {
	if buf == nil || len(*buf) < n {
		return make([]T, n)
	}
	s := (*buf)[:n:n]
	*buf = (*buf)[n:]
	return s
}

// Snapshot returns the state of every worker and allocation.
func (l *Ledger) Snapshot() Snapshot {
	as := l.sortedAllocs()
	nc, nl := 0, 0
	for _, a := range as {
		nc += len(a.chunks)
		nl += len(a.claims)
	}
	chunks, claims := make([]ChunkState, nc), make([]Claim, nl)
	s := Snapshot{Workers: l.Workers(), Allocations: make([]AllocState, len(as))}
	for i, a := range as {
		s.Allocations[i] = l.allocState(a, &chunks, &claims)
	}
	return s
}

// Worker returns the state of the worker host.
func (l *Ledger) Worker(host string) (WorkerState, bool) {
	w := l.workers[host]
	if w == nil {
		return WorkerState{}, false
	}
	return w.state(), true
}

// Allocation returns the state of allocation id.
func (l *Ledger) Allocation(id ID) (AllocState, bool) {
	a := l.allocs.get(id)
	if a == nil {
		return AllocState{}, false
	}
	return l.allocState(a, nil, nil), true
}

// FreeRAM returns the free RAM over all workers.
func (l *Ledger) FreeRAM() game.RAM {
	var f game.RAM
	for _, w := range l.workers {
		f += w.free()
	}
	return f
}

// Fit says how many chunks of size fit in free RAM, in total and per worker
// (by host name, workers where none fits left out): "how many 1.75 GB
// threads fit, and where".
func (l *Ledger) Fit(size game.RAM) (int, []Chunks, error) {
	if size <= 0 || size > maxRAM {
		return 0, nil, fmt.Errorf("fit: %w: chunk size %d must be positive", ErrBadRequest, size)
	}
	var where []Chunks
	total := 0
	for _, w := range l.byName {
		if n := int(w.free() / size); n > 0 {
			where = append(where, Chunks{w.host, n})
			total += n
		}
	}
	return total, where, nil
}

// Waiting returns how many requests wait for RAM.
func (l *Ledger) Waiting() int { return len(l.pending) }

// Workers returns the state of every worker, by host name. It is cheaper
// than Snapshot when the allocations are not needed.
func (l *Ledger) Workers() []WorkerState {
	ws := make([]WorkerState, len(l.byName))
	for i, w := range l.byName {
		ws[i] = w.state()
	}
	return ws
}

// BestFit returns the worker with the least free RAM of at least size among
// those whose name ok accepts (ties: the first name), and true; "" and
// false when none has room. It searches the workers in order of free RAM,
// so it reads few of them where a scan by name would read all: the
// controller places every worker with it.
func (l *Ledger) BestFit(size game.RAM, ok func(host string) bool) (string, bool) {
	var best *worker
	for _, part := range l.idx {
		for j := firstFree(part, size); j < len(part); j++ {
			if ok(part[j].host) {
				if best == nil || less(part[j], best) {
					best = part[j]
				}
				break
			}
		}
	}
	if h := l.homeW; h != nil && h.free() >= size && ok(h.host) && (best == nil || less(h, best)) {
		best = h
	}
	if best == nil {
		return "", false
	}
	return best.host, true
}

// LargestFree returns the worker with the most free RAM (ties: home, then
// the last name in order) and that RAM, in constant time; "" and 0 when
// there is no worker.
func (l *Ledger) LargestFree() (string, game.RAM) {
	others := group{parts: l.idx, n: 2}
	best := others.max()
	if l.homeW != nil && (best == nil || l.homeW.free() >= best.free()) {
		best = l.homeW
	}
	if best == nil {
		return "", 0
	}
	return best.host, best.free()
}
