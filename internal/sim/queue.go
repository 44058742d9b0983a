package sim

import "bbctl/internal/world"

// An item is one entry of the event queue: something internal to the
// simulator that happens at a time. Items are ordered by (at, seq); seq is
// unique, so the order is total and equal times keep creation order.
//
// An item that refers to a process carries the process's slot and the
// slot's generation when the item was made; if the slot has since been
// freed or reused the generations differ and the item is stale.
type item struct {
	at   world.Time
	seq  uint64
	slot int32  // process slot, or a negative kind for other items
	gen  uint32 // generation of the slot when the item was queued
}

// Kinds of items that do not refer to a process.
const (
	itemFaultKill int32 = -1 // the next random kill of the fault injector
)

func (a item) before(b item) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.seq < b.seq
}

// queue holds the items in (at, seq) order. Items due at the current time
// (a worker's call with no launch latency) go to a FIFO, the rest to a
// 4-ary min-heap. A 4-ary heap is shallower than a binary one and its
// children share cache lines; holding values rather than interfaces keeps
// both free of allocations once grown.
//
// The FIFO is correct because the simulator only ever pushes items at or
// after the current time and never advances the clock while an item due
// now is waiting: every FIFO item is due now, so it comes before any heap
// item of a later time, and after any heap item due now (those were pushed
// earlier, so their seq is lower), which min and pop check.
type queue struct {
	items []item // the heap
	fifo  []item // items due now, in seq order, from fifo[head]
	head  int
}

func (q *queue) len() int { return len(q.items) + len(q.fifo) - q.head }

// min returns the first item; the queue must not be empty.
func (q *queue) min() item {
	if q.head < len(q.fifo) && (len(q.items) == 0 || q.fifo[q.head].before(q.items[0])) {
		return q.fifo[q.head]
	}
	return q.items[0]
}

// pushNow adds an item due at the current time.
func (q *queue) pushNow(it item) { q.fifo = append(q.fifo, it) }

// pop removes and returns the first item; the queue must not be empty.
func (q *queue) pop() item {
	if q.head < len(q.fifo) && (len(q.items) == 0 || q.fifo[q.head].before(q.items[0])) {
		it := q.fifo[q.head]
		q.head++
		if q.head == len(q.fifo) {
			q.fifo, q.head = q.fifo[:0], 0
		}
		return it
	}
	return q.popHeap()
}

func (q *queue) push(it item) {
	q.items = append(q.items, it)
	i := len(q.items) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !it.before(q.items[p]) {
			break
		}
		q.items[i] = q.items[p]
		i = p
	}
	q.items[i] = it
}

func (q *queue) popHeap() item {
	top := q.items[0]
	n := len(q.items) - 1
	last := q.items[n]
	q.items = q.items[:n]
	if n == 0 {
		return top
	}
	// Sift last down from the root.
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := c + 4
		if end > n {
			end = n
		}
		for j := c + 1; j < end; j++ {
			if q.items[j].before(q.items[m]) {
				m = j
			}
		}
		if !q.items[m].before(last) {
			break
		}
		q.items[i] = q.items[m]
		i = m
	}
	q.items[i] = last
	return top
}
