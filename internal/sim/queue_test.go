package sim

import (
	"math/rand/v2"
	"slices"
	"testing"

	"bbctl/internal/world"
)

// The queue pops items in (at, seq) order whatever the order of pushes.
func TestQueueOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var q queue
	var want []item
	var seq uint64
	now := world.Time(0)
	for step := 0; step < 20000; step++ {
		if q.len() == 0 || (q.len() < 500 && rng.IntN(2) == 0) {
			seq++
			it := item{at: now + world.Time(rng.IntN(50)), seq: seq, slot: int32(step)}
			if it.at == now {
				q.pushNow(it)
			} else {
				q.push(it)
			}
			want = append(want, it)
			continue
		}
		got := q.pop()
		m := 0
		for i := range want {
			if want[i].before(want[m]) {
				m = i
			}
		}
		if got != want[m] {
			t.Fatalf("step %d: popped %+v, want %+v", step, got, want[m])
		}
		want = slices.Delete(want, m, m+1)
		now = got.at
	}
}

func BenchmarkQueue(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var q queue
	var seq uint64
	for range 20000 {
		seq++
		q.push(item{at: world.Time(rng.IntN(10000)), seq: seq})
	}
	for b.Loop() {
		it := q.pop()
		seq++
		q.push(item{at: it.at + 9000 + world.Time(rng.IntN(2000)), seq: seq})
	}
}
