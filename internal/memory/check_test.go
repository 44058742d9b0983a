package memory

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"bbctl/internal/world"
)

// healthy returns a ledger snapshot and a matching world: home with the
// agent and a player script, two workers, three allocations (one waiting).
func healthy(t testing.TB) (Snapshot, WorldView) {
	l := newLedger(t, Config{AgentRAM: gb(4)}, srv("home", 64), srv("a", 32), purchased("p", 16))
	g := mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(8), NumChunks: 5})
	mustClaim(t, l, g.ID, Claim{PID: 10, Host: "p", Filename: "bbctl/w.js", ChunkSize: gb(7), NumChunks: 1})
	mustClaim(t, l, g.ID, Claim{PID: 11, Host: "a", Filename: "bbctl/g.js", ChunkSize: gb(8), NumChunks: 1})
	h := mustRequest(t, l, Request{Owner: ProcessOwner(20), ChunkSize: gb(2), NumChunks: 2, CoreDependent: true})
	mustClaim(t, l, h.ID, Claim{PID: 21, Host: "home", Filename: "solver.js", ChunkSize: gb(2), NumChunks: 1})
	mustRequest(t, l, Request{Owner: ProcessOwner(20), ChunkSize: gb(512), NumChunks: 1, Wait: true, Deadline: 10})
	player := world.Process{PID: 30, Host: "home", Filename: "mine.js", Threads: 1, RAM: gb(6)}
	if err := l.UpdateReserved("home", []world.Process{player}, func(world.Process) bool { return false }); err != nil {
		t.Fatal(err)
	}
	v := WorldView{Servers: []ServerView{
		{Host: "home", MaxRAM: gb(64), UsedRAM: gb(6) + gb(2) + gb(4), Processes: []world.Process{
			player,
			{PID: 20, Host: "home", Filename: "owner.js", Threads: 1, RAM: gb(4), Args: []string{"bbctl"}},
			{PID: 21, Host: "home", Filename: "solver.js", Threads: 1, RAM: gb(2)},
		}},
		{Host: "a", MaxRAM: gb(32), UsedRAM: gb(8), Processes: []world.Process{
			{PID: 11, Host: "a", Filename: "bbctl/g.js", Threads: 4, RAM: gb(2)},
		}},
		{Host: "p", MaxRAM: gb(16), UsedRAM: gb(7), Processes: []world.Process{
			{PID: 10, Host: "p", Filename: "bbctl/w.js", Threads: 4, RAM: gb(1.75)},
		}},
		{Host: "CSEC", MaxRAM: gb(8)},
	}}
	return l.Snapshot(), v
}

func TestCheckHealthy(t *testing.T) {
	s, v := healthy(t)
	if ps := Check(s, v); len(ps) != 0 {
		t.Errorf("healthy ledger: %v", ps)
	}
}

