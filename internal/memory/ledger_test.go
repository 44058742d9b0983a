package memory

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

func TestSetAside(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cfg   Config
		s     game.Server
		want  game.RAM
		total game.RAM
	}{
		{"small home keeps the agent's RAM", Config{AgentRAM: gb(4.5)}, srv("home", 8), gb(4.5), gb(8)},
		{"home of exactly 32GB keeps the agent's RAM", Config{AgentRAM: gb(4.5)}, srv("home", 32), gb(4.5), gb(32)},
		{"big home keeps 32GB", Config{AgentRAM: gb(4.5)}, srv("home", 64), gb(32), gb(64)},
		{"agent larger than home keeps it all", Config{AgentRAM: gb(16)}, srv("home", 8), gb(8), gb(8)},
		{"other servers keep nothing", Config{AgentRAM: gb(4.5)}, srv("n00dles", 4), 0, gb(4)},
		{"custom home name", Config{Home: "casa", AgentRAM: gb(2)}, srv("casa", 8), gb(2), gb(8)},
		{"rule by exact name", Config{SetAside: []SetAsideRule{{"home", gb(100)}}}, srv("home", 1024), gb(100), gb(1024)},
		{"rule by pattern", Config{SetAside: []SetAsideRule{{"pserv-*", gb(2)}}}, purchased("pserv-3", 64), gb(2), gb(64)},
		{"first matching rule wins", Config{SetAside: []SetAsideRule{{"pserv-1", gb(1)}, {"pserv-*", gb(2)}}}, purchased("pserv-1", 64), gb(1), gb(64)},
		{"rule of zero frees home", Config{SetAside: []SetAsideRule{{"home", 0}}}, srv("home", 1024), 0, gb(1024)},
		{"rule clamps to the server", Config{SetAside: []SetAsideRule{{"*", gb(100)}}}, srv("foodnstuff", 16), gb(16), gb(16)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLedger(t, tc.cfg, tc.s)
			w, ok := l.Worker(tc.s.Hostname)
			if !ok {
				t.Fatalf("%s is not a worker", tc.s.Hostname)
			}
			if w.SetAside != tc.want || w.Total != tc.total {
				t.Errorf("set-aside %v of %v, want %v of %v", w.SetAside, w.Total, tc.want, tc.total)
			}
		})
	}
}

func TestSetAsideFollowsHomeUpgrade(t *testing.T) {
	l := newLedger(t, Config{AgentRAM: gb(4)}, srv("home", 32))
	if err := l.UpdateServer(srv("home", 128)); err != nil {
		t.Fatal(err)
	}
	w, _ := l.Worker("home")
	if w.SetAside != gb(32) || w.Free != gb(96) {
		t.Errorf("after upgrade: %+v, want 32GB set aside and 96GB free", w)
	}
}

func TestNewRejects(t *testing.T) {
	for _, cfg := range []Config{
		{AgentRAM: -1},
		{SetAside: []SetAsideRule{{"", gb(1)}}},
		{SetAside: []SetAsideRule{{"[", gb(1)}}},
		{SetAside: []SetAsideRule{{"home", -1}}},
		{SetAside: []SetAsideRule{{"home", maxRAM + 1}}},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v): no error", cfg)
		}
	}
}

func TestWorkers(t *testing.T) {
	noRoot := srv("CSEC", 8)
	noRoot.HasAdminRights = false
	l := newLedger(t, Config{}, noRoot, srv("darkweb", 0), srv("n00dles", 4))
	if _, ok := l.Worker("CSEC"); ok {
		t.Error("a server without root became a worker")
	}
	if _, ok := l.Worker("darkweb"); ok {
		t.Error("a server without RAM became a worker")
	}
	if err := l.UpdateServer(srv("CSEC", 8)); err != nil {
		t.Fatal(err)
	}
	if w, ok := l.Worker("CSEC"); !ok || w.Free != gb(8) {
		t.Errorf("rooted CSEC: %+v, %v", w, ok)
	}
	// A worker without chunks that loses its RAM stops being a worker.
	if err := l.UpdateServer(srv("CSEC", 0)); err != nil {
		t.Fatal(err)
	}
	if _, ok := l.Worker("CSEC"); ok {
		t.Error("CSEC still a worker with no RAM")
	}
	// One with chunks stays, with its bookings shown as excess.
	g := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(2), NumChunks: 2})
	if err := l.UpdateServer(srv("n00dles", 0)); err != nil {
		t.Fatal(err)
	}
	w, ok := l.Worker("n00dles")
	if !ok || w.Total != 0 || w.Excess != gb(4) || w.Free != 0 {
		t.Errorf("n00dles after losing RAM: %+v, %v", w, ok)
	}
	checkInvariants(t, l)
	if _, err := l.Release(g.ID); err != nil {
		t.Fatal(err)
	}
	if err := l.UpdateServer(srv("n00dles", 0)); err != nil {
		t.Fatal(err)
	}
	if _, ok := l.Worker("n00dles"); ok {
		t.Error("n00dles still a worker after its chunks were freed")
	}
}

