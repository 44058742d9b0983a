package memory

import (
	"fmt"
	"slices"

	"bbctl/internal/world"
)

// NoticeKind says what a Notice reports.
type NoticeKind uint8

// The kinds of notice.
const (
	Granted NoticeKind = iota + 1 // a waiting request got its chunks
	Grew                          // a growable allocation got another chunk
	Denied                        // a waiting request timed out
	Lost                          // chunks (and their claims) vanished with their worker
)

// String returns "granted", "grew", "denied" or "lost".
func (k NoticeKind) String() string {
	switch k {
	case Granted:
		return "granted"
	case Grew:
		return "grew"
	case Denied:
		return "denied"
	case Lost:
		return "lost"
	}
	return fmt.Sprintf("NoticeKind(%d)", uint8(k))
}

// Notice tells an allocation's owner something that happened without it
// asking: the controller drains them with Drain and passes them on.
type Notice struct {
	Kind   NoticeKind
	ID     ID
	Owner  Owner
	Chunks []Chunks // Granted, Grew: the new chunks; Lost: the lost ones
	Claims []Claim  // Lost: the claims that went with them
	Ended  bool     // Lost: the allocation has no chunk left and ended
	Err    error    // Denied: why (wraps ErrTimeout); Lost: ErrServerGone
}

// Drain returns the notices queued since the last call, oldest first, and
// empties the queue.
func (l *Ledger) Drain() []Notice {
	out := l.outbox
	l.outbox = nil
	return out
}

// enqueue adds a to the waiting requests: after every request of equal or
// higher priority.
func (l *Ledger) enqueue(a *alloc) {
	a.pending = true
	l.seq++
	a.seq = l.seq
	i, _ := slices.BinarySearchFunc(l.pending, a, func(x, t *alloc) int {
		if x.priority >= t.priority {
			return -1
		}
		return 1
	})
	l.pending = slices.Insert(l.pending, i, a)
}

// waitReason says why waiting request a is not met now.
func (l *Ledger) waitReason(a *alloc) error {
	if len(l.pending) > 0 && l.pending[0] != a {
		head := l.pending[0]
		return fmt.Errorf("%w (%v, priority %d)", ErrQueueAhead, head.id, head.priority)
	}
	if _, ok := l.plan(a, a.want, a.least()); ok {
		return fmt.Errorf("%w (%v, priority %d)", ErrQueueAhead, a.id, a.priority) // cannot happen after settle
	}
	return l.whyNot(a, a.want)
}

func (l *Ledger) dequeue(a *alloc) {
	if i := slices.Index(l.pending, a); i >= 0 {
		l.pending = slices.Delete(l.pending, i, i+1)
	}
	a.pending = false
}

// settle hands out free RAM: to the waiting requests in order, stopping at
// the first that cannot be met, then to growable allocations one chunk at a
// time in turn.
func (l *Ledger) settle() {
	for len(l.pending) > 0 {
		a := l.pending[0]
		picks, ok := l.plan(a, a.want, a.least())
		if !ok {
			return
		}
		l.dequeue(a)
		l.commit(a, picks)
		if a.growable {
			l.growable = append(l.growable, a)
		}
		n := Notice{Kind: Granted, ID: a.id, Owner: a.owner, Chunks: make([]Chunks, len(picks))}
		for i, p := range picks {
			n.Chunks[i] = Chunks{p.w.host, p.n}
		}
		l.outbox = append(l.outbox, n)
	}
	l.grow()
}

// grow tops up growable allocations one chunk per turn, round robin from
// where the last round stopped, until a whole round gives nothing.
func (l *Ledger) grow() {
	if len(l.growable) == 0 {
		return
	}
	most := l.maxFree()
	for idle := 0; idle < len(l.growable); {
		if l.cursor >= len(l.growable) {
			l.cursor = 0
		}
		a := l.growable[l.cursor]
		l.cursor++
		if a.count >= a.want || a.size > most || l.pinnedFull(a) {
			idle++
			continue
		}
		picks, ok := l.plan(a, 1, 1)
		if !ok {
			idle++
			continue
		}
		l.commit(a, picks)
		l.outbox = append(l.outbox, Notice{Kind: Grew, ID: a.id, Owner: a.owner, Chunks: []Chunks{{picks[0].w.host, 1}}})
		most = l.maxFree()
		idle = 0
	}
}

// pinnedFull reports whether a can grow on one worker only and that worker
// has no room for a chunk: a quick test that spares a placement attempt.
func (l *Ledger) pinnedFull(a *alloc) bool {
	var w *worker
	switch {
	case a.host != "":
		if a.pin == nil || a.pin.gone {
			a.pin = l.workers[a.host]
		}
		w = a.pin
		if w == nil {
			return true
		}
	case a.contiguous && a.count > 0:
		w = a.chunks[0].w
	default:
		return false
	}
	return w.free() < a.size
}

// Expire denies every waiting request whose deadline is at or before now,
// with a Denied notice, and returns how many it denied.
func (l *Ledger) Expire(now world.Time) int {
	n := 0
	for i := 0; i < len(l.pending); {
		a := l.pending[i]
		if a.deadline > now {
			i++
			continue
		}
		why := l.waitReason(a)
		l.dequeue(a)
		l.forget(a)
		l.outbox = append(l.outbox, Notice{
			Kind: Denied, ID: a.id, Owner: a.owner,
			Err: fmt.Errorf("request %v (%d×%v) %w at %d: %w", a.id, a.want, a.size, ErrTimeout, a.deadline, why),
		})
		n++
	}
	if n > 0 {
		l.settle()
	}
	return n
}

// NextDeadline returns the earliest deadline of a waiting request, so the
// controller can wake up then and call Expire.
func (l *Ledger) NextDeadline() (world.Time, bool) {
	if len(l.pending) == 0 {
		return 0, false
	}
	t := l.pending[0].deadline
	for _, a := range l.pending[1:] {
		t = min(t, a.deadline)
	}
	return t, true
}
