package memory

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// Errors returned by the Ledger wrap one of these, so callers test them with
// errors.Is.
var (
	ErrBadRequest     = errors.New("invalid request")
	ErrUnknownAlloc   = errors.New("unknown allocation")
	ErrUnknownHost    = errors.New("unknown worker")
	ErrChunkTooLarge  = errors.New("chunk larger than any worker's free RAM")
	ErrNotEnoughRAM   = errors.New("not enough free RAM")
	ErrNoContiguous   = errors.New("no single worker can hold every chunk")
	ErrQueueAhead     = errors.New("a waiting request of equal or higher priority comes first")
	ErrNoChunkOnHost  = errors.New("allocation has no chunk on host")
	ErrClaimTooLarge  = errors.New("claim larger than the chunks it may take")
	ErrDuplicateClaim = errors.New("process already holds a claim")
	ErrNoClaim        = errors.New("no such claim")
	ErrPending        = errors.New("allocation is still waiting for RAM")
	ErrReleased       = errors.New("allocation was released by its owner")
	ErrTimeout        = errors.New("request timed out")
	ErrServerGone     = errors.New("worker removed")
)

// maxRAM bounds every RAM figure the ledger accepts: far above the game's
// largest server (2^30 GB), far below int64 overflow when summed.
const maxRAM game.RAM = 1 << 50

// DefaultHome is the name of the player's home server.
const DefaultHome = "home"

// DefaultHomeSetAside is what a home of more than this much RAM keeps free
// for the player when no rule says otherwise.
const DefaultHomeSetAside = 32 * game.GiB

// Config says which RAM the ledger must leave alone.
type Config struct {
	// Home is the name of the player's home server; "" means DefaultHome.
	Home string

	// AgentRAM is the RAM of bbctl's own agent. A home of at most
	// DefaultHomeSetAside keeps this much free (the agent runs there); a
	// larger home keeps DefaultHomeSetAside.
	AgentRAM game.RAM

	// SetAside overrides the set-aside RAM by server name. The first rule
	// whose Pattern matches (path.Match syntax: "pserv-*", "home") wins. A
	// set-aside larger than a server's RAM keeps all of it.
	SetAside []SetAsideRule
}

// SetAsideRule keeps RAM free on the servers whose names match Pattern.
type SetAsideRule struct {
	Pattern string   `json:"pattern"`
	RAM     game.RAM `json:"ram"`
}

func (c Config) validate() error {
	if c.AgentRAM < 0 || c.AgentRAM > maxRAM {
		return fmt.Errorf("memory config: agent RAM %d out of range", c.AgentRAM)
	}
	for i, r := range c.SetAside {
		if r.Pattern == "" {
			return fmt.Errorf("memory config: set-aside rule %d: empty pattern", i)
		}
		if _, err := path.Match(r.Pattern, ""); err != nil {
			return fmt.Errorf("memory config: set-aside rule %d: pattern %q: %w", i, r.Pattern, err)
		}
		if r.RAM < 0 || r.RAM > maxRAM {
			return fmt.Errorf("memory config: set-aside rule %d (%q): RAM %d out of range", i, r.Pattern, r.RAM)
		}
	}
	return nil
}

// ID identifies an allocation. IDs start at 1 and a Ledger never reuses one.
type ID uint64

// String formats id as "#12".
func (id ID) String() string { return "#" + strconv.FormatUint(uint64(id), 10) }

// Owner says who holds an allocation: a process, by pid, or the controller
// itself. The controller is alive while the ledger exists, so cleanup never
// frees its allocations. The zero Owner is invalid.
type Owner struct {
	PID        int  `json:"pid,omitempty"`
	Controller bool `json:"controller,omitempty"`
}

// ProcessOwner returns the owner that is the process pid.
func ProcessOwner(pid int) Owner { return Owner{PID: pid} }

// ControllerOwner returns the owner that is the controller itself.
func ControllerOwner() Owner { return Owner{Controller: true} }

// String formats o as "pid 42" or "controller".
func (o Owner) String() string {
	if o.Controller {
		return "controller"
	}
	return "pid " + strconv.Itoa(o.PID)
}

func (o Owner) validate() error {
	switch {
	case o.Controller && o.PID != 0:
		return fmt.Errorf("%w: owner is both the controller and pid %d", ErrBadRequest, o.PID)
	case !o.Controller && o.PID <= 0:
		return fmt.Errorf("%w: owner pid %d is not positive (use ControllerOwner for the controller)", ErrBadRequest, o.PID)
	}
	return nil
}