// TestHacknetServersAreNotWorkers: a hacknet server is rooted, linked to
// home and has RAM, but its RAM is worth hashes: it never becomes a worker,
// whatever its RAM, so nothing is placed or counted there; a server the
// player named like one is left alone too.
func TestHacknetServersAreNotWorkers(t *testing.T) {
	hacknet := purchased("hacknet-server-0", 1024)
	named := purchased("hacknet-server-mine", 64)
	for _, tc := range []struct {
		s    game.Server
		want bool
	}{
		{srv("n00dles", 4), true},
		{purchased("pserv-0", 8), true},
		{srv("home", 8), true},
		{srv("darkweb", 0), false},
		{func() game.Server { s := srv("CSEC", 8); s.HasAdminRights = false; return s }(), false},
		{hacknet, false},
		{named, false},
		{purchased("my-hacknet-server-0", 8), true},
	} {
		if got := IsWorker(tc.s); got != tc.want {
			t.Errorf("IsWorker(%s, root %v, %v) = %v, want %v", tc.s.Hostname, tc.s.HasAdminRights, tc.s.MaxRAM, got, tc.want)
		}
	}
	l := newLedger(t, Config{}, srv("n00dles", 4), hacknet, named)
	for _, h := range []string{hacknet.Hostname, named.Hostname} {
		if w, ok := l.Worker(h); ok {
			t.Errorf("%s became a worker: %+v", h, w)
		}
	}
	hacknet.MaxRAM = gb(8192) // upgraded
	if err := l.UpdateServer(hacknet); err != nil {
		t.Fatal(err)
	}
	if ws := l.Workers(); len(ws) != 1 || ws[0].Host != "n00dles" || l.FreeRAM() != gb(4) {
		t.Errorf("workers %+v, free %v; want n00dles alone, 4GB", ws, l.FreeRAM())
	}
	if _, err := l.Request(Request{Owner: ControllerOwner(), ChunkSize: gb(2), NumChunks: 3}); !errors.Is(err, ErrNotEnoughRAM) {
		t.Errorf("3 × 2GB beside an 8TB hacknet server: %v, want ErrNotEnoughRAM", err)
	}
	if _, err := l.Request(Request{Owner: ControllerOwner(), ChunkSize: gb(2), NumChunks: 1, Host: hacknet.Hostname}); err == nil {
		t.Error("a request pinned to the hacknet server was granted")
	}
	checkInvariants(t, l)
}

func TestPurchasedFlagMovesIndex(t *testing.T) {
	l := newLedger(t, Config{}, srv("a", 16), srv("b", 32), purchased("p", 8))
	g := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(4), NumChunks: 1, LongRunning: true})
	if g.Chunks[0].Host != "a" {
		t.Fatalf("long-running went to %v, want a (smallest ordinary)", g.Chunks)
	}
	// a turns out to be purchased: long-running work now prefers b.
	if err := l.UpdateServer(purchased("a", 16)); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, l)
	g = mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(4), NumChunks: 1, LongRunning: true})
	if g.Chunks[0].Host != "b" {
		t.Errorf("long-running went to %v, want b (the only ordinary server)", g.Chunks)
	}
	if h, f := l.LargestFree(); h != "b" || f != gb(28) {
		t.Errorf("LargestFree = %s %v, want b 28GB", h, f)
	}
}

func TestUpdateServerRejects(t *testing.T) {
	l := newLedger(t, Config{}, srv("home", 64), srv("n00dles", 4))
	mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(1), NumChunks: 3})
	bad := []game.Server{
		{Hostname: "", HasAdminRights: true, MaxRAM: gb(8)},
		{Hostname: "n00dles", HasAdminRights: true, MaxRAM: -1},
		{Hostname: "n00dles", HasAdminRights: true, MaxRAM: maxRAM + 1},
		{Hostname: "n00dles", HasAdminRights: true, MaxRAM: gb(4), RAMUsed: -5},
		{Hostname: "n00dles", HasAdminRights: true, MaxRAM: gb(4), Cores: -1},
	}
	for _, s := range bad {
		rejects(t, l, "UpdateServer "+s.Hostname, nil, func() error { return l.UpdateServer(s) })
	}
	rejects(t, l, "RemoveServer unknown", ErrUnknownHost, func() error { return l.RemoveServer("nowhere") })
	rejects(t, l, "ObserveUsed unknown", ErrUnknownHost, func() error { return l.ObserveUsed("nowhere", 1) })
	rejects(t, l, "ObserveUsed negative", nil, func() error { return l.ObserveUsed("home", -1) })
}

