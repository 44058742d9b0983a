package controller

import (
	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/memory"
	"bbctl/internal/world"
)

// opState is where an operation is in its life.
type opState uint8

const (
	opPlanned   opState = iota // waiting for its launch time
	opLaunching                // exec requested, result pending
	opRunning                  // a process runs it
	opDone                     // it reported (or its process ended)
	opCancelled                // it will never run
)

// op is one operation of a batch: one worker process.
type op struct {
	b          *batch
	role       role
	threads    int
	cores      int        // cores its threads were sized for
	landAt     world.Time // planned landing
	callAt     world.Time // planned launch
	expected   float64    // duration passed to the worker, ms
	launchedAt world.Time
	level      int  // the hacking level its expected duration is for
	abort      bool // kill it as soon as it runs
	requeued   bool // a replacement for an op that died
	state      opState
	pid        int
	host       string
	alloc      memory.ID
	heapIdx    int      // position in the launch heap, -1 when not in it
	promised   game.RAM // RAM counted in Controller.pending while it waits in the heap
	seq        uint64
}

func (o *op) worker() world.Op {
	switch o.role {
	case roleHack:
		return world.OpHack
	case roleGrow:
		return world.OpGrow
	}
	return world.OpWeaken
}

// live reports whether the op may still land.
func (o *op) live() bool { return o.state != opDone && o.state != opCancelled }

// batch is a group of operations that land in order on one target: H, W1,
// G, W2 (harvest) or W1, G, W2 (prep). A weaken too large for one worker,
// or a harvest grow, runs as several processes (parts) that land together;
// a hack is always one process (place).
type batch struct {
	seq     uint64
	epoch   string
	kind    batchKind
	t       *target
	shape   hacking.Batch // planned threads (harvest)
	frac    float64       // planned share of the money the hack takes
	ops     []*op         // every part, in the order they were planned (add)
	adopted bool          // found running at start; may lack ops not yet launched then
	// lo and hi are the earliest and latest landing of ops (add keeps
	// them; an op's landing never changes once it is in a batch), read
	// in every search of a target's batches.
	lo, hi world.Time
}

// add appends ops to b's parts.
func (b *batch) add(ops ...*op) {
	for _, o := range ops {
		if len(b.ops) == 0 {
			b.lo, b.hi = o.landAt, o.landAt
		}
		b.lo, b.hi = min(b.lo, o.landAt), max(b.hi, o.landAt)
		b.ops = append(b.ops, o)
	}
}

func (b *batch) tag(r role) string {
	return tag{epoch: b.epoch, seq: b.seq, kind: b.kind, role: r}.String()
}

// first and last return the batch's earliest and latest landings (of a
// batch without ops, a time later than any and 0).
func (b *batch) first() world.Time {
	if len(b.ops) == 0 {
		return 1<<62 - 1
	}
	return b.lo
}

func (b *batch) last() world.Time {
	if len(b.ops) == 0 {
		return 0
	}
	return b.hi
}

// hackCover returns the role of the weaken that removes the security of
// b's hack: its first weaken, or in a batch without one (a batch of the
// hacking.HGW shape) its second, which lands after the grow.
func (b *batch) hackCover() role {
	for _, o := range b.ops {
		if o.role == roleWeaken1 {
			return roleWeaken1
		}
	}
	return roleWeaken2
}

// part returns the first part of role r that may still land, or nil.
func (b *batch) part(r role) *op {
	for _, o := range b.ops {
		if o.role == r && o.state != opCancelled {
			return o
		}
	}
	return nil
}

// launched reports whether some part of role r was launched (it may have
// landed since).
func (b *batch) launched(r role) bool {
	for _, o := range b.ops {
		if o.role == r && (o.state == opRunning || o.state == opLaunching || o.state == opDone) {
			return true
		}
	}
	return false
}

// threads returns the threads of role r that are out or planned.
func (b *batch) threads(r role) int {
	n := 0
	for _, o := range b.ops {
		if o.role == r && o.state != opCancelled {
			n += o.threads
		}
	}
	return n
}

// finished reports whether no operation of b can still land.
func (b *batch) finished() bool {
	for _, o := range b.ops {
		if o.live() {
			return false
		}
	}
	return true
}

// opHeap orders planned operations by launch time, then creation.
type opHeap []*op

func (h opHeap) less(i, j int) bool {
	if h[i].callAt != h[j].callAt {
		return h[i].callAt < h[j].callAt
	}
	return h[i].seq < h[j].seq
}

func (h opHeap) swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapIdx = i
	h[j].heapIdx = j
}

func (h *opHeap) push(o *op) {
	o.heapIdx = len(*h)
	*h = append(*h, o)
	h.up(o.heapIdx)
}

// fix restores the heap order after launch times changed.
func (h opHeap) fix() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *opHeap) pop() *op {
	old := *h
	n := len(old) - 1
	old.swap(0, n)
	o := old[n]
	old[n] = nil
	*h = old[:n]
	h.down(0)
	o.heapIdx = -1
	return o
}

func (h *opHeap) remove(o *op) {
	i := o.heapIdx
	if i < 0 {
		return
	}
	old := *h
	n := len(old) - 1
	if i != n {
		old.swap(i, n)
	}
	old[n] = nil
	*h = old[:n]
	if i != n {
		h.down(i)
		h.up(i)
	}
	o.heapIdx = -1
}

func (h opHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			return
		}
		h.swap(i, p)
		i = p
	}
}

func (h opHeap) down(i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			return
		}
		h.swap(i, m)
		i = m
	}
}
