package memory

import (
	"cmp"
	"fmt"
	"slices"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// WorldView is what the leak check reads of the world: every server's RAM
// and the processes running on it. It is plain data, so it can come from
// the simulator or the live game.
type WorldView struct {
	Servers []ServerView `json:"servers"`
}

// ServerView is one server as the world reports it.
type ServerView struct {
	Host      string          `json:"host"`
	MaxRAM    game.RAM        `json:"max_ram"`
	UsedRAM   game.RAM        `json:"ram_used"`
	Processes []world.Process `json:"processes"`
}

// ProblemKind names an inconsistency found by Check.
type ProblemKind string

// The inconsistencies Check reports.
const (
	// Within the ledger.
	AllocatedMismatch ProblemKind = "allocated-mismatch" // a worker's allocated RAM ≠ the sum of chunks on it
	Overbooked        ProblemKind = "overbooked"         // reserved + allocated > total: booked chunks cannot all run
	CountMismatch     ProblemKind = "count-mismatch"     // an allocation's chunk count ≠ the sum of its chunks
	OverGrown         ProblemKind = "over-grown"         // an allocation holds more chunks than requested
	ClaimsExceed      ProblemKind = "claims-exceed"      // more chunks claimed on a host than the allocation has there
	ClaimMismatch     ProblemKind = "claim-mismatch"     // the claimed count ≠ the sum of claims on a host
	ClaimTooLarge     ProblemKind = "claim-too-large"    // a claim's chunk size exceeds the allocation's
	ChunksOffWorker   ProblemKind = "chunks-off-worker"  // chunks booked on a host that is not a worker

	// Between the ledger and the world.
	MissingServer  ProblemKind = "missing-server"  // a worker the world does not have
	TotalMismatch  ProblemKind = "total-mismatch"  // a worker's total ≠ the server's max RAM
	UsedOverMax    ProblemKind = "used-over-max"   // the world uses more than a server has
	Unbooked       ProblemKind = "unbooked"        // the world uses more than set-aside + reserved + allocated: free RAM is not free
	DeadClaim      ProblemKind = "dead-claim"      // a claim whose process is not running on its host
	ProcessTooBig  ProblemKind = "process-too-big" // a claimer uses more RAM than its claim
	Orphan         ProblemKind = "orphan"          // an allocation with no live owner and no live claimer
	BadProcessInfo ProblemKind = "bad-process"     // the world reports an impossible process
)

// Problem is one inconsistency. Host, ID and PID are set when they apply.
type Problem struct {
	Kind   ProblemKind `json:"kind"`
	Host   string      `json:"host,omitempty"`
	ID     ID          `json:"id,omitempty"`
	PID    int         `json:"pid,omitempty"`
	Detail string      `json:"detail"`
}

// String formats p as one line.
func (p Problem) String() string {
	s := string(p.Kind)
	if p.Host != "" {
		s += " " + p.Host
	}
	if p.ID != 0 {
		s += " " + p.ID.String()
	}
	if p.PID != 0 {
		s += fmt.Sprintf(" pid %d", p.PID)
	}
	return s + ": " + p.Detail
}

// Check compares a snapshot of the ledger with the world and returns every
// inconsistency, sorted by kind, host, allocation and pid; none means
// healthy. Checked: each worker's allocated RAM against its chunks, reserved
// plus allocated against total, the world's used RAM against the ledger's
// bookings and against max RAM, chunk counts, claims against chunks, claims
// whose process is gone, claimers that use more than they claimed, and
// allocations whose owner and claimers are all dead. The controller owner is
// always alive.
func Check(s Snapshot, v WorldView) []Problem {
	var ps []Problem
	add := func(k ProblemKind, host string, id ID, pid int, format string, args ...any) {
		ps = append(ps, Problem{k, host, id, pid, fmt.Sprintf(format, args...)})
	}

	servers := make(map[string]*ServerView, len(v.Servers))
	type procKey struct {
		pid  int
		host string
	}
	procs := make(map[procKey]game.RAM)
	live := make(map[int]bool)
	for i := range v.Servers {
		sv := &v.Servers[i]
		servers[sv.Host] = sv
		if sv.UsedRAM > sv.MaxRAM {
			add(UsedOverMax, sv.Host, 0, 0, "world uses %v of %v", sv.UsedRAM, sv.MaxRAM)
		}
		for _, p := range sv.Processes {
			r, err := processRAM(p, sv.Host)
			if err != nil {
				add(BadProcessInfo, sv.Host, 0, p.PID, "%v", err)
				continue
			}
			procs[procKey{p.PID, sv.Host}] += r
			live[p.PID] = true
		}
	}

	onHost := make(map[string]game.RAM) // allocated RAM by host, from chunks
	workers := make(map[string]bool, len(s.Workers))
	for _, w := range s.Workers {
		workers[w.Host] = true
	}
	for _, a := range s.Allocations {
		sum := 0
		claimed := make(map[string]int)
		for _, c := range a.Claims {
			claimed[c.Host] += c.NumChunks
			if c.ChunkSize > a.ChunkSize {
				add(ClaimTooLarge, c.Host, a.ID, c.PID, "claim of %v chunks in an allocation of %v chunks", c.ChunkSize, a.ChunkSize)
			}
			r, ok := procs[procKey{c.PID, c.Host}]
			switch {
			case !ok:
				add(DeadClaim, c.Host, a.ID, c.PID, "claims %d×%v but is not running (%s)", c.NumChunks, c.ChunkSize, c.Filename)
			case r > mulRAM(c.ChunkSize, c.NumChunks):
				add(ProcessTooBig, c.Host, a.ID, c.PID, "uses %v, claims %d×%v", r, c.NumChunks, c.ChunkSize)
			}
		}
		for _, hc := range a.Chunks {
			sum += hc.N
			onHost[hc.Host] += mulRAM(a.ChunkSize, hc.N)
			if !workers[hc.Host] {
				add(ChunksOffWorker, hc.Host, a.ID, 0, "%d chunks on a host that is not a worker", hc.N)
			}
			if hc.Claimed > hc.N {
				add(ClaimsExceed, hc.Host, a.ID, 0, "%d of %d chunks claimed", hc.Claimed, hc.N)
			}
			if got := claimed[hc.Host]; got != hc.Claimed {
				add(ClaimMismatch, hc.Host, a.ID, 0, "claims hold %d chunks, %d marked claimed", got, hc.Claimed)
			}
			delete(claimed, hc.Host)
		}
		for host, n := range claimed {
			add(ClaimsExceed, host, a.ID, 0, "%d chunks claimed on a host where the allocation has none", n)
		}
		if sum != a.Count {
			add(CountMismatch, "", a.ID, 0, "holds %d chunks, counts %d", sum, a.Count)
		}
		if a.Count > a.Want {
			add(OverGrown, "", a.ID, 0, "holds %d chunks of %d requested", a.Count, a.Want)
		}
		if !a.Owner.Controller && !live[a.Owner.PID] {
			alive := false
			for _, c := range a.Claims {
				if _, ok := procs[procKey{c.PID, c.Host}]; ok {
					alive = true
					break
				}
			}
			if !alive {
				add(Orphan, "", a.ID, 0, "owner %v and every claimer are dead; %d chunks of %v held", a.Owner, a.Count, a.ChunkSize)
			}
		}
	}

	for _, w := range s.Workers {
		if got := onHost[w.Host]; got != w.Allocated {
			add(AllocatedMismatch, w.Host, 0, 0, "allocated %v, chunks sum to %v", w.Allocated, got)
		}
		if w.Reserved+w.Allocated > w.Total {
			add(Overbooked, w.Host, 0, 0, "reserved %v + allocated %v > total %v", w.Reserved, w.Allocated, w.Total)
		}
		sv := servers[w.Host]
		if sv == nil {
			add(MissingServer, w.Host, 0, 0, "worker with %v allocated is not in the world", w.Allocated)
			continue
		}
		if sv.MaxRAM != w.Total {
			add(TotalMismatch, w.Host, 0, 0, "ledger total %v, world max %v", w.Total, sv.MaxRAM)
		}
		if sv.UsedRAM > w.SetAside+w.Reserved+w.Allocated {
			add(Unbooked, w.Host, 0, 0, "world uses %v, ledger books %v set aside + %v reserved + %v allocated", sv.UsedRAM, w.SetAside, w.Reserved, w.Allocated)
		}
	}

	slices.SortFunc(ps, func(x, y Problem) int {
		return cmp.Or(cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Host, y.Host), cmp.Compare(x.ID, y.ID), cmp.Compare(x.PID, y.PID), cmp.Compare(x.Detail, y.Detail))
	})
	return ps
}

// mulRAM returns r·n, saturating instead of overflowing (Check reads
// snapshots that may come from outside).
func mulRAM(r game.RAM, n int) game.RAM {
	if r <= 0 || n <= 0 {
		return r * game.RAM(n)
	}
	if game.RAM(n) > maxRAM/r {
		return maxRAM
	}
	return r * game.RAM(n)
}
