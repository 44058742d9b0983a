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

// queue is a 4-ary min-heap of items. A 4-ary heap is shallower than a
// binary one and its children share cache lines, which makes it faster for
// the push/pop mix of the simulator; holding values rather than interfaces
// keeps it free of allocations once grown.
type queue struct {
	items []item
}

func (q *queue) len() int { return len(q.items) }

// min returns the first item; the queue must not be empty.
func (q *queue) min() item { return q.items[0] }

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

// pop removes and returns the first item; the queue must not be empty.
func (q *queue) pop() item {
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