func TestPlacement(t *testing.T) {
	world := []game.Server{
		srv("home", 64), // 32GB set aside by default → 32 free
		srv("n00dles", 4),
		srv("foodnstuff", 16),
		srv("joesguns", 16),
		srv("phantasy", 32),
		purchased("pserv-0", 8),
		purchased("pserv-1", 64),
	}
	owner := ControllerOwner()
	for _, tc := range []struct {
		name string
		req  Request
		want []Chunks
		err  error
	}{
		{"one chunk goes to the tightest fit", Request{ChunkSize: gb(4), NumChunks: 1},
			[]Chunks{{"n00dles", 1}}, nil},
		{"ties go by name", Request{ChunkSize: gb(16), NumChunks: 1},
			[]Chunks{{"foodnstuff", 1}}, nil},
		{"whole request on one worker when it fits", Request{ChunkSize: gb(2), NumChunks: 8},
			[]Chunks{{"foodnstuff", 8}}, nil},
		{"split: largest first, remainder best fit", Request{ChunkSize: gb(8), NumChunks: 11},
			[]Chunks{{"pserv-1", 8}, {"phantasy", 3}}, nil},
		{"home is last for ordinary work", Request{ChunkSize: gb(8), NumChunks: 21},
			[]Chunks{{"pserv-1", 8}, {"phantasy", 4}, {"joesguns", 2}, {"foodnstuff", 2}, {"pserv-0", 1}, {"home", 4}}, nil},
		{"core-dependent prefers home", Request{ChunkSize: gb(8), NumChunks: 2, CoreDependent: true},
			[]Chunks{{"home", 2}}, nil},
		{"core-dependent overflows to others", Request{ChunkSize: gb(8), NumChunks: 6, CoreDependent: true},
			[]Chunks{{"home", 4}, {"foodnstuff", 2}}, nil},
		{"long-running prefers small ordinary servers", Request{ChunkSize: gb(4), NumChunks: 3, LongRunning: true},
			[]Chunks{{"n00dles", 1}, {"foodnstuff", 2}}, nil},
		{"long-running then purchased, then home", Request{ChunkSize: gb(16), NumChunks: 10, LongRunning: true},
			[]Chunks{{"foodnstuff", 1}, {"joesguns", 1}, {"phantasy", 2}, {"pserv-1", 4}, {"home", 2}}, nil},
		{"contiguous best fit", Request{ChunkSize: gb(4), NumChunks: 5, Contiguous: true},
			[]Chunks{{"phantasy", 5}}, nil},
		{"contiguous core-dependent on home", Request{ChunkSize: gb(4), NumChunks: 5, Contiguous: true, CoreDependent: true},
			[]Chunks{{"home", 5}}, nil},
		{"contiguous impossible", Request{ChunkSize: gb(8), NumChunks: 9, Contiguous: true},
			nil, ErrNoContiguous},
		{"contiguous shrinkable takes the biggest", Request{ChunkSize: gb(8), NumChunks: 9, Contiguous: true, Shrinkable: true},
			[]Chunks{{"pserv-1", 8}}, nil},
		{"chunk larger than any free RAM", Request{ChunkSize: gb(65), NumChunks: 1},
			nil, ErrChunkTooLarge},
		{"not enough total free RAM", Request{ChunkSize: gb(4), NumChunks: 100},
			nil, ErrNotEnoughRAM},
		{"shrinkable takes what fits", Request{ChunkSize: gb(16), NumChunks: 100, Shrinkable: true},
			[]Chunks{{"pserv-1", 4}, {"phantasy", 2}, {"joesguns", 1}, {"foodnstuff", 1}, {"home", 2}}, nil},
		{"growable takes what fits", Request{ChunkSize: gb(32), NumChunks: 5, Growable: true},
			[]Chunks{{"pserv-1", 2}, {"phantasy", 1}, {"home", 1}}, nil},
		{"pinned host", Request{ChunkSize: gb(1), NumChunks: 3, Host: "joesguns"},
			[]Chunks{{"joesguns", 3}}, nil},
		{"pinned host too small", Request{ChunkSize: gb(1), NumChunks: 5, Host: "n00dles"},
			nil, ErrNotEnoughRAM},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLedger(t, Config{}, world...)
			tc.req.Owner = owner
			if tc.err != nil {
				rejects(t, l, tc.name, tc.err, func() error { _, err := l.Request(tc.req); return err })
				return
			}
			g := mustRequest(t, l, tc.req)
			if !reflect.DeepEqual(g.Chunks, tc.want) {
				t.Errorf("placed %v, want %v", g.Chunks, tc.want)
			}
			checkInvariants(t, l)
		})
	}
}

func TestPlacementIsDeterministic(t *testing.T) {
	run := func() Snapshot {
		l := newLedger(t, Config{}, srv("home", 128), srv("a", 32), srv("b", 32), srv("c", 16), purchased("p", 64))
		for i := 1; i <= 20; i++ {
			_, _ = l.Request(Request{Owner: ProcessOwner(i), ChunkSize: gb(1.75) * game.RAM(i%4+1), NumChunks: i, Shrinkable: i%3 == 0})
		}
		return l.Snapshot()
	}
	if a, b := run(), run(); !reflect.DeepEqual(a, b) {
		t.Errorf("two identical runs differ:\n%+v\n%+v", a, b)
	}
}

func TestRequestRejects(t *testing.T) {
	l := newLedger(t, Config{}, srv("home", 64), srv("n00dles", 4))
	mustRequest(t, l, Request{Owner: ProcessOwner(1), ChunkSize: gb(1), NumChunks: 1})
	ok := Request{Owner: ProcessOwner(7), ChunkSize: gb(1.75), NumChunks: 1}
	for _, tc := range []struct {
		name string
		edit func(*Request)
		err  error
	}{
		{"zero owner", func(r *Request) { r.Owner = Owner{} }, ErrBadRequest},
		{"negative pid owner", func(r *Request) { r.Owner = ProcessOwner(-3) }, ErrBadRequest},
		{"owner both pid and controller", func(r *Request) { r.Owner = Owner{PID: 3, Controller: true} }, ErrBadRequest},
		{"zero chunk size", func(r *Request) { r.ChunkSize = 0 }, ErrBadRequest},
		{"negative chunk size", func(r *Request) { r.ChunkSize = -175 }, ErrBadRequest},
		{"huge chunk size", func(r *Request) { r.ChunkSize = maxRAM + 1 }, ErrBadRequest},
		{"zero chunks", func(r *Request) { r.NumChunks = 0 }, ErrBadRequest},
		{"negative chunks", func(r *Request) { r.NumChunks = -2 }, ErrBadRequest},
		{"overflowing total", func(r *Request) { r.NumChunks = 1 << 62 }, ErrBadRequest},
		{"core-dependent and long-running", func(r *Request) { r.CoreDependent, r.LongRunning = true, true }, ErrBadRequest},
		{"wait without deadline", func(r *Request) { r.Wait = true }, ErrBadRequest},
		{"wait with negative deadline", func(r *Request) { r.Wait, r.Deadline = true, -1 }, ErrBadRequest},
		{"unknown pinned host", func(r *Request) { r.Host = "nowhere" }, ErrUnknownHost},
		{"does not fit", func(r *Request) { r.NumChunks = 100 }, ErrNotEnoughRAM},
	} {
		r := ok
		tc.edit(&r)
		rejects(t, l, tc.name, tc.err, func() error { _, err := l.Request(r); return err })
	}
}