// Chunks is a number of chunks on one host.
type Chunks struct {
	Host string `json:"host"`
	N    int    `json:"n"`
}

// Ledger books the RAM of worker servers. The zero value is not usable: call
// New. A Ledger is not safe for concurrent use; one event loop owns it.
type Ledger struct {
	home     string
	agentRAM game.RAM
	rules    []SetAsideRule

	workers map[string]*worker
	byName  []*worker    // every worker, by host name
	homeW   *worker      // the home worker, if home is a worker
	idx     [2][]*worker // non-home workers by class (ordinary, purchased), ordered by (free, host)

	allocs allocIndex
	order  []*alloc       // allocations by ID, with ended ones not yet dropped
	claims map[int]*claim // by pid; a pid's claims on several hosts are chained (claim.next)

	pending  []*alloc // waiting requests, by (priority desc, seq asc)
	growable []*alloc // growable allocations, in creation order
	cursor   int      // round-robin position in growable

	nextID ID
	seq    uint64
	outbox []Notice

	// Scratch space for placement, reused to keep the hot path free of
	// allocations.
	groupBuf        []group
	homeOne, pinOne [1]*worker
	pickBuf         []pick
}

// New returns an empty ledger configured by cfg.
func New(cfg Config) (*Ledger, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	home := cfg.Home
	if home == "" {
		home = DefaultHome
	}
	return &Ledger{
		home:     home,
		agentRAM: cfg.AgentRAM,
		rules:    append([]SetAsideRule(nil), cfg.SetAside...),
		workers:  make(map[string]*worker),
		claims:   make(map[int]*claim),
	}, nil
}

// worker is a server bbctl may run work on.
type worker struct {
	host      string
	home      bool
	purchased bool
	cores     int
	total     game.RAM
	setAside  game.RAM
	reserved  game.RAM
	allocated game.RAM
	pos       int  // index in its Ledger.idx slice; -1 for home
	gone      bool // removed from the ledger
}

// free returns the RAM that new chunks may take on w.
func (w *worker) free() game.RAM {
	f := w.total - w.setAside - w.reserved - w.allocated
	if f < 0 {
		return 0
	}
	return f
}

// excess returns how far w's bookings exceed its RAM.
func (w *worker) excess() game.RAM {
	e := w.setAside + w.reserved + w.allocated - w.total
	if e < 0 {
		return 0
	}
	return e
}

// setAsideFor returns the RAM a server named host with total RAM keeps free.
func (l *Ledger) setAsideFor(host string, total game.RAM) game.RAM {
	sa := game.RAM(0)
	matched := false
	for _, r := range l.rules {
		if ok, _ := path.Match(r.Pattern, host); ok {
			sa, matched = r.RAM, true
			break
		}
	}
	if !matched && host == l.home {
		sa = l.agentRAM
		if total > DefaultHomeSetAside {
			sa = DefaultHomeSetAside
		}
	}
	return min(sa, total)
}

// IsWorker reports whether bbctl may run work on s: it has root on it, s
// has RAM, and s is not a hacknet server. A hacknet server's RAM is worth
// hashes (scripts running there lower its production in proportion to the
// RAM they use), so bbctl leaves it to them; the game's getServer does not
// flag hacknet servers, so they are known by the name the game gives them
// (game.IsHacknetServer), and a server the player named so is left alone
// too.
func IsWorker(s game.Server) bool {
	return s.HasAdminRights && s.MaxRAM > 0 && !game.IsHacknetServer(s.Hostname)
}

