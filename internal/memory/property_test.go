package memory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// The property test drives a ledger and a shadow world (a simple model of
// the game's servers and processes) with random operations, and after
// every step checks the ledger's books and runs the leak check against the
// shadow world.

// shadow is the model world.
type shadow struct {
	servers map[string]*shadowServer
	names   []string // every server ever created, for picking
	owners  []int    // live owner processes (on "ctl", outside the workers)
	nextPID int
	now     world.Time
}

type shadowServer struct {
	max   game.RAM
	procs map[int]world.Process // by pid
}

const tag = "bbctl"

func ours(p world.Process) bool { return len(p.Args) > 0 && p.Args[0] == tag }

func (sw *shadow) used(host string) game.RAM {
	var u game.RAM
	for _, p := range sw.servers[host].procs {
		u += p.RAM * game.RAM(p.Threads)
	}
	return u
}

func (sw *shadow) foreign(host string) game.RAM {
	var u game.RAM
	for _, p := range sw.servers[host].procs {
		if !ours(p) {
			u += p.RAM * game.RAM(p.Threads)
		}
	}
	return u
}

func (sw *shadow) procList(host string) []world.Process {
	s := sw.servers[host]
	ps := make([]world.Process, 0, len(s.procs))
	for _, p := range s.procs {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b world.Process) int { return a.PID - b.PID })
	return ps
}

func (sw *shadow) view() WorldView {
	var v WorldView
	for _, h := range sw.names {
		s := sw.servers[h]
		if s == nil {
			continue
		}
		v.Servers = append(v.Servers, ServerView{Host: h, MaxRAM: s.max, UsedRAM: sw.used(h), Processes: sw.procList(h)})
	}
	return v
}

func (sw *shadow) live() []int {
	var pids []int
	for _, s := range sw.servers {
		for pid := range s.procs {
			pids = append(pids, pid)
		}
	}
	return pids
}

func (sw *shadow) pid() int {
	sw.nextPID++
	return sw.nextPID
}

func (sw *shadow) workers() []string {
	var hs []string
	for _, h := range sw.names {
		if h != "ctl" && sw.servers[h] != nil {
			hs = append(hs, h)
		}
	}
	return hs
}

// propertyRun is one random sequence.
type propertyRun struct {
	t    *testing.T
	r    *rand.Rand
	l    *Ledger
	sw   *shadow
	seed uint64
	log  []string
}

func (p *propertyRun) logf(format string, args ...any) {
	p.log = append(p.log, fmt.Sprintf(format, args...))
}

func (p *propertyRun) fail(format string, args ...any) {
	p.t.Helper()
	start := max(0, len(p.log)-25)
	p.t.Fatalf("seed %d, step %d: %s\nlast operations:\n  %s", p.seed, len(p.log), fmt.Sprintf(format, args...), strings.Join(p.log[start:], "\n  "))
}

func (p *propertyRun) addServer(host string, ram game.RAM, bought bool) {
	p.sw.servers[host] = &shadowServer{max: ram, procs: map[int]world.Process{}}
	if !slices.Contains(p.sw.names, host) {
		p.sw.names = append(p.sw.names, host)
	}
	if host == "ctl" {
		return
	}
	s := game.Server{Hostname: host, HasAdminRights: true, PurchasedByPlayer: bought, MaxRAM: ram, Cores: 1}
	if err := p.l.UpdateServer(s); err != nil {
		p.fail("UpdateServer(%s): %v", host, err)
	}
}

func (p *propertyRun) pick(n int) int { return p.r.IntN(n) }

// allocs returns the ledger's non-pending allocations.
func (p *propertyRun) allocs() []AllocState {
	var as []AllocState
	for _, a := range p.l.Snapshot().Allocations {
		if !a.Pending {
			as = append(as, a)
		}
	}
	return as
}

func (p *propertyRun) owner() Owner {
	if len(p.sw.owners) == 0 || p.pick(4) == 0 {
		return ControllerOwner()
	}
	return ProcessOwner(p.sw.owners[p.pick(len(p.sw.owners))])
}

var chunkSizes = []game.RAM{160, 170, 175, 200, 350, 400, 800, 1600}