func TestClaimAndRelease(t *testing.T) {
	l := newLedger(t, Config{}, srv("a", 32), srv("b", 16))
	g := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(4), NumChunks: 12})
	if !reflect.DeepEqual(g.Chunks, []Chunks{{"a", 8}, {"b", 4}}) {
		t.Fatalf("placed %v", g.Chunks)
	}
	mustClaim(t, l, g.ID, Claim{PID: 10, Host: "a", Filename: "w.js", ChunkSize: gb(3.5), NumChunks: 5})
	mustClaim(t, l, g.ID, Claim{PID: 11, Host: "a", Filename: "w.js", ChunkSize: gb(4), NumChunks: 3})
	mustClaim(t, l, g.ID, Claim{PID: 12, Host: "b", Filename: "g.js", ChunkSize: gb(4), NumChunks: 1})
	checkInvariants(t, l)

	// A dead process frees exactly its chunks.
	if id, err := l.ReleasePID(10, "a"); err != nil || id != g.ID {
		t.Fatalf("ReleasePID(10): %v, %v", id, err)
	}
	a, _ := l.Allocation(g.ID)
	if a.Count != 7 || !reflect.DeepEqual(a.Chunks, []ChunkState{{"a", 3, 3}, {"b", 4, 1}}) {
		t.Errorf("after pid 10 ended: %+v", a)
	}
	if w, _ := l.Worker("a"); w.Allocated != gb(12) {
		t.Errorf("a allocated %v, want 12GB", w.Allocated)
	}
	rejects(t, l, "release twice", ErrNoClaim, func() error { _, err := l.ReleasePID(10, "a"); return err })
	rejects(t, l, "release on another host", ErrNoClaim, func() error { _, err := l.ReleasePID(11, "b"); return err })

	// The owner chooses which unclaimed chunks to give back.
	if err := l.Free(g.ID, "b", 2); err != nil {
		t.Fatal(err)
	}
	a, _ = l.Allocation(g.ID)
	if !reflect.DeepEqual(a.Chunks, []ChunkState{{"a", 3, 3}, {"b", 2, 1}}) {
		t.Errorf("after Free(b, 2): %+v", a.Chunks)
	}
	rejects(t, l, "free claimed chunks", ErrClaimTooLarge, func() error { return l.Free(g.ID, "a", 1) })
	rejects(t, l, "free more than unclaimed", ErrClaimTooLarge, func() error { return l.Free(g.ID, "b", 2) })

	// Releasing the allocation frees the unclaimed chunk now, the claimed
	// ones as their processes end.
	left, err := l.Release(g.ID)
	if err != nil || left != 4 {
		t.Fatalf("Release: %d, %v; want 4 claimed left", left, err)
	}
	rejects(t, l, "release allocation twice", ErrReleased, func() error { _, err := l.Release(g.ID); return err })
	rejects(t, l, "claim a released allocation", ErrReleased, func() error {
		return l.Claim(g.ID, Claim{PID: 20, Host: "a", ChunkSize: gb(1), NumChunks: 1})
	})
	for _, c := range []struct {
		pid  int
		host string
	}{{11, "a"}, {12, "b"}} {
		if _, err := l.ReleasePID(c.pid, c.host); err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, l)
	}
	if _, ok := l.Allocation(g.ID); ok {
		t.Error("allocation survives its last claim after Release")
	}
	if l.FreeRAM() != gb(48) {
		t.Errorf("free %v, want 48GB", l.FreeRAM())
	}
}

func TestAllocationEndsWithLastChunk(t *testing.T) {
	l := newLedger(t, Config{}, srv("a", 8))
	g := mustRequest(t, l, Request{Owner: ProcessOwner(5), ChunkSize: gb(2), NumChunks: 2})
	mustClaim(t, l, g.ID, Claim{PID: 6, Host: "a", ChunkSize: gb(2), NumChunks: 1})
	if err := l.Free(g.ID, "a", 1); err != nil {
		t.Fatal(err)
	}
	if _, ok := l.Allocation(g.ID); !ok {
		t.Fatal("allocation ended while a chunk is claimed")
	}
	if _, err := l.ReleasePID(6, "a"); err != nil {
		t.Fatal(err)
	}
	if _, ok := l.Allocation(g.ID); ok {
		t.Error("allocation with no chunk left did not end")
	}
}

func TestClaimRejects(t *testing.T) {
	l := newLedger(t, Config{}, srv("a", 32), srv("b", 4), srv("c", 8))
	g := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(4), NumChunks: 9})
	mustClaim(t, l, g.ID, Claim{PID: 1, Host: "a", ChunkSize: gb(4), NumChunks: 2})
	other := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(4), NumChunks: 1, Host: "c"})
	mustClaim(t, l, other.ID, Claim{PID: 2, Host: "c", ChunkSize: gb(4), NumChunks: 1})
	queued := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(64), NumChunks: 1, Wait: true, Deadline: 100})
	ok := Claim{PID: 9, Host: "a", Filename: "h.js", ChunkSize: gb(4), NumChunks: 1}
	for _, tc := range []struct {
		name string
		id   ID
		edit func(*Claim)
		err  error
	}{
		{"unknown allocation", 999, func(*Claim) {}, ErrUnknownAlloc},
		{"zero pid", g.ID, func(c *Claim) { c.PID = 0 }, ErrBadRequest},
		{"negative pid", g.ID, func(c *Claim) { c.PID = -1 }, ErrBadRequest},
		{"empty host", g.ID, func(c *Claim) { c.Host = "" }, ErrBadRequest},
		{"zero chunk size", g.ID, func(c *Claim) { c.ChunkSize = 0 }, ErrBadRequest},
		{"negative chunk size", g.ID, func(c *Claim) { c.ChunkSize = -1 }, ErrBadRequest},
		{"zero chunks", g.ID, func(c *Claim) { c.NumChunks = 0 }, ErrBadRequest},
		{"negative chunks", g.ID, func(c *Claim) { c.NumChunks = -4 }, ErrBadRequest},
		{"host where the allocation has no chunk", g.ID, func(c *Claim) { c.Host = "c" }, ErrNoChunkOnHost},
		{"host that is not a worker", g.ID, func(c *Claim) { c.Host = "nowhere" }, ErrNoChunkOnHost},
		{"chunk size larger than the allocation's", g.ID, func(c *Claim) { c.ChunkSize = gb(4.01) }, ErrClaimTooLarge},
		{"more chunks than unclaimed", g.ID, func(c *Claim) { c.NumChunks = 7 }, ErrClaimTooLarge},
		{"pid already claims here", g.ID, func(c *Claim) { c.PID = 1 }, ErrDuplicateClaim},
		{"pid claims in another allocation", g.ID, func(c *Claim) { c.PID, c.Host = 2, "c" }, ErrDuplicateClaim},
		{"waiting allocation", queued.ID, func(*Claim) {}, ErrPending},
	} {
		c := ok
		tc.edit(&c)
		rejects(t, l, tc.name, tc.err, func() error { return l.Claim(tc.id, c) })
	}
}

