package memory

import (
	"errors"
	"reflect"
	"testing"

	"bbctl/internal/game"
)

func gb(x float64) game.RAM { return game.GB(x) }

// srv describes a rooted server for UpdateServer.
func srv(host string, ram float64) game.Server {
	return game.Server{Hostname: host, HasAdminRights: true, MaxRAM: gb(ram), Cores: 1}
}

func purchased(host string, ram float64) game.Server {
	s := srv(host, ram)
	s.PurchasedByPlayer = true
	return s
}

// newLedger returns a ledger with the given servers as workers.
func newLedger(t testing.TB, cfg Config, servers ...game.Server) *Ledger {
	t.Helper()
	l, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for _, s := range servers {
		if err := l.UpdateServer(s); err != nil {
			t.Fatalf("UpdateServer(%s): %v", s.Hostname, err)
		}
	}
	return l
}

func mustRequest(t testing.TB, l *Ledger, r Request) Grant {
	t.Helper()
	g, err := l.Request(r)
	if err != nil {
		t.Fatalf("Request(%+v): %v", r, err)
	}
	return g
}

func mustClaim(t testing.TB, l *Ledger, id ID, c Claim) {
	t.Helper()
	if err := l.Claim(id, c); err != nil {
		t.Fatalf("Claim(%v, %+v): %v", id, c, err)
	}
}

// rejects runs op, which must fail with an error wrapping want (any error
// when want is nil), and checks that the ledger, notices included, did not
// change.
func rejects(t *testing.T, l *Ledger, name string, want error, op func() error) {
	t.Helper()
	before := l.Snapshot()
	nb := len(l.outbox)
	err := op()
	switch {
	case err == nil:
		t.Errorf("%s: no error, want %v", name, want)
	case want != nil && !errors.Is(err, want):
		t.Errorf("%s: error %q, want one wrapping %q", name, err, want)
	}
	if after := l.Snapshot(); !reflect.DeepEqual(before, after) || len(l.outbox) != nb {
		t.Errorf("%s: the failed call changed the ledger\nbefore %+v\nafter  %+v", name, before, after)
	}
}

// checkInvariants fails t when the ledger's books do not add up.
func checkInvariants(t testing.TB, l *Ledger) {
	t.Helper()
	s := l.Snapshot()
	onHost := map[string]game.RAM{}
	for _, a := range s.Allocations {
		n := 0
		for _, hc := range a.Chunks {
			n += hc.N
			onHost[hc.Host] += game.RAM(hc.N) * a.ChunkSize
			if hc.Claimed > hc.N || hc.Claimed < 0 || hc.N <= 0 {
				t.Fatalf("%v on %s: %d chunks, %d claimed", a.ID, hc.Host, hc.N, hc.Claimed)
			}
		}
		if n != a.Count || a.Count > a.Want {
			t.Fatalf("%v: count %d, chunks %d, want %d", a.ID, a.Count, n, a.Want)
		}
		if a.Pending && a.Count != 0 {
			t.Fatalf("%v: pending with %d chunks", a.ID, a.Count)
		}
		for _, c := range a.Claims {
			if c.ChunkSize > a.ChunkSize {
				t.Fatalf("%v: claim %+v larger than chunks of %v", a.ID, c, a.ChunkSize)
			}
		}
	}
	for _, w := range s.Workers {
		if onHost[w.Host] != w.Allocated {
			t.Fatalf("%s: allocated %v, chunks %v", w.Host, w.Allocated, onHost[w.Host])
		}
		delete(onHost, w.Host)
		excess := max(0, w.SetAside+w.Reserved+w.Allocated-w.Total)
		if excess != w.Excess {
			t.Fatalf("%s: excess %v reported, %v real (%+v)", w.Host, w.Excess, excess, w)
		}
		if free := max(0, w.Total-w.SetAside-w.Reserved-w.Allocated); free != w.Free {
			t.Fatalf("%s: free %v reported, %v real", w.Host, w.Free, free)
		}
	}
	if len(onHost) > 0 {
		t.Fatalf("chunks on non-workers: %v", onHost)
	}
	// The free index is ordered.
	for c, o := range l.idx {
		for i, w := range o {
			if w.pos != i || w.class() != c || w.home || i > 0 && !less(o[i-1], w) {
				t.Fatalf("free index %d out of order at %d (%s)", c, i, w.host)
			}
		}
	}
	if n := len(l.idx[0]) + len(l.idx[1]) + btoi(l.homeW != nil); n != len(l.workers) {
		t.Fatalf("index holds %d workers, ledger %d", n, len(l.workers))
	}
	if len(l.byName) != len(l.workers) {
		t.Fatalf("name index holds %d workers, ledger %d", len(l.byName), len(l.workers))
	}
	for i, w := range l.byName {
		if l.workers[w.host] != w || i > 0 && l.byName[i-1].host >= w.host {
			t.Fatalf("name index broken at %d (%s)", i, w.host)
		}
	}
	as := l.sortedAllocs()
	if len(as) != l.allocs.len() {
		t.Fatalf("allocation order holds %d, ledger %d", len(as), l.allocs.len())
	}
	for i, a := range as {
		if l.allocs.get(a.id) != a || i > 0 && as[i-1].id >= a.id {
			t.Fatalf("allocation order broken at %d (%v)", i, a.id)
		}
	}
	indexed := 0
	for pid, cl := range l.claims {
		for ; cl != nil; cl = cl.next {
			if cl.c.PID != pid || l.claimOf(pid, cl.c.Host) != cl {
				t.Fatalf("claim index: pid %d on %s under pid %d", cl.c.PID, cl.c.Host, pid)
			}
			indexed++
		}
	}
	if indexed != countClaims(s) {
		t.Fatalf("claim index holds %d, allocations %d", indexed, countClaims(s))
	}
}

func countClaims(s Snapshot) int {
	n := 0
	for _, a := range s.Allocations {
		n += len(a.Claims)
	}
	return n
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