// UpdateServer tells the ledger the current state of a server: it becomes a
// worker when IsWorker says so, and a worker's total RAM and cores follow
// the server. RAMUsed beyond what the ledger accounts for is
// reserved at once (see ObserveUsed). A worker that loses root or all its RAM
// stays while chunks are booked on it, with zero RAM; its bookings show as
// excess until they are released.
func (l *Ledger) UpdateServer(s game.Server) error {
	switch {
	case s.Hostname == "":
		return fmt.Errorf("update server: empty hostname")
	case s.MaxRAM < 0 || s.MaxRAM > maxRAM:
		return fmt.Errorf("update server %s: max RAM %d out of range", s.Hostname, s.MaxRAM)
	case s.RAMUsed < 0 || s.RAMUsed > maxRAM:
		return fmt.Errorf("update server %s: used RAM %d out of range", s.Hostname, s.RAMUsed)
	case s.Cores < 0:
		return fmt.Errorf("update server %s: %d cores", s.Hostname, s.Cores)
	}
	total := s.MaxRAM
	if !IsWorker(s) {
		total = 0
	}
	cores := max(s.Cores, 1)
	w := l.workers[s.Hostname]
	if w == nil {
		if total == 0 {
			return nil
		}
		w = &worker{host: s.Hostname, home: s.Hostname == l.home, purchased: s.PurchasedByPlayer, pos: -1}
		l.workers[w.host] = w
		i, _ := slices.BinarySearchFunc(l.byName, w.host, func(x *worker, h string) int { return strings.Compare(x.host, h) })
		l.byName = slices.Insert(l.byName, i, w)
		if w.home {
			l.homeW = w
		} else {
			l.insertIndex(w)
		}
	}
	if total == 0 && w.allocated == 0 {
		l.dropWorker(w)
		return nil
	}
	if w.purchased != s.PurchasedByPlayer && !w.home {
		l.removeIndex(w)
		w.purchased = s.PurchasedByPlayer
		l.insertIndex(w)
	}
	w.cores = cores
	w.total = total
	w.setAside = l.setAsideFor(w.host, total)
	l.observeUsed(w, s.RAMUsed)
	l.reindex(w)
	l.settle()
	return nil
}

// RemoveServer forgets a worker that no longer exists. Its chunks and claims
// are lost: each allocation that had chunks there shrinks, and its owner gets
// a Lost notice. An allocation left with no chunk ends unless it is growable.
func (l *Ledger) RemoveServer(host string) error {
	w := l.workers[host]
	if w == nil {
		return fmt.Errorf("remove server %q: %w", host, ErrUnknownHost)
	}
	if w.allocated > 0 {
		for _, a := range l.sortedAllocs() {
			i := a.chunkIndex(w)
			if i < 0 {
				continue
			}
			hc := a.chunks[i]
			n := Notice{Kind: Lost, ID: a.id, Owner: a.owner, Chunks: []Chunks{{host, hc.n}}, Err: ErrServerGone}
			kept := a.claims[:0]
			for _, c := range a.claims {
				if c.c.Host == host {
					n.Claims = append(n.Claims, c.public())
					l.removeClaim(c)
				} else {
					kept = append(kept, c)
				}
			}
			clear(a.claims[len(kept):])
			a.claims = kept
			a.chunks = append(a.chunks[:i], a.chunks[i+1:]...)
			a.count -= hc.n
			w.allocated -= game.RAM(hc.n) * a.size
			l.maybeEnd(a)
			n.Ended = l.allocs.get(a.id) == nil
			l.outbox = append(l.outbox, n)
		}
	}
	l.dropWorker(w)
	l.settle()
	return nil
}

func (l *Ledger) dropWorker(w *worker) {
	w.gone = true
	delete(l.workers, w.host)
	if i, ok := slices.BinarySearchFunc(l.byName, w.host, func(x *worker, h string) int { return strings.Compare(x.host, h) }); ok {
		l.byName = slices.Delete(l.byName, i, i+1)
	}
	if w.home {
		l.homeW = nil
		return
	}
	l.removeIndex(w)
}

// class returns the index of w's class in Ledger.idx.
func (w *worker) class() int {
	if w.purchased {
		return 1
	}
	return 0
}

// insertIndex adds w, a non-home worker, to its class index.
func (l *Ledger) insertIndex(w *worker) {
	c := w.class()
	w.pos = len(l.idx[c])
	l.idx[c] = append(l.idx[c], w)
	l.reindex(w)
}

// removeIndex takes w out of its class index.
func (l *Ledger) removeIndex(w *worker) {
	c := w.class()
	o := l.idx[c]
	i := w.pos
	copy(o[i:], o[i+1:])
	o[len(o)-1] = nil
	o = o[:len(o)-1]
	for j := i; j < len(o); j++ {
		o[j].pos = j
	}
	l.idx[c] = o
	w.pos = -1
}