func TestReleaseRejects(t *testing.T) {
	l := newLedger(t, Config{}, srv("a", 32), srv("b", 8))
	g := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(4), NumChunks: 2, Host: "a"})
	queued := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(64), NumChunks: 1, Wait: true, Deadline: 100})
	rejects(t, l, "free unknown allocation", ErrUnknownAlloc, func() error { return l.Free(999, "a", 1) })
	rejects(t, l, "free zero chunks", ErrBadRequest, func() error { return l.Free(g.ID, "a", 0) })
	rejects(t, l, "free negative chunks", ErrBadRequest, func() error { return l.Free(g.ID, "a", -1) })
	rejects(t, l, "free where it has none", ErrNoChunkOnHost, func() error { return l.Free(g.ID, "b", 1) })
	rejects(t, l, "free on unknown host", ErrNoChunkOnHost, func() error { return l.Free(g.ID, "zz", 1) })
	rejects(t, l, "free too many", ErrClaimTooLarge, func() error { return l.Free(g.ID, "a", 3) })
	rejects(t, l, "free a waiting request", ErrPending, func() error { return l.Free(queued.ID, "a", 1) })
	rejects(t, l, "release unknown", ErrUnknownAlloc, func() error { _, err := l.Release(999); return err })
	rejects(t, l, "release unknown pid", ErrNoClaim, func() error { _, err := l.ReleasePID(77, "a"); return err })
	rejects(t, l, "transfer unknown", ErrUnknownAlloc, func() error { return l.Transfer(999, ProcessOwner(3)) })
	rejects(t, l, "transfer to nobody", ErrBadRequest, func() error { return l.Transfer(g.ID, Owner{}) })
	if _, err := l.Release(g.ID); err != nil {
		t.Fatal(err)
	}
	rejects(t, l, "release ended allocation", ErrUnknownAlloc, func() error { _, err := l.Release(g.ID); return err })
	rejects(t, l, "fit zero", ErrBadRequest, func() error { _, _, err := l.Fit(0); return err })
	rejects(t, l, "fit negative", ErrBadRequest, func() error { _, _, err := l.Fit(-175); return err })
}

// Seed scenario 1: a client allocates 300 chunks of 8 GB and hands them to
// several processes that each claim a part and exit at different times;
// each exit frees exactly its part.
func TestSeedScenarioHandOut(t *testing.T) {
	var servers []game.Server
	for i := range 10 {
		servers = append(servers, purchased("pserv-"+string(rune('a'+i)), 256))
	}
	l := newLedger(t, Config{}, servers...)
	client := ProcessOwner(1)
	g := mustRequest(t, l, Request{Owner: client, ChunkSize: gb(8), NumChunks: 300})
	// Each host's chunks go to three processes: a third, a quarter and the rest.
	type part struct {
		pid  int
		host string
		n    int
	}
	var parts []part
	pid := 100
	for _, c := range g.Chunks {
		for _, n := range []int{c.N / 3, c.N / 4, c.N - c.N/3 - c.N/4} {
			pid++
			mustClaim(t, l, g.ID, Claim{PID: pid, Host: c.Host, Filename: "w.js", ChunkSize: gb(8), NumChunks: n})
			parts = append(parts, part{pid, c.Host, n})
		}
	}
	checkInvariants(t, l)
	// Exit in a scrambled order.
	held := 300
	for i := range parts {
		p := parts[(i*7)%len(parts)]
		before, _ := l.Worker(p.host)
		total := l.FreeRAM()
		if _, err := l.ReleasePID(p.pid, p.host); err != nil {
			t.Fatalf("ReleasePID(%d, %s): %v", p.pid, p.host, err)
		}
		held -= p.n
		after, _ := l.Worker(p.host)
		if d := before.Allocated - after.Allocated; d != gb(8)*game.RAM(p.n) {
			t.Fatalf("pid %d exit freed %v on %s, want %v", p.pid, d, p.host, gb(8)*game.RAM(p.n))
		}
		if d := l.FreeRAM() - total; d != gb(8)*game.RAM(p.n) {
			t.Fatalf("pid %d exit freed %v in total, want %v", p.pid, d, gb(8)*game.RAM(p.n))
		}
		a, ok := l.Allocation(g.ID)
		if held > 0 && (!ok || a.Count != held) {
			t.Fatalf("after pid %d: allocation %+v, want %d chunks", p.pid, a, held)
		}
		checkInvariants(t, l)
	}
	if _, ok := l.Allocation(g.ID); ok {
		t.Error("allocation outlives every chunk")
	}
	if l.FreeRAM() != gb(2560) {
		t.Errorf("free %v after every exit, want 2560GB", l.FreeRAM())
	}
}

