package sim

// pidIndex maps the pid of every live process to its slot. pids come from
// a counter, so live pids are mostly a window of recent numbers: the index
// keeps pid p at ring[p mod len(ring)], and only a pid still alive when a
// newer pid claims its place (a long-running script) moves to a map. The
// ring doubles when the live processes fill half of it, so the map stays
// small and an operation is a few array accesses instead of a map update.
type pidIndex struct {
	ring []int32 // slot+1, or 0 for none
	old  map[int]int32
	n    int // live pids
}

const minPIDRing = 1 << 10

// get returns the slot of pid, or -1. pidOf gives the pid of a slot.
func (x *pidIndex) get(pid int, procs []proc) int32 {
	if len(x.ring) > 0 {
		if s := x.ring[pid&(len(x.ring)-1)]; s != 0 && procs[s-1].pid == pid {
			return s - 1
		}
	}
	if len(x.old) > 0 {
		if s, ok := x.old[pid]; ok {
			return s
		}
	}
	return -1
}

// add records that pid, new, lives in slot; procs[slot].pid must be pid.
func (x *pidIndex) add(pid int, slot int32, procs []proc) {
	x.n++
	if 2*x.n > len(x.ring) {
		x.grow(procs)
	}
	x.place(pid, slot, procs)
}

func (x *pidIndex) place(pid int, slot int32, procs []proc) {
	i := pid & (len(x.ring) - 1)
	if s := x.ring[i]; s != 0 {
		if x.old == nil {
			x.old = make(map[int]int32)
		}
		x.old[procs[s-1].pid] = s - 1
	}
	x.ring[i] = slot + 1
}

// remove forgets pid, which lives in slot.
func (x *pidIndex) remove(pid int, slot int32) {
	x.n--
	if i := pid & (len(x.ring) - 1); x.ring[i] == slot+1 {
		x.ring[i] = 0
		return
	}
	delete(x.old, pid)
}

// grow doubles the ring and places every live pid again.
func (x *pidIndex) grow(procs []proc) {
	oldRing, oldMap := x.ring, x.old
	x.ring = make([]int32, max(minPIDRing, 2*len(oldRing)))
	x.old = nil
	for _, s := range oldRing {
		if s != 0 {
			x.place(procs[s-1].pid, s-1, procs)
		}
	}
	for pid, s := range oldMap {
		x.place(pid, s, procs)
	}
}
