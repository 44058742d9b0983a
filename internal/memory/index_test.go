package memory

import (
	"math/rand/v2"
	"testing"
)

// The allocation index answers as a map would, through runs where most
// allocations end soon and a few live long, and its window stays short:
// the long-lived ones move out of it instead of holding it open.
func TestAllocIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	var x allocIndex
	model := map[ID]*alloc{}
	var recent []ID // short-lived, oldest first
	next := ID(0)
	maxWindow := 0
	for step := range 200_000 {
		switch r := rng.IntN(100); {
		case r < 50 || len(model) == 0:
			next++
			a := &alloc{id: next}
			x.put(a)
			model[a.id] = a
			if rng.IntN(500) != 0 { // one in 500 lives on
				recent = append(recent, a.id)
			}
		case r < 97 && len(recent) > 0:
			// Mostly the oldest short-lived ones end first.
			i := min(rng.IntN(8), len(recent)-1)
			id := recent[i]
			recent = append(recent[:i], recent[i+1:]...)
			x.del(id)
			delete(model, id)
		default:
			for id := range model { // any one, long-lived ones included
				x.del(id)
				delete(model, id)
				recent = deleteID(recent, id)
				break
			}
		}
		maxWindow = max(maxWindow, len(x.slots))
		if x.len() != len(model) {
			t.Fatalf("step %d: %d indexed, %d live", step, x.len(), len(model))
		}
		if step%1000 == 0 {
			for id := ID(0); id <= next+1; id++ {
				if got, want := x.get(id), model[id]; got != want {
					t.Fatalf("step %d: get(%d) = %v, want %v", step, id, got, want)
				}
			}
		}
	}
	t.Logf("window at most %d slots; %d live at the end, %d in the map", maxWindow, len(model), len(x.old))
	if maxWindow > 4*minWindow {
		t.Errorf("the window grew to %d slots for about %d live allocations", maxWindow, len(recent))
	}
}

func deleteID(ids []ID, id ID) []ID {
	for i, x := range ids {
		if x == id {
			return append(ids[:i], ids[i+1:]...)
		}
	}
	return ids
}