// Seed scenario 2: a client takes all but 8 GB of free RAM in 8 GB chunks,
// then asks for a growable 32 × 8 GB, gets 1 chunk, and as it releases one
// 8 GB chunk at a time the growable allocation grows by exactly one chunk
// each time.
func TestSeedScenarioGrowable(t *testing.T) {
	l := newLedger(t, Config{}, srv("home", 128), srv("a", 64), srv("b", 32), purchased("p", 256))
	fit, _, err := l.Fit(gb(8))
	if err != nil {
		t.Fatal(err)
	}
	client := ProcessOwner(1)
	bulk := mustRequest(t, l, Request{Owner: client, ChunkSize: gb(8), NumChunks: fit - 1})
	grow := mustRequest(t, l, Request{Owner: client, ChunkSize: gb(8), NumChunks: 32, Growable: true})
	if n := sumChunks(grow.Chunks); n != 1 {
		t.Fatalf("growable got %d chunks, want 1", n)
	}
	if l.FreeRAM() != 0 {
		t.Fatalf("free %v, want 0", l.FreeRAM())
	}
	have := 1
	for _, c := range bulk.Chunks {
		for range c.N {
			if have == 32 {
				break
			}
			if err := l.Free(bulk.ID, c.Host, 1); err != nil {
				t.Fatal(err)
			}
			ns := l.Drain()
			if len(ns) != 1 || ns[0].Kind != Grew || ns[0].ID != grow.ID || sumChunks(ns[0].Chunks) != 1 {
				t.Fatalf("after freeing a chunk on %s: notices %+v, want one Grew of 1 chunk", c.Host, ns)
			}
			have++
			a, _ := l.Allocation(grow.ID)
			if a.Count != have {
				t.Fatalf("growable holds %d, want %d", a.Count, have)
			}
			checkInvariants(t, l)
		}
	}
	if have != 32 {
		t.Fatalf("grew to %d only", have)
	}
	// Full: the next free chunk stays free.
	if err := l.Free(bulk.ID, "p", 1); err != nil {
		t.Fatal(err)
	}
	if ns := l.Drain(); len(ns) != 0 || l.FreeRAM() != gb(8) {
		t.Errorf("a full growable took more: %+v, free %v", ns, l.FreeRAM())
	}
}

func sumChunks(cs []Chunks) int {
	n := 0
	for _, c := range cs {
		n += c.N
	}
	return n
}

func TestGrowthIsFair(t *testing.T) {
	l := newLedger(t, Config{}, srv("a", 64))
	fill := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(8), NumChunks: 8})
	old := mustRequest(t, l, Request{Owner: ProcessOwner(1), ChunkSize: gb(8), NumChunks: 10, Growable: true, Wait: true, Deadline: 1000})
	young := mustRequest(t, l, Request{Owner: ProcessOwner(2), ChunkSize: gb(8), NumChunks: 10, Growable: true, Wait: true, Deadline: 1000})
	l.Drain()
	got := map[ID]int{}
	for range 6 {
		if err := l.Free(fill.ID, "a", 1); err != nil {
			t.Fatal(err)
		}
		for _, n := range l.Drain() {
			got[n.ID] += sumChunks(n.Chunks)
		}
	}
	if got[old.ID] != 3 || got[young.ID] != 3 {
		t.Errorf("6 freed chunks went %d to the older and %d to the younger, want 3 each", got[old.ID], got[young.ID])
	}
	checkInvariants(t, l)
}

func TestPendingQueue(t *testing.T) {
	l := newLedger(t, Config{}, srv("a", 32))
	fill := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(8), NumChunks: 4})
	low := mustRequest(t, l, Request{Owner: ProcessOwner(1), ChunkSize: gb(8), NumChunks: 1, Wait: true, Priority: 1, Deadline: 5000})
	high := mustRequest(t, l, Request{Owner: ProcessOwner(2), ChunkSize: gb(8), NumChunks: 1, Wait: true, Priority: 5, Deadline: 9000})
	big := mustRequest(t, l, Request{Owner: ProcessOwner(3), ChunkSize: gb(16), NumChunks: 1, Wait: true, Priority: 5, Deadline: 3000})
	grow := mustRequest(t, l, Request{Owner: ProcessOwner(4), ChunkSize: gb(8), NumChunks: 2, Growable: true, Wait: true, Priority: 0, Deadline: 8000})
	for _, g := range []Grant{low, high, big, grow} {
		if !g.Pending || g.ID == 0 {
			t.Fatalf("grant %+v not pending", g)
		}
	}
	if l.Waiting() != 4 {
		t.Fatalf("%d waiting, want 4", l.Waiting())
	}
	if at, ok := l.NextDeadline(); !ok || at != 3000 {
		t.Errorf("next deadline %v %v, want 3000", at, ok)
	}
	// A new request of no higher priority may not jump the queue.
	rejects(t, l, "jump the queue", ErrQueueAhead, func() error {
		_, err := l.Request(Request{Owner: ProcessOwner(9), ChunkSize: gb(1), NumChunks: 1, Priority: 5})
		return err
	})

	// One chunk frees: high (priority 5, first) gets it.
	if err := l.Free(fill.ID, "a", 1); err != nil {
		t.Fatal(err)
	}
	ns := l.Drain()
	if len(ns) != 1 || ns[0].Kind != Granted || ns[0].ID != high.ID {
		t.Fatalf("notices %+v, want high granted", ns)
	}
	// The next chunk: big needs 16GB, blocks everything behind it.
	if err := l.Free(fill.ID, "a", 1); err != nil {
		t.Fatal(err)
	}
	if ns := l.Drain(); len(ns) != 0 {
		t.Fatalf("notices %+v, want none while big waits", ns)
	}
	// Before the deadline nothing expires; at it, big is denied and the
	// 8GB free goes to low.
	if n := l.Expire(2999); n != 0 {
		t.Fatalf("expired %d before the deadline", n)
	}
	if n := l.Expire(3000); n != 1 {
		t.Fatalf("expired %d at the deadline, want 1", n)
	}
	ns = l.Drain()
	if len(ns) != 2 || ns[0].Kind != Denied || ns[0].ID != big.ID || !errors.Is(ns[0].Err, ErrTimeout) ||
		!errors.Is(ns[0].Err, ErrChunkTooLarge) || ns[1].Kind != Granted || ns[1].ID != low.ID {
		t.Fatalf("notices %+v, want big denied then low granted", ns)
	}
	if _, ok := l.Allocation(big.ID); ok {
		t.Error("denied request still known")
	}
	// The waiting growable is cancelled by its owner.
	if _, err := l.Release(grow.ID); err != nil {
		t.Fatal(err)
	}
	if l.Waiting() != 0 {
		t.Errorf("%d waiting after cancel", l.Waiting())
	}
	if _, ok := l.NextDeadline(); ok {
		t.Error("a deadline with nothing waiting")
	}
	checkInvariants(t, l)
}

