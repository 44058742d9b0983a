package memory

import (
	"cmp"
	"fmt"
	"slices"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// Request asks for NumChunks chunks of ChunkSize RAM each.
type Request struct {
	Owner     Owner    // who holds the allocation (required)
	Label     string   // free text shown in snapshots, e.g. "hack n00dles"
	ChunkSize game.RAM // RAM of one chunk, > 0
	NumChunks int      // chunks wanted, > 0

	Contiguous    bool // all chunks on one worker, or fail
	CoreDependent bool // prefer home, whose cores strengthen grow and weaken
	LongRunning   bool // controller-like work: prefer small ordinary servers
	Shrinkable    bool // accept fewer chunks (at least one)
	Growable      bool // accept fewer chunks and top up later as RAM frees

	// Host, if set, restricts placement to that worker (used, for
	// example, to rebook running processes after a restart).
	Host string

	// Wait queues a request that cannot be met now instead of failing it.
	// Waiting requests are served by Priority (higher first, then in
	// arrival order) as RAM frees, and denied at Deadline (required when
	// Wait is set; see Expire).
	Wait     bool
	Priority int
	Deadline world.Time
}

// Grant is the answer to a Request.
type Grant struct {
	ID      ID       // the allocation
	Chunks  []Chunks // where its chunks are, in placement order
	Pending bool     // queued: no chunks yet, a Granted or Denied notice follows
}

// Claim is a process running in chunks of an allocation.
type Claim struct {
	PID       int      `json:"pid"`
	Host      string   `json:"host"`
	Filename  string   `json:"filename"`
	ChunkSize game.RAM `json:"chunk_size"` // RAM of the process per chunk, ≤ the allocation's chunk size
	NumChunks int      `json:"num_chunks"` // chunks it holds on Host
}

type alloc struct {
	id    ID
	owner Owner
	label string
	size  game.RAM // chunk size
	want  int      // chunks requested
	count int      // chunks held

	contiguous, coreDep, longRunning, shrinkable, growable bool
	host                                                   string  // pinned host, or ""
	pin                                                    *worker // cached worker of host

	chunks []hostChunks
	claims []*claim

	pending  bool
	priority int
	deadline world.Time
	seq      uint64

	released  bool // the owner let go; ends when its claimed chunks free
	ownerDead bool // Cleanup found the owner dead; ends with its last claim
	ended     bool // forgotten by the ledger
}

// hostChunks is an allocation's chunks on one worker.
type hostChunks struct {
	w       *worker
	n       int // chunks
	claimed int // of which claimed
}

type claim struct {
	c    Claim
	a    *alloc
	next *claim // the pid's next claim on another host (Ledger.claims)
}

func (c *claim) public() Claim { return c.c }

// claimOf returns the claim of pid on host, or nil.
func (l *Ledger) claimOf(pid int, host string) *claim {
	for cl := l.claims[pid]; cl != nil; cl = cl.next {
		if cl.c.Host == host {
			return cl
		}
	}
	return nil
}

// addClaim indexes cl by its pid.
func (l *Ledger) addClaim(cl *claim) {
	cl.next = l.claims[cl.c.PID]
	l.claims[cl.c.PID] = cl
}

// removeClaim takes cl out of the index.
func (l *Ledger) removeClaim(cl *claim) {
	pid := cl.c.PID
	switch head := l.claims[pid]; {
	case head == cl && cl.next == nil:
		delete(l.claims, pid)
	case head == cl:
		l.claims[pid] = cl.next
	default:
		for p := head; p != nil; p = p.next {
			if p.next == cl {
				p.next = cl.next
				break
			}
		}
	}
	cl.next = nil
}

// least is the smallest number of chunks a placement of a may make.
func (a *alloc) least() int {
	if a.shrinkable || a.growable {
		return 1
	}
	return a.want
}

func (a *alloc) chunkIndex(w *worker) int {
	for i := range a.chunks {
		if a.chunks[i].w == w {
			return i
		}
	}
	return -1
}

func (r Request) describe() string {
	return fmt.Sprintf("%d×%v for %v", r.NumChunks, r.ChunkSize, r.Owner)
}

func (l *Ledger) validate(r Request) error {
	if err := r.Owner.validate(); err != nil {
		return err
	}
	switch {
	case r.ChunkSize <= 0 || r.ChunkSize > maxRAM:
		return fmt.Errorf("%w: chunk size %d (hundredths of a GB) must be positive", ErrBadRequest, r.ChunkSize)
	case r.NumChunks <= 0:
		return fmt.Errorf("%w: %d chunks: want at least one", ErrBadRequest, r.NumChunks)
	case game.RAM(r.NumChunks) > maxRAM/r.ChunkSize:
		return fmt.Errorf("%w: %d chunks of %v is more RAM than any world has", ErrBadRequest, r.NumChunks, r.ChunkSize)
	case r.CoreDependent && r.LongRunning:
		return fmt.Errorf("%w: core-dependent and long-running prefer opposite servers", ErrBadRequest)
	case r.Wait && r.Deadline <= 0:
		return fmt.Errorf("%w: a waiting request needs a deadline", ErrBadRequest)
	}
	if r.Host != "" && l.workers[r.Host] == nil {
		return fmt.Errorf("pinned to %q: %w", r.Host, ErrUnknownHost)
	}
	return nil
}

// Request books RAM for r. It returns the allocation and where its chunks
// are, or, when r.Wait is set and the request cannot be met now, a pending
// grant. A request that cannot be met and may not wait fails with an error
// wrapping ErrChunkTooLarge, ErrNotEnoughRAM, ErrNoContiguous or
// ErrQueueAhead.
//
// A waiting request of equal or higher priority is served first: while one
// exists, a new request of no higher priority waits or fails.
func (l *Ledger) Request(r Request) (Grant, error) {
	if err := l.validate(r); err != nil {
		return Grant{}, fmt.Errorf("request %s: %w", r.describe(), err)
	}
	a := &alloc{
		owner: r.Owner, label: r.Label, size: r.ChunkSize, want: r.NumChunks,
		contiguous: r.Contiguous, coreDep: r.CoreDependent, longRunning: r.LongRunning,
		shrinkable: r.Shrinkable, growable: r.Growable, host: r.Host,
		priority: r.Priority, deadline: r.Deadline,
	}
	var err error
	if len(l.pending) > 0 && l.pending[0].priority >= r.Priority {
		err = fmt.Errorf("%w (%v, priority %d)", ErrQueueAhead, l.pending[0].id, l.pending[0].priority)
	} else {
		if picks, ok := l.plan(a, a.want, a.least()); ok {
			l.nextID++
			a.id = l.nextID
			l.remember(a)
			l.commit(a, picks)
			if a.growable {
				l.growable = append(l.growable, a)
			}
			g := Grant{ID: a.id, Chunks: make([]Chunks, len(picks))}
			for i, p := range picks {
				g.Chunks[i] = Chunks{p.w.host, p.n}
			}
			return g, nil
		}
		err = l.whyNot(a, a.want)
	}
	if !r.Wait {
		return Grant{}, fmt.Errorf("request %s: %w", r.describe(), err)
	}
	l.nextID++
	a.id = l.nextID
	l.remember(a)
	l.enqueue(a)
	return Grant{ID: a.id, Pending: true}, nil
}

// commit books picks for a.
func (l *Ledger) commit(a *alloc, picks []pick) {
	for _, p := range picks {
		p.w.allocated += game.RAM(p.n) * a.size
		l.reindex(p.w)
		if i := a.chunkIndex(p.w); i >= 0 {
			a.chunks[i].n += p.n
		} else {
			a.chunks = append(a.chunks, hostChunks{w: p.w, n: p.n})
		}
		a.count += p.n
	}
}

// freeChunks returns n chunks of a on a.chunks[i] (claimed ones if claimed).
func (l *Ledger) freeChunks(a *alloc, i, n int, claimed bool) {
	hc := &a.chunks[i]
	w := hc.w
	hc.n -= n
	if claimed {
		hc.claimed -= n
	}
	if hc.n == 0 {
		a.chunks = slices.Delete(a.chunks, i, i+1)
	}
	a.count -= n
	w.allocated -= game.RAM(n) * a.size
	l.reindex(w)
}

// maybeEnd forgets a when it holds no chunk and expects none, or when its
// owner is dead and its last claimer is gone.
func (l *Ledger) maybeEnd(a *alloc) {
	if a.pending {
		return
	}
	if a.ownerDead && len(a.claims) == 0 {
		l.releaseUnclaimed(a)
	} else if a.count > 0 || a.growable && !a.released {
		return
	}
	l.forget(a)
	if a.growable {
		l.dropGrowable(a)
	}
}

func (l *Ledger) dropGrowable(a *alloc) {
	if i := slices.Index(l.growable, a); i >= 0 {
		l.growable = slices.Delete(l.growable, i, i+1)
		if l.cursor > i {
			l.cursor--
		}
	}
}

func (l *Ledger) lookup(op string, id ID) (*alloc, error) {
	a := l.allocs.get(id)
	if a == nil {
		return nil, fmt.Errorf("%s %v: %w", op, id, ErrUnknownAlloc)
	}
	return a, nil
}

// Claim records that process c.PID on c.Host runs in c.NumChunks unclaimed
// chunks of allocation id on that host. Its chunk size may be smaller than
// the allocation's (a process that needs less than a whole chunk), never
// larger.
func (l *Ledger) Claim(id ID, c Claim) error {
	switch {
	case c.PID <= 0:
		return fmt.Errorf("claim %v: %w: pid %d is not positive", id, ErrBadRequest, c.PID)
	case c.Host == "":
		return fmt.Errorf("claim %v by pid %d: %w: empty host", id, c.PID, ErrBadRequest)
	case c.ChunkSize <= 0 || c.ChunkSize > maxRAM:
		return fmt.Errorf("claim %v by pid %d: %w: chunk size %d must be positive", id, c.PID, ErrBadRequest, c.ChunkSize)
	case c.NumChunks <= 0:
		return fmt.Errorf("claim %v by pid %d: %w: %d chunks: want at least one", id, c.PID, ErrBadRequest, c.NumChunks)
	}
	a, err := l.lookup("claim", id)
	if err != nil {
		return err
	}
	switch {
	case a.pending:
		return fmt.Errorf("claim %v by pid %d: %w", id, c.PID, ErrPending)
	case a.released:
		return fmt.Errorf("claim %v by pid %d: %w", id, c.PID, ErrReleased)
	}
	if old := l.claimOf(c.PID, c.Host); old != nil {
		return fmt.Errorf("claim %v by pid %d on %s: %w in %v", id, c.PID, c.Host, ErrDuplicateClaim, old.a.id)
	}
	i := -1
	if w := l.workers[c.Host]; w != nil {
		i = a.chunkIndex(w)
	}
	if i < 0 {
		return fmt.Errorf("claim %v by pid %d: %w %s", id, c.PID, ErrNoChunkOnHost, c.Host)
	}
	hc := &a.chunks[i]
	if c.ChunkSize > a.size {
		return fmt.Errorf("claim %v by pid %d on %s: %w: chunk size %v exceeds the allocation's %v", id, c.PID, c.Host, ErrClaimTooLarge, c.ChunkSize, a.size)
	}
	if left := hc.n - hc.claimed; c.NumChunks > left {
		return fmt.Errorf("claim %v by pid %d on %s: %w: %d chunks wanted, %d unclaimed", id, c.PID, c.Host, ErrClaimTooLarge, c.NumChunks, left)
	}
	hc.claimed += c.NumChunks
	cl := &claim{c: c, a: a}
	a.claims = append(a.claims, cl)
	l.addClaim(cl)
	return nil
}

// ReleasePID frees exactly the chunks claimed by process pid on host (it
// ended) and returns their allocation. The allocation keeps its other
// chunks; it ends when none is left, unless it is growable.
func (l *Ledger) ReleasePID(pid int, host string) (ID, error) {
	cl := l.claimOf(pid, host)
	if cl == nil {
		return 0, fmt.Errorf("release pid %d on %s: %w", pid, host, ErrNoClaim)
	}
	a := cl.a
	l.dropClaim(cl)
	l.maybeEnd(a)
	l.settle()
	return a.id, nil
}

func (l *Ledger) dropClaim(cl *claim) {
	a := cl.a
	l.removeClaim(cl)
	if i := slices.Index(a.claims, cl); i >= 0 {
		a.claims = slices.Delete(a.claims, i, i+1)
	}
	l.freeChunks(a, a.chunkIndex(l.workers[cl.c.Host]), cl.c.NumChunks, true)
}

// Free gives back n unclaimed chunks of allocation id on host: the owner
// chooses which chunks to return (for example those whose batch would land
// last). Claimed chunks are freed only by their process ending.
func (l *Ledger) Free(id ID, host string, n int) error {
	if n <= 0 {
		return fmt.Errorf("free %v on %s: %w: %d chunks: want at least one", id, host, ErrBadRequest, n)
	}
	a, err := l.lookup("free", id)
	if err != nil {
		return err
	}
	if a.pending {
		return fmt.Errorf("free %v: %w (cancel it with Release)", id, ErrPending)
	}
	i := -1
	if w := l.workers[host]; w != nil {
		i = a.chunkIndex(w)
	}
	if i < 0 {
		return fmt.Errorf("free %v: %w %s", id, ErrNoChunkOnHost, host)
	}
	if left := a.chunks[i].n - a.chunks[i].claimed; n > left {
		return fmt.Errorf("free %d chunks of %v on %s: %w: only %d unclaimed", n, id, host, ErrClaimTooLarge, left)
	}
	l.freeChunks(a, i, n, false)
	l.maybeEnd(a)
	l.settle()
	return nil
}

// Release gives up allocation id: a waiting request is cancelled; otherwise
// every unclaimed chunk is freed now, the allocation stops growing and takes
// no new claims, and its claimed chunks are freed as their processes end.
// It returns how many chunks are still claimed.
func (l *Ledger) Release(id ID) (int, error) {
	a, err := l.lookup("release", id)
	if err != nil {
		return 0, err
	}
	if a.released {
		return 0, fmt.Errorf("release %v: %w already", id, ErrReleased)
	}
	if a.pending {
		l.dequeue(a)
		l.forget(a)
		l.settle()
		return 0, nil
	}
	l.releaseUnclaimed(a)
	a.released = true
	if a.growable {
		l.dropGrowable(a)
	}
	l.maybeEnd(a)
	l.settle()
	return a.count, nil
}

func (l *Ledger) releaseUnclaimed(a *alloc) {
	for i := len(a.chunks) - 1; i >= 0; i-- {
		if hc := a.chunks[i]; hc.n > hc.claimed {
			l.freeChunks(a, i, hc.n-hc.claimed, false)
		}
	}
}

// Transfer makes owner the owner of allocation id (one process requests,
// another runs in it).
func (l *Ledger) Transfer(id ID, owner Owner) error {
	if err := owner.validate(); err != nil {
		return fmt.Errorf("transfer %v: %w", id, err)
	}
	a, err := l.lookup("transfer", id)
	if err != nil {
		return err
	}
	a.owner = owner
	a.ownerDead = false
	return nil
}

// Cleaned says what Cleanup freed.
type Cleaned struct {
	Claims      int // claims of dead processes released
	Allocations int // allocations (and waiting requests) of dead owners ended
}

// Cleanup releases every claim whose pid is not in live, and ends every
// allocation whose owner and claimers are all dead, including one that was
// never claimed (a launch that failed) and a waiting request of a dead
// owner. An allocation whose owner is dead but whose claimers live ends when
// the last of them is released. Allocations owned by the controller are never
// ended here. Pids are unique across servers, as in the game.
func (l *Ledger) Cleanup(live []int) Cleaned {
	alive := make(map[int]struct{}, len(live))
	for _, p := range live {
		alive[p] = struct{}{}
	}
	isLive := func(o Owner) bool {
		_, ok := alive[o.PID]
		return o.Controller || ok
	}
	var res Cleaned
	var dead []*claim
	for pid, cl := range l.claims {
		if _, ok := alive[pid]; !ok {
			for ; cl != nil; cl = cl.next {
				dead = append(dead, cl)
			}
		}
	}
	slices.SortFunc(dead, func(x, y *claim) int {
		return cmp.Or(cmp.Compare(x.c.PID, y.c.PID), cmp.Compare(x.c.Host, y.c.Host))
	})
	for _, cl := range dead {
		l.dropClaim(cl)
		l.maybeEnd(cl.a)
		res.Claims++
	}
	for _, a := range l.sortedAllocs() {
		if isLive(a.owner) {
			continue
		}
		if len(a.claims) > 0 {
			a.ownerDead = true // ends when its last claimer does
			continue
		}
		if a.pending {
			l.dequeue(a)
		} else {
			l.releaseUnclaimed(a)
			if a.growable {
				l.dropGrowable(a)
			}
		}
		l.forget(a)
		res.Allocations++
	}
	l.settle()
	return res
}

// remember adds a, whose ID is the newest, to the ledger.
func (l *Ledger) remember(a *alloc) {
	l.allocs.put(a)
	l.order = append(l.order, a)
}

// forget removes a from the ledger. Its entry in l.order is dropped lazily.
func (l *Ledger) forget(a *alloc) {
	l.allocs.del(a.id)
	a.ended = true
	if len(l.order) > 2*l.allocs.len()+64 {
		l.order = slices.DeleteFunc(l.order, func(x *alloc) bool { return x.ended })
	}
}

// sortedAllocs returns the allocations in ID order. IDs grow with time, so
// l.order is sorted by construction.
func (l *Ledger) sortedAllocs() []*alloc {
	as := make([]*alloc, 0, l.allocs.len())
	for _, a := range l.order {
		if !a.ended {
			as = append(as, a)
		}
	}
	return as
}