func (p *propertyRun) request() {
	r := Request{
		Owner:     p.owner(),
		ChunkSize: chunkSizes[p.pick(len(chunkSizes))],
		NumChunks: 1 + p.pick(12),
	}
	if p.pick(6) == 0 {
		r.ChunkSize = game.RAM(1 + p.pick(6400))
	}
	switch p.pick(3) {
	case 0:
		r.CoreDependent = true
	case 1:
		r.LongRunning = p.pick(2) == 0
	}
	r.Contiguous = p.pick(4) == 0
	r.Shrinkable = p.pick(4) == 0
	r.Growable = p.pick(4) == 0
	if p.pick(3) == 0 {
		r.Wait, r.Priority, r.Deadline = true, p.pick(3), p.sw.now+world.Time(1+p.pick(5000))
	}
	if p.pick(10) == 0 {
		if ws := p.sw.workers(); len(ws) > 0 {
			r.Host = ws[p.pick(len(ws))]
		}
	}
	var want []Chunks
	wantOK, compare := false, len(p.l.pending) == 0 || p.l.pending[0].priority < r.Priority
	if compare {
		want, wantOK = naivePlace(p.l, r)
	}
	g, err := p.l.Request(r)
	p.logf("request %+v → %+v, %v", r, g, err)
	if compare {
		placed := err == nil && !g.Pending
		if placed != wantOK || placed && !reflect.DeepEqual(g.Chunks, want) {
			p.fail("placement differs from the reference: got %+v (%v), want %+v (placed %v)", g, err, want, wantOK)
		}
	}
	if err == nil && !g.Pending && p.pick(2) == 0 {
		if a, ok := p.l.Allocation(g.ID); ok {
			p.execInto(a)
		}
	}
}

// execInto launches processes into some unclaimed chunks of a and claims
// them, the way the controller does after a grant.
func (p *propertyRun) execInto(a AllocState) {
	for _, hc := range a.Chunks {
		free := hc.N - hc.Claimed
		if free == 0 || p.pick(3) == 0 {
			continue
		}
		if p.pick(8) == 0 {
			p.logf("exec into %v on %s failed (launch error): no claim", a.ID, hc.Host)
			continue
		}
		n := 1 + p.pick(free)
		size := a.ChunkSize - game.RAM(p.pick(int(min(a.ChunkSize, 50))))
		pid := p.sw.pid()
		proc := world.Process{PID: pid, Host: hc.Host, Filename: "bbctl/w.js", Threads: n, RAM: size, Args: []string{tag}}
		s := p.sw.servers[hc.Host]
		if used := p.sw.used(hc.Host); used+size*game.RAM(n) > s.max {
			p.fail("exec of %d×%v into %v on %s would fail in the world: %v used of %v", n, size, a.ID, hc.Host, used, s.max)
		}
		err := p.l.Claim(a.ID, Claim{PID: pid, Host: hc.Host, Filename: proc.Filename, ChunkSize: size, NumChunks: n})
		p.logf("exec pid %d %d×%v into %v on %s: %v", pid, n, size, a.ID, hc.Host, err)
		if err != nil {
			p.fail("claim of unclaimed chunks failed: %v", err)
		}
		s.procs[pid] = proc
	}
}

// claimers returns the live processes that hold a claim.
func (p *propertyRun) claimers() []Claim {
	var cs []Claim
	for _, a := range p.l.Snapshot().Allocations {
		cs = append(cs, a.Claims...)
	}
	return cs
}