func TestHigherPriorityGoesFirst(t *testing.T) {
	l := newLedger(t, Config{}, srv("a", 8))
	mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(16), NumChunks: 1, Wait: true, Deadline: 10, Priority: 1})
	g, err := l.Request(Request{Owner: ControllerOwner(), ChunkSize: gb(4), NumChunks: 1, Priority: 2})
	if err != nil || g.Pending {
		t.Errorf("higher priority request: %+v, %v; want it placed", g, err)
	}
}

func TestCleanup(t *testing.T) {
	l := newLedger(t, Config{}, srv("a", 64), srv("b", 64))
	ctl := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(4), NumChunks: 2})
	failed := mustRequest(t, l, Request{Owner: ProcessOwner(1), ChunkSize: gb(4), NumChunks: 2})  // never claimed
	handed := mustRequest(t, l, Request{Owner: ProcessOwner(2), ChunkSize: gb(4), NumChunks: 2})  // owner dies, claimer lives
	shared := mustRequest(t, l, Request{Owner: ProcessOwner(3), ChunkSize: gb(4), NumChunks: 2})  // both claimers die
	moved := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(4), NumChunks: 1}) // transferred to a dead pid
	host := func(g Grant) string { return g.Chunks[0].Host }
	mustClaim(t, l, ctl.ID, Claim{PID: 50, Host: host(ctl), ChunkSize: gb(4), NumChunks: 1})
	mustClaim(t, l, handed.ID, Claim{PID: 51, Host: host(handed), ChunkSize: gb(4), NumChunks: 1})
	mustClaim(t, l, shared.ID, Claim{PID: 52, Host: host(shared), ChunkSize: gb(4), NumChunks: 1})
	mustClaim(t, l, shared.ID, Claim{PID: 53, Host: host(shared), ChunkSize: gb(4), NumChunks: 1})
	if err := l.Transfer(moved.ID, ProcessOwner(60)); err != nil {
		t.Fatal(err)
	}
	waiting := mustRequest(t, l, Request{Owner: ProcessOwner(4), ChunkSize: gb(512), NumChunks: 1, Wait: true, Deadline: 99})

	// Alive: owner 3 and claimer 51; 50, 52 and 53 are dead.
	res := l.Cleanup([]int{3, 51})
	if res.Claims != 3 || res.Allocations != 3 {
		t.Errorf("Cleanup: %+v, want 3 claims and 3 allocations (never-claimed, transferred, waiting)", res)
	}
	for _, tc := range []struct {
		id    ID
		alive bool
		count int
	}{{ctl.ID, true, 1}, {failed.ID, false, 0}, {handed.ID, true, 2}, {shared.ID, false, 0}, {moved.ID, false, 0}, {waiting.ID, false, 0}} {
		a, ok := l.Allocation(tc.id)
		if ok != tc.alive || ok && a.Count != tc.count {
			t.Errorf("%v: present %v with %d chunks, want present %v with %d", tc.id, ok, a.Count, tc.alive, tc.count)
		}
	}
	checkInvariants(t, l)
	// Cleanup again changes nothing.
	before := l.Snapshot()
	if res := l.Cleanup([]int{3, 51}); res != (Cleaned{}) || !reflect.DeepEqual(before, l.Snapshot()) {
		t.Errorf("second cleanup: %+v", res)
	}
}

