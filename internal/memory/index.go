package memory

// allocIndex finds allocations by ID. IDs are handed out in increasing
// order and most allocations end within minutes, so it keeps a window: a
// slice of slots indexed by ID − base, from about the oldest live
// allocation on, where finding, adding and forgetting one touch one slot (a
// map of tens of thousands of allocations churned at every launch cost
// cache misses on each). The few that outlive a window grown mostly empty
// move to a map, so a long-lived allocation never holds a growing window.
type allocIndex struct {
	base  ID            // the ID of slots[0]
	slots []*alloc      // slots[i]: the allocation with ID base+i; nil once forgotten
	live  int           // non-nil slots
	old   map[ID]*alloc // allocations with IDs below base
}

// minWindow is the window's length below which it is never thinned.
const minWindow = 1024

// get returns the allocation with ID id, or nil.
func (x *allocIndex) get(id ID) *alloc {
	if id < x.base {
		return x.old[id]
	}
	if i := id - x.base; i < ID(len(x.slots)) {
		return x.slots[i]
	}
	return nil
}

// len returns the number of allocations indexed.
func (x *allocIndex) len() int { return x.live + len(x.old) }

// put adds a, whose ID is above every ID added before.
func (x *allocIndex) put(a *alloc) {
	if len(x.slots) == 0 {
		x.base = a.id
	}
	for x.base+ID(len(x.slots)) < a.id {
		x.slots = append(x.slots, nil)
	}
	x.slots = append(x.slots, a)
	x.live++
}

// del forgets the allocation with ID id.
func (x *allocIndex) del(id ID) {
	if id < x.base {
		delete(x.old, id)
		return
	}
	i := id - x.base
	if i >= ID(len(x.slots)) || x.slots[i] == nil {
		return
	}
	x.slots[i] = nil
	x.live--
	x.trim()
	if len(x.slots) > minWindow && 4*x.live < len(x.slots) {
		// Mostly empty behind a few long-lived allocations: those of
		// the older half move to the map.
		half := len(x.slots) / 2
		for _, a := range x.slots[:half] {
			if a != nil {
				if x.old == nil {
					x.old = map[ID]*alloc{}
				}
				x.old[a.id] = a
				x.live--
			}
		}
		clear(x.slots[:half])
		x.trim()
	}
}

// trim drops the forgotten slots at the front of the window.
func (x *allocIndex) trim() {
	n := 0
	for n < len(x.slots) && x.slots[n] == nil {
		n++
	}
	x.slots = x.slots[n:]
	x.base += ID(n)
}