func (p *propertyRun) step() {
	l, sw := p.l, p.sw
	switch op := p.pick(100); {
	case op < 22:
		p.request()
	case op < 32:
		if as := p.allocs(); len(as) > 0 {
			p.execInto(as[p.pick(len(as))])
		}
	case op < 50: // a claimer ends
		cs := p.claimers()
		if len(cs) == 0 {
			return
		}
		c := cs[p.pick(len(cs))]
		delete(sw.servers[c.Host].procs, c.PID)
		if p.pick(5) == 0 {
			res := l.Cleanup(sw.live())
			p.logf("pid %d on %s ends; cleanup → %+v", c.PID, c.Host, res)
			if res.Claims < 1 {
				p.fail("cleanup released %d claims after pid %d died", res.Claims, c.PID)
			}
		} else {
			id, err := l.ReleasePID(c.PID, c.Host)
			p.logf("pid %d on %s ends; release → %v, %v", c.PID, c.Host, id, err)
			if err != nil {
				p.fail("ReleasePID: %v", err)
			}
		}
	case op < 55: // an owner starts
		pid := sw.pid()
		sw.owners = append(sw.owners, pid)
		sw.servers["ctl"].procs[pid] = world.Process{PID: pid, Host: "ctl", Filename: "owner.js", Threads: 1, Args: []string{tag}}
		p.logf("owner pid %d starts", pid)
	case op < 60: // an owner ends
		if len(sw.owners) == 0 {
			return
		}
		i := p.pick(len(sw.owners))
		pid := sw.owners[i]
		sw.owners = slices.Delete(sw.owners, i, i+1)
		delete(sw.servers["ctl"].procs, pid)
		res := l.Cleanup(sw.live())
		p.logf("owner pid %d ends; cleanup → %+v", pid, res)
	case op < 66: // the owner gives chunks back
		as := p.allocs()
		if len(as) == 0 {
			return
		}
		a := as[p.pick(len(as))]
		for _, hc := range a.Chunks {
			if free := hc.N - hc.Claimed; free > 0 {
				n := 1 + p.pick(free)
				err := l.Free(a.ID, hc.Host, n)
				p.logf("free %d of %v on %s: %v", n, a.ID, hc.Host, err)
				if err != nil {
					p.fail("Free: %v", err)
				}
				return
			}
		}
	case op < 70:
		snap := l.Snapshot().Allocations
		if len(snap) == 0 {
			return
		}
		a := snap[p.pick(len(snap))]
		left, err := l.Release(a.ID)
		p.logf("release %v → %d, %v", a.ID, left, err)
		if (err != nil) != a.Released {
			p.fail("Release of %+v: %v", a, err)
		}
	case op < 72:
		snap := l.Snapshot().Allocations
		if len(snap) == 0 {
			return
		}
		a := snap[p.pick(len(snap))]
		o := p.owner()
		err := l.Transfer(a.ID, o)
		p.logf("transfer %v to %v: %v", a.ID, o, err)
		if err != nil {
			p.fail("Transfer: %v", err)
		}
	case op < 78: // a process bbctl does not own starts
		ws := sw.workers()
		if len(ws) == 0 {
			return
		}
		h := ws[p.pick(len(ws))]
		w, ok := l.Worker(h)
		if !ok {
			return
		}
		room := min(w.Total-w.Reserved-w.Allocated, w.Total-sw.foreign(h)-w.Allocated, sw.servers[h].max-sw.used(h))
		if room < 100 {
			return
		}
		ram := game.RAM(100 + p.pick(int(room-99)))
		pid := sw.pid()
		sw.servers[h].procs[pid] = world.Process{PID: pid, Host: h, Filename: "player.js", Threads: 1, RAM: ram}
		err := l.UpdateReserved(h, sw.procList(h), ours)
		p.logf("foreign pid %d of %v starts on %s; update reserved: %v", pid, ram, h, err)
		if err != nil {
			p.fail("UpdateReserved: %v", err)
		}
	case op < 82: // a foreign process ends
		ws := sw.workers()
		if len(ws) == 0 {
			return
		}
		h := ws[p.pick(len(ws))]
		for _, pr := range sw.procList(h) {
			if !ours(pr) {
				delete(sw.servers[h].procs, pr.PID)
				p.logf("foreign pid %d on %s ends", pr.PID, h)
				break
			}
		}
	case op < 86: // the controller's once-a-second look at the world
		for _, h := range sw.workers() {
			var err error
			if p.pick(2) == 0 {
				err = l.UpdateReserved(h, sw.procList(h), ours)
			} else {
				err = l.ObserveUsed(h, sw.used(h))
			}
			if err != nil {
				p.fail("reserved update on %s: %v", h, err)
			}
		}
		p.logf("reserved RAM refreshed")
	case op < 89: // a server gains RAM
		ws := sw.workers()
		if len(ws) == 0 {
			return
		}
		h := ws[p.pick(len(ws))]
		s := sw.servers[h]
		if s.max >= 1<<20 {
			return
		}
		s.max *= 2
		err := l.UpdateServer(game.Server{Hostname: h, HasAdminRights: true, MaxRAM: s.max, RAMUsed: sw.used(h), Cores: 1, PurchasedByPlayer: strings.HasPrefix(h, "pserv")})
		p.logf("%s upgraded to %v: %v", h, s.max, err)
		if err != nil {
			p.fail("UpdateServer: %v", err)
		}
	case op < 91: // a server is deleted
		ws := sw.workers()
		if len(ws) == 0 || ws[0] == "home" && len(ws) == 1 {
			return
		}
		h := ws[p.pick(len(ws))]
		if h == "home" {
			return
		}
		delete(sw.servers, h)
		err := l.RemoveServer(h)
		p.logf("%s deleted: %v", h, err)
		if err != nil {
			p.fail("RemoveServer: %v", err)
		}
	case op < 93: // a server is bought or rooted
		h := fmt.Sprintf("pserv-%d", sw.pid())
		ram := game.RAM(1<<p.pick(8)) * game.GiB
		p.addServer(h, ram, true)
		p.logf("%s bought with %v", h, ram)
	case op < 96: // time passes
		sw.now += world.Time(p.pick(3000))
		n := l.Expire(sw.now)
		p.logf("time %d: %d expired", sw.now, n)
	default:
		p.badOp()
	}
}