func TestCheckFinds(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Snapshot, *WorldView)
		want []ProblemKind
	}{
		{"allocated off by one chunk", func(s *Snapshot, v *WorldView) { s.Workers[2].Allocated += gb(8) },
			[]ProblemKind{AllocatedMismatch}},
		{"books more than the server", func(s *Snapshot, v *WorldView) { s.Workers[2].Reserved = gb(10) },
			[]ProblemKind{Overbooked}},
		{"chunk count wrong", func(s *Snapshot, v *WorldView) { s.Allocations[0].Count = 4 },
			[]ProblemKind{CountMismatch}},
		{"more chunks than requested", func(s *Snapshot, v *WorldView) { s.Allocations[0].Want = 4 },
			[]ProblemKind{OverGrown}},
		{"claimed beyond chunks", func(s *Snapshot, v *WorldView) {
			a := &s.Allocations[0]
			a.Chunks[1].Claimed = 5
			a.Claims[1].NumChunks = 5
		}, []ProblemKind{ClaimsExceed}},
		{"claimed count disagrees with claims", func(s *Snapshot, v *WorldView) { s.Allocations[0].Chunks[0].Claimed = 0 },
			[]ProblemKind{ClaimMismatch}},
		{"claim on a host without chunks", func(s *Snapshot, v *WorldView) { s.Allocations[1].Claims[0].Host = "a" },
			[]ProblemKind{ClaimMismatch, ClaimsExceed, DeadClaim}},
		{"claim chunk larger than the allocation's", func(s *Snapshot, v *WorldView) { s.Allocations[0].Claims[0].ChunkSize = gb(9) },
			[]ProblemKind{ClaimTooLarge}},
		{"chunks on a non-worker", func(s *Snapshot, v *WorldView) { s.Workers = s.Workers[1:] },
			[]ProblemKind{ChunksOffWorker}},
		{"worker gone from the world", func(s *Snapshot, v *WorldView) { v.Servers = slices.Delete(v.Servers, 1, 2) },
			[]ProblemKind{DeadClaim, MissingServer}},
		{"total differs", func(s *Snapshot, v *WorldView) { v.Servers[1].MaxRAM = gb(64) },
			[]ProblemKind{TotalMismatch}},
		{"world uses more than a server has", func(s *Snapshot, v *WorldView) { v.Servers[3].UsedRAM = gb(9) },
			[]ProblemKind{UsedOverMax}},
		{"world uses more than booked", func(s *Snapshot, v *WorldView) { v.Servers[2].UsedRAM = gb(9) },
			[]ProblemKind{Unbooked}},
		{"claimer died", func(s *Snapshot, v *WorldView) { v.Servers[1].Processes = nil; v.Servers[1].UsedRAM = 0 },
			[]ProblemKind{DeadClaim}},
		{"claimer uses more than claimed", func(s *Snapshot, v *WorldView) { v.Servers[2].Processes[0].Threads = 5 },
			[]ProblemKind{ProcessTooBig}},
		{"owner and claimers dead", func(s *Snapshot, v *WorldView) {
			v.Servers[0].Processes = v.Servers[0].Processes[:1]
		}, []ProblemKind{DeadClaim, Orphan, Orphan}},
		{"impossible process", func(s *Snapshot, v *WorldView) {
			v.Servers[3].Processes = []world.Process{{PID: 5, Host: "CSEC", Threads: 0}}
		},
			[]ProblemKind{BadProcessInfo}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, v := healthy(t)
			tc.edit(&s, &v)
			var got []ProblemKind
			for _, p := range Check(s, v) {
				got = append(got, p.Kind)
				if p.Detail == "" || !strings.HasPrefix(p.String(), string(p.Kind)) {
					t.Errorf("problem %+v: empty detail or bad String %q", p, p.String())
				}
			}
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("problems %v, want %v\n%v", got, want, Check(s, v))
			}
		})
	}
}

// FuzzCheck feeds Check arbitrary snapshots and world views, as a
// "bbctl leak-check" reading them from outside would: it must never panic,
// and every problem it reports must say what is wrong.
func FuzzCheck(f *testing.F) {
	f.Add([]byte(`{"workers":[{"host":"a","total":800,"allocated":400}],"allocations":[{"id":1,"owner":{"pid":3},"chunk_size":200,"want":2,"count":2,"chunks":[{"host":"a","n":2,"claimed":1}],"claims":[{"pid":4,"host":"a","chunk_size":200,"num_chunks":1}]}]}`),
		[]byte(`{"servers":[{"host":"a","max_ram":800,"ram_used":200,"processes":[{"pid":4,"host":"a","threads":1,"ram":200}]}]}`))
	f.Add([]byte(`{"workers":[{"host":"a","total":-1,"allocated":9223372036854775807}],"allocations":[{"chunk_size":9223372036854775807,"count":-5,"chunks":[{"host":"b","n":9223372036854775807}]}]}`),
		[]byte(`{"servers":[{"host":"a","processes":[{"pid":1,"threads":-3,"ram":-9}]}]}`))
	f.Fuzz(func(t *testing.T, snap, view []byte) {
		var s Snapshot
		var v WorldView
		if json.Unmarshal(snap, &s) != nil || json.Unmarshal(view, &v) != nil {
			return
		}
		for _, p := range Check(s, v) {
			if p.Kind == "" || p.Detail == "" {
				t.Fatalf("problem without kind or detail: %+v", p)
			}
		}
	})
}
