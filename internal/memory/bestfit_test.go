package memory

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"bbctl/internal/game"
)

// TestBestFit checks BestFit against a scan of every worker by name (the
// least free RAM of at least the size among the accepted names, the first
// name on ties) on random ledgers: home and ordinary and purchased workers
// of a few equal sizes (so that ties are common), some of their RAM booked
// and reserved, and random sets of accepted names.
func TestBestFit(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	for round := range 200 {
		l, err := New(Config{AgentRAM: gb(4)})
		if err != nil {
			t.Fatal(err)
		}
		n := 1 + rng.IntN(30)
		for i := range n {
			host := fmt.Sprintf("w%02d", rng.IntN(40))
			if i == 0 && rng.IntN(2) == 0 {
				host = DefaultHome
			}
			s := srv(host, float64(int(8)<<rng.IntN(4)))
			s.PurchasedByPlayer = host != DefaultHome && rng.IntN(3) == 0
			s.RAMUsed = gb(float64(rng.IntN(3)))
			if err := l.UpdateServer(s); err != nil {
				t.Fatal(err)
			}
		}
		for range rng.IntN(40) {
			_, _ = l.Request(Request{Owner: ControllerOwner(), ChunkSize: gb(1.75) * game.RAM(1+rng.IntN(4)), NumChunks: 1})
		}
		accept := map[string]bool{}
		for _, w := range l.Workers() {
			if rng.IntN(4) != 0 {
				accept[w.Host] = true
			}
		}
		ok := func(h string) bool { return accept[h] }
		for range 20 {
			size := gb(0.25) * game.RAM(rng.IntN(300))
			want, wantFree := "", game.RAM(-1)
			for _, w := range l.Workers() { // by name
				if ok(w.Host) && w.Free >= size && (want == "" || w.Free < wantFree) {
					want, wantFree = w.Host, w.Free
				}
			}
			got, found := l.BestFit(size, ok)
			if got != want || found != (want != "") {
				t.Fatalf("round %d: BestFit(%v) = %q, %v; the scan by name finds %q\n%+v", round, size, got, found, want, l.Workers())
			}
		}
	}
}

// One pid may hold claims on several hosts (the ledger allows it, though
// the game's pids are unique): each is found, released and cleaned up on
// its own, in any order.
func TestClaimsOfOnePIDOnSeveralHosts(t *testing.T) {
	for _, order := range [][]string{{"a", "b", "c"}, {"c", "b", "a"}, {"b", "a", "c"}} {
		l := newLedger(t, Config{}, srv("a", 8), srv("b", 8), srv("c", 8))
		for _, h := range []string{"a", "b", "c"} {
			g := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(2), NumChunks: 1, Host: h})
			mustClaim(t, l, g.ID, Claim{PID: 7, Host: h, ChunkSize: gb(2), NumChunks: 1})
			if err := l.Claim(g.ID, Claim{PID: 7, Host: h, ChunkSize: gb(1), NumChunks: 1}); !errors.Is(err, ErrDuplicateClaim) {
				t.Fatalf("a second claim of pid 7 on %s: %v, want ErrDuplicateClaim", h, err)
			}
		}
		checkInvariants(t, l)
		if _, err := l.ReleasePID(7, order[0]); err != nil {
			t.Fatalf("release pid 7 on %s: %v", order[0], err)
		}
		if _, err := l.ReleasePID(7, order[0]); !errors.Is(err, ErrNoClaim) {
			t.Fatalf("release pid 7 on %s again: %v, want ErrNoClaim", order[0], err)
		}
		checkInvariants(t, l)
		if w, _ := l.Worker(order[1]); w.Allocated != gb(2) {
			t.Fatalf("%s: %v allocated after pid 7 ended on %s, want 2 GB", order[1], w.Allocated, order[0])
		}
		if n := l.Cleanup(nil); n.Claims != 2 {
			t.Fatalf("cleanup released %d claims, want the 2 left", n.Claims)
		}
		checkInvariants(t, l)
		if l.FreeRAM() != 3*gb(8) {
			t.Fatalf("free RAM %v after cleanup, want 24 GB", l.FreeRAM())
		}
	}
}
