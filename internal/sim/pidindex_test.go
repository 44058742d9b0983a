package sim

import (
	"math/rand/v2"
	"testing"
)

// Property: the index agrees with a plain map under any mix of new pids
// (always increasing, as from the game's counter) and removals, including
// long-lived pids that fall out of the ring's window.
func TestPIDIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var x pidIndex
	procs := make([]proc, 0, 1<<16)
	var free []int32
	want := map[int]int32{}
	var live []int
	next := 1
	for step := 0; step < 200000; step++ {
		if len(live) == 0 || rng.IntN(100) < 52 {
			var slot int32
			if n := len(free); n > 0 {
				slot, free = free[n-1], free[:n-1]
			} else {
				procs = append(procs, proc{})
				slot = int32(len(procs) - 1)
			}
			pid := next
			next += 1 + rng.IntN(3)
			procs[slot].pid = pid
			x.add(pid, slot, procs)
			want[pid] = slot
			live = append(live, pid)
		} else {
			// Mostly remove old pids, sometimes a random one, so that a
			// few live for very long.
			i := rng.IntN(min(len(live), 50))
			if rng.IntN(10) == 0 {
				i = rng.IntN(len(live))
			}
			pid := live[i]
			live[i] = live[len(live)-1]
			live = live[:len(live)-1]
			slot := want[pid]
			x.remove(pid, slot)
			delete(want, pid)
			procs[slot] = proc{}
			free = append(free, slot)
		}
		if step%997 == 0 {
			for pid, slot := range want {
				if got := x.get(pid, procs); got != slot {
					t.Fatalf("step %d: get(%d) = %d, want %d", step, pid, got, slot)
				}
			}
			for _, pid := range []int{0, next, next + 1, -5} {
				if got := x.get(pid, procs); got != -1 {
					t.Fatalf("step %d: get(%d) = %d for a dead pid", step, pid, got)
				}
			}
			if x.n != len(want) {
				t.Fatalf("step %d: n = %d, want %d", step, x.n, len(want))
			}
		}
	}
	if len(x.old) == 0 {
		t.Errorf("the test never pushed a pid out of the ring")
	}
}