// ObserveUsed tells the ledger that host's used RAM in the world is used. If
// that is more than the ledger's view (set-aside plus reserved plus
// allocated: everything but the free RAM it hands out), the difference is
// reserved at once, so that no exec fails on it; the next UpdateReserved
// recomputes it.
func (l *Ledger) ObserveUsed(host string, used game.RAM) error {
	w := l.workers[host]
	if w == nil {
		return fmt.Errorf("observe used RAM on %q: %w", host, ErrUnknownHost)
	}
	if used < 0 || used > maxRAM {
		return fmt.Errorf("observe used RAM on %s: %d out of range", host, used)
	}
	if l.observeUsed(w, used) {
		l.reindex(w)
	}
	return nil
}

func (l *Ledger) observeUsed(w *worker, used game.RAM) bool {
	if d := used - w.setAside - w.reserved - w.allocated; d > 0 {
		w.reserved += d
		return true
	}
	return false
}

// UpdateReserved recomputes host's reserved RAM from the processes the world
// reports running there: the RAM of every process that is not bbctl's (ours
// says which are) and holds no claim, or, if more, the world's used RAM (the
// sum over all procs) beyond the set-aside and allocated RAM, so that the
// free RAM the ledger hands out is free in the world. Call it about once a
// second, not on every loop.
func (l *Ledger) UpdateReserved(host string, procs []world.Process, ours func(world.Process) bool) error {
	w := l.workers[host]
	if w == nil {
		return fmt.Errorf("update reserved RAM on %q: %w", host, ErrUnknownHost)
	}
	if ours == nil {
		return fmt.Errorf("update reserved RAM on %s: nil ownership predicate", host)
	}
	var used, foreign game.RAM
	for i, p := range procs {
		r, err := processRAM(p, host)
		if err != nil {
			return fmt.Errorf("update reserved RAM on %s: process %d: %w", host, i, err)
		}
		used += r
		if used > maxRAM {
			return fmt.Errorf("update reserved RAM on %s: processes use more than %d", host, maxRAM)
		}
		if l.claimOf(p.PID, host) == nil && !ours(p) {
			foreign += r
		}
	}
	reserved := max(foreign, used-w.setAside-w.allocated)
	if reserved != w.reserved {
		grew := reserved > w.reserved
		w.reserved = reserved
		l.reindex(w)
		if !grew {
			l.settle()
		}
	}
	return nil
}

// processRAM validates p, a process reported on host, and returns the RAM it
// holds.
func processRAM(p world.Process, host string) (game.RAM, error) {
	switch {
	case p.Host != "" && p.Host != host:
		return 0, fmt.Errorf("pid %d is on %q, not %q", p.PID, p.Host, host)
	case p.Threads < 1:
		return 0, fmt.Errorf("pid %d has %d threads", p.PID, p.Threads)
	case p.RAM < 0 || p.RAM > maxRAM/game.RAM(p.Threads):
		return 0, fmt.Errorf("pid %d: RAM %d per thread × %d threads out of range", p.PID, p.RAM, p.Threads)
	}
	return p.RAM * game.RAM(p.Threads), nil
}

// reindex restores the order of w's class index after w's free RAM changed.
func (l *Ledger) reindex(w *worker) {
	if w.home {
		return
	}
	o := l.idx[w.class()]
	i := w.pos
	// Already in place?
	if (i == 0 || less(o[i-1], w)) && (i == len(o)-1 || less(w, o[i+1])) {
		return
	}
	copy(o[i:], o[i+1:])
	o = o[:len(o)-1]
	j := searchWorkers(o, func(x *worker) bool { return less(w, x) })
	o = o[:len(o)+1]
	copy(o[j+1:], o[j:])
	o[j] = w
	lo, hi := min(i, j), max(i, j)
	for k := lo; k <= hi; k++ {
		o[k].pos = k
	}
}

// less orders workers by free RAM, then by name.
func less(a, b *worker) bool {
	fa, fb := a.free(), b.free()
	return fa < fb || fa == fb && a.host < b.host
}

// searchWorkers returns the first index i in ws for which f is true,
// assuming f is false then true along ws (like sort.Search).
func searchWorkers(ws []*worker, f func(*worker) bool) int {
	lo, hi := 0, len(ws)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if !f(ws[m]) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// firstFree returns the index of the first worker in ws (ordered by free
// RAM) with at least r free.
func firstFree(ws []*worker, r game.RAM) int {
	lo, hi := 0, len(ws)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ws[m].free() < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
