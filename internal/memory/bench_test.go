package memory

import (
	"fmt"
	"testing"
	"time"

	"bbctl/internal/game"
)

// benchLedger returns a ledger with 100 workers (home and 99 others of 1 to
// 2 TB, a quarter of them purchased) and live allocations, each claimed by
// one process, of 1 to 8 grow threads (1.75 GB each).
func benchLedger(tb testing.TB, live int) (*Ledger, int) {
	l, err := New(Config{AgentRAM: gb(4)})
	if err != nil {
		tb.Fatal(err)
	}
	if err := l.UpdateServer(srv("home", 2048)); err != nil {
		tb.Fatal(err)
	}
	for i := range 99 {
		s := srv(fmt.Sprintf("w%02d", i), float64(1024+(i*37)%1024))
		s.PurchasedByPlayer = i%4 == 0
		if err := l.UpdateServer(s); err != nil {
			tb.Fatal(err)
		}
	}
	pid := 0
	for i := range live {
		size := gb(1.75) * game.RAM(1+i%8)
		g, err := l.Request(Request{Owner: ControllerOwner(), ChunkSize: size, NumChunks: 1, CoreDependent: i%5 == 0})
		if err != nil {
			tb.Fatalf("setting up %d live allocations: %v", live, err)
		}
		pid++
		if err := l.Claim(g.ID, Claim{PID: pid, Host: g.Chunks[0].Host, Filename: "bbctl/g.js", ChunkSize: size, NumChunks: 1}); err != nil {
			tb.Fatal(err)
		}
	}
	return l, pid
}

// cycle is the controller's hot path for one job: request RAM for it, claim
// it for the launched process, release it when the process ends.
func cycle(tb testing.TB, l *Ledger, pid, i int) {
	size := gb(1.75) * game.RAM(1+i%16)
	g, err := l.Request(Request{Owner: ControllerOwner(), ChunkSize: size, NumChunks: 1, CoreDependent: i%7 == 0})
	if err != nil {
		tb.Fatal(err)
	}
	host := g.Chunks[0].Host
	if err := l.Claim(g.ID, Claim{PID: pid, Host: host, Filename: "bbctl/g.js", ChunkSize: size, NumChunks: 1}); err != nil {
		tb.Fatal(err)
	}
	if _, err := l.ReleasePID(pid, host); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkCycle measures one request + claim + release with 100 workers
// and a given number of live allocations. The bar: under 5 µs at 1,000.
func BenchmarkCycle(b *testing.B) {
	for _, live := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("live=%d", live), func(b *testing.B) {
			l, pid := benchLedger(b, live)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				pid++
				cycle(b, l, pid, i)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/cycle")
		})
	}
}

// BenchmarkCycleBusy is BenchmarkCycle at 1,000 live allocations with 20
// hungry growable allocations (each pinned to a full worker), so that every
// release also offers the freed RAM to each of them in turn.
func BenchmarkCycleBusy(b *testing.B) {
	l, pid := benchLedger(b, 1000)
	for k, made := 0, 0; made < 20; k++ {
		host := fmt.Sprintf("w%02d", k)
		w, _ := l.Worker(host)
		if w.Free < gb(1.75) {
			continue
		}
		made++
		// Leave room for one chunk, for the growable.
		if w.Free > gb(1.75) {
			if _, err := l.Request(Request{Owner: ControllerOwner(), ChunkSize: w.Free - gb(1.75), NumChunks: 1, Host: host}); err != nil {
				b.Fatal(err)
			}
		}
		g, err := l.Request(Request{Owner: ControllerOwner(), ChunkSize: gb(1.75), NumChunks: 4, Growable: true, Host: host})
		if err != nil || sumChunks(g.Chunks) != 1 {
			b.Fatalf("growable: %+v, %v", g, err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		pid++
		cycle(b, l, pid, i)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/cycle")
}

// BenchmarkCycleScaling runs the cycle against 100 and 10,000 live
// allocations in the same process, interleaved in blocks so that machine
// noise hits both alike, and reports the cost ratio (bar: at most 3).
func BenchmarkCycleScaling(b *testing.B) {
	small, pidS := benchLedger(b, 100)
	large, pidL := benchLedger(b, 10000)
	const block = 256
	var tS, tL time.Duration
	n := 0
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		for i := range block {
			pidS++
			cycle(b, small, pidS, n+i)
		}
		mid := time.Now()
		for i := range block {
			pidL++
			cycle(b, large, pidL, n+i)
		}
		tS += mid.Sub(start)
		tL += time.Since(mid)
		n += block
	}
	b.ReportMetric(float64(tS.Nanoseconds())/float64(n), "ns/cycle@100")
	b.ReportMetric(float64(tL.Nanoseconds())/float64(n), "ns/cycle@10000")
	b.ReportMetric(float64(tL)/float64(tS), "ratio")
}

// BenchmarkSnapshot measures a whole snapshot of a ledger with 100 workers
// and 1,000 claimed allocations (the dashboard takes one a second).
func BenchmarkSnapshot(b *testing.B) {
	l, _ := benchLedger(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		_ = l.Snapshot()
	}
}

// BenchmarkWorkers measures Workers, the cheap read of every worker.
func BenchmarkWorkers(b *testing.B) {
	l, _ := benchLedger(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		_ = l.Workers()
	}
}

// TestCycleLeavesNoTrace checks that the benchmark's cycle is balanced.
func TestCycleLeavesNoTrace(t *testing.T) {
	l, pid := benchLedger(t, 50)
	before := l.Snapshot()
	for i := range 1000 {
		pid++
		cycle(t, l, pid, i)
	}
	checkInvariants(t, l)
	after := l.Snapshot()
	if len(after.Allocations) != len(before.Allocations) || l.FreeRAM() != sumFree(before) {
		t.Errorf("cycles changed the ledger: %d → %d allocations", len(before.Allocations), len(after.Allocations))
	}
}

func sumFree(s Snapshot) game.RAM {
	var f game.RAM
	for _, w := range s.Workers {
		f += w.Free
	}
	return f
}