// badOp makes a call that must fail and leave the ledger as it was.
func (p *propertyRun) badOp() {
	l := p.l
	before := l.Snapshot()
	var err error
	name := ""
	switch p.pick(6) {
	case 0:
		name = "claim more than unclaimed"
		as := p.allocs()
		if len(as) == 0 || len(as[0].Chunks) == 0 {
			return
		}
		a := as[p.pick(len(as))]
		if len(a.Chunks) == 0 {
			return
		}
		hc := a.Chunks[0]
		err = l.Claim(a.ID, Claim{PID: p.sw.pid(), Host: hc.Host, ChunkSize: a.ChunkSize, NumChunks: hc.N - hc.Claimed + 1})
	case 1:
		name = "release an unknown pid"
		_, err = l.ReleasePID(p.sw.pid(), "home")
	case 2:
		name = "release an unknown allocation"
		_, err = l.Release(ID(1 << 40))
	case 3:
		name = "request zero RAM"
		_, err = l.Request(Request{Owner: ControllerOwner(), ChunkSize: 0, NumChunks: 1})
	case 4:
		name = "claim larger chunks"
		as := p.allocs()
		if len(as) == 0 {
			return
		}
		a := as[p.pick(len(as))]
		if len(a.Chunks) == 0 {
			return
		}
		err = l.Claim(a.ID, Claim{PID: p.sw.pid(), Host: a.Chunks[0].Host, ChunkSize: a.ChunkSize + 1, NumChunks: 1})
	case 5:
		name = "free zero chunks"
		_, _ = l.Release(0)
		err = l.Free(1, "home", 0)
	}
	p.logf("bad op %s: %v", name, err)
	if err == nil {
		p.fail("%s: no error", name)
	}
	if after := l.Snapshot(); !reflect.DeepEqual(before, after) {
		p.fail("%s changed the ledger", name)
	}
}

// verify checks the invariants and the leak check after a step.
func (p *propertyRun) verify() {
	p.t.Helper()
	for _, n := range p.l.Drain() {
		if n.Kind < Granted || n.Kind > Lost {
			p.fail("notice of kind %v", n.Kind)
		}
	}
	checkInvariants(p.t, p.l)
	snap := p.l.Snapshot()
	if len(p.log)%10 == 0 {
		// Every real snapshot survives the JSON decoder unchanged.
		b, err := json.Marshal(snap)
		if err != nil {
			p.fail("encode snapshot: %v", err)
		}
		back, err := DecodeSnapshot(bytes.NewReader(b))
		if err != nil || !reflect.DeepEqual(normalize(snap), back) {
			p.fail("snapshot does not survive DecodeSnapshot: %v", err)
		}
	}
	if probs := Check(snap, p.sw.view()); len(probs) > 0 {
		var b strings.Builder
		for _, pr := range probs {
			b.WriteString("\n  " + pr.String())
		}
		p.fail("leak check:%s", b.String())
	}
}

func runProperty(t *testing.T, seed uint64, steps int) Snapshot {
	l, err := New(Config{AgentRAM: gb(4)})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(seed, 0x6262))
	p := &propertyRun{t: t, r: r, l: l, seed: seed, sw: &shadow{servers: map[string]*shadowServer{}}}
	p.addServer("ctl", 0, false)
	p.addServer("home", game.RAM(8<<r.IntN(4))*game.GiB, false)
	for i := range 1 + r.IntN(6) {
		p.addServer(fmt.Sprintf("srv-%d", i), game.RAM(2<<r.IntN(6))*game.GiB, false)
	}
	for range steps {
		p.step()
		p.verify()
	}
	return l.Snapshot()
}

func TestPropertyIsDeterministic(t *testing.T) {
	for seed := range uint64(5) {
		a, b := runProperty(t, seed, 200), runProperty(t, seed, 200)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("seed %d: two runs of the same operations end in different ledgers", seed)
		}
	}
}

func TestPropertyRandomSequences(t *testing.T) {
	sequences, steps := 2000, 80
	if testing.Short() {
		sequences = 200
	}
	for seed := range uint64(sequences) {
		runProperty(t, seed, steps)
	}
}