func TestReserved(t *testing.T) {
	ours := func(p world.Process) bool { return len(p.Args) > 0 && p.Args[len(p.Args)-1] == "bbctl" }
	l := newLedger(t, Config{}, srv("a", 64))
	g := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(8), NumChunks: 2})
	mustClaim(t, l, g.ID, Claim{PID: 1, Host: "a", ChunkSize: gb(7), NumChunks: 1})
	procs := []world.Process{
		{PID: 1, Host: "a", Filename: "w.js", Threads: 4, RAM: gb(1.75)},                           // claimer (untagged but claims)
		{PID: 2, Host: "a", Filename: "player.js", Threads: 2, RAM: gb(5)},                         // foreign
		{PID: 3, Host: "a", Filename: "agent.js", Threads: 1, RAM: gb(3), Args: []string{"bbctl"}}, // ours, no claim
	}
	if err := l.UpdateReserved("a", procs, ours); err != nil {
		t.Fatal(err)
	}
	w, _ := l.Worker("a")
	if w.Reserved != gb(10) || w.Free != gb(38) {
		t.Errorf("reserved %v free %v, want 10GB and 38GB", w.Reserved, w.Free)
	}
	// A waiting request that needs the player's RAM.
	wait := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(42), NumChunks: 1, Wait: true, Deadline: 1e6})
	// The player's script ends: reserved drops and the request is granted.
	if err := l.UpdateReserved("a", []world.Process{procs[0], procs[2]}, ours); err != nil {
		t.Fatal(err)
	}
	if ns := l.Drain(); len(ns) != 1 || ns[0].Kind != Granted || ns[0].ID != wait.ID {
		t.Errorf("after the player's script ended: %+v, want a grant", ns)
	}
	// The world uses more than the ledger books: the excess is reserved.
	if err := l.ObserveUsed("a", gb(64)); err != nil {
		t.Fatal(err)
	}
	w, _ = l.Worker("a")
	if w.Reserved != gb(6) || w.Free != 0 {
		t.Errorf("after observing 64GB used: %+v, want 6GB reserved", w)
	}
	// Less used than booked changes nothing.
	if err := l.ObserveUsed("a", gb(1)); err != nil {
		t.Fatal(err)
	}
	if w2, _ := l.Worker("a"); w2 != w {
		t.Errorf("observing less used changed %+v to %+v", w, w2)
	}
	// UpdateServer reserves unexplained used RAM too.
	s := srv("a", 64)
	s.RAMUsed = gb(64)
	if err := l.UpdateServer(s); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, l)

	bad := [][]world.Process{
		{{PID: 9, Host: "b", Threads: 1, RAM: gb(1)}},
		{{PID: 9, Host: "a", Threads: 0, RAM: gb(1)}},
		{{PID: 9, Host: "a", Threads: -1, RAM: gb(1)}},
		{{PID: 9, Host: "a", Threads: 1, RAM: -1}},
		{{PID: 9, Host: "a", Threads: 1 << 40, RAM: 1 << 40}},
		{{PID: 9, Host: "a", Threads: 1 << 20, RAM: maxRAM >> 20}, {PID: 10, Host: "a", Threads: 1 << 20, RAM: maxRAM >> 20}},
	}
	for i, procs := range bad {
		rejects(t, l, "bad processes "+string(rune('0'+i)), nil, func() error { return l.UpdateReserved("a", procs, ours) })
	}
	rejects(t, l, "nil predicate", nil, func() error { return l.UpdateReserved("a", nil, nil) })
	rejects(t, l, "unknown host", ErrUnknownHost, func() error { return l.UpdateReserved("zz", nil, ours) })
}

func TestRemoveServer(t *testing.T) {
	l := newLedger(t, Config{}, srv("a", 16), srv("b", 16), srv("c", 64))
	g := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(8), NumChunks: 4, Host: "c"})
	grow := mustRequest(t, l, Request{Owner: ProcessOwner(1), ChunkSize: gb(16), NumChunks: 3, Growable: true, Contiguous: true, Host: "c"})
	mustClaim(t, l, g.ID, Claim{PID: 5, Host: "c", ChunkSize: gb(8), NumChunks: 2})
	if len(grow.Chunks) != 1 || grow.Chunks[0] != (Chunks{"c", 2}) {
		t.Fatalf("growable placed %v", grow.Chunks)
	}
	l.Drain()
	if err := l.RemoveServer("c"); err != nil {
		t.Fatal(err)
	}
	ns := l.Drain()
	if len(ns) != 2 || ns[0].Kind != Lost || ns[0].ID != g.ID || !ns[0].Ended || len(ns[0].Claims) != 1 ||
		ns[1].Kind != Lost || ns[1].ID != grow.ID || ns[1].Ended {
		t.Fatalf("notices %+v", ns)
	}
	if _, ok := l.Allocation(g.ID); ok {
		t.Error("allocation whose only server vanished survives")
	}
	if a, ok := l.Allocation(grow.ID); !ok || a.Count != 0 {
		t.Errorf("growable after losing its server: %+v %v", a, ok)
	}
	if _, err := l.ReleasePID(5, "c"); !errors.Is(err, ErrNoClaim) {
		t.Errorf("claim on the removed server: %v", err)
	}
	checkInvariants(t, l)
}

func TestFit(t *testing.T) {
	l := newLedger(t, Config{AgentRAM: gb(4)}, srv("home", 8), srv("a", 16), srv("b", 3.5))
	n, where, err := l.Fit(gb(1.75))
	want := []Chunks{{"a", 9}, {"b", 2}, {"home", 2}}
	if err != nil || n != 13 || !reflect.DeepEqual(where, want) {
		t.Errorf("Fit(1.75GB) = %d, %v, %v; want 13, %v", n, where, err, want)
	}
}

func TestSnapshotJSONRoundTrip(t *testing.T) {
	l := newLedger(t, Config{}, srv("home", 64), srv("a", 32), purchased("p", 16))
	g := mustRequest(t, l, Request{Owner: ControllerOwner(), Label: "batch", ChunkSize: gb(1.75), NumChunks: 20, Growable: true})
	mustClaim(t, l, g.ID, Claim{PID: 3, Host: g.Chunks[0].Host, Filename: "bbctl/w.js", ChunkSize: gb(1.75), NumChunks: 2})
	mustRequest(t, l, Request{Owner: ProcessOwner(4), ChunkSize: gb(512), NumChunks: 1, Wait: true, Priority: 2, Deadline: 77})
	s := l.Snapshot()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back Snapshot
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, back) {
		t.Errorf("round trip:\n%+v\n%+v", s, back)
	}
}
