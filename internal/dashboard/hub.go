// Package dashboard serves a live web view of the controller: an overview
// with an income chart, the targets by phase, a RAM bar per worker, the
// log, the contracts service, and pause/resume/exclude controls.
//
// The controller is not safe for concurrent use, so the package is split
// in two. The run loop calls [Hub.Step] after every step: it publishes
// frames (status, workers, income, log) at most a few times a wall second
// and carries out what the page asked for (commands, and details too
// expensive to publish all the time). HTTP handlers, built by
// [Hub.Handler], read the frames and queue requests; they never touch the
// controller.
package dashboard

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/economy"
	"bbctl/internal/memory"
	"bbctl/internal/store"
	"bbctl/internal/world"
)

// Options configure a Hub. Zero fields take the defaults.
type Options struct {
	// LogLines is how many log lines the hub keeps (default 2000).
	LogLines int
	// PublishEvery is the least wall time between two frames
	// (default 250 ms: at most 4 a second).
	PublishEvery time.Duration
	// RequestTimeout is how long a handler waits for the run loop to
	// answer a command or a detail request (default 3 s).
	RequestTimeout time.Duration
	// Now is the wall clock (default time.Now).
	Now func() time.Time
	// Title names the run on the page, e.g. "sim: mid".
	Title string
	// WallClock says that the controller's clock is the wall clock in Unix
	// ms (a live game): the page shows times of day in Location, and the
	// time since the run began where a duration is meant. Otherwise times
	// are game time since the simulation began.
	WallClock bool
	// Location is the time zone of times of day (default time.Local).
	Location *time.Location
	// Snapshot, if set, reads the game as a scenario file (bbctl
	// snapshot); /api/snapshot offers it as a download.
	Snapshot func(ctx context.Context) ([]byte, error)
}

func (o Options) withDefaults() Options {
	if o.LogLines <= 0 {
		o.LogLines = 2000
	}
	if o.PublishEvery <= 0 {
		o.PublishEvery = 250 * time.Millisecond
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 3 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	return o
}

// Hub is the meeting point of the run loop and the HTTP handlers. Step
// belongs to the run loop; every other method is safe for concurrent use.
type Hub struct {
	opt Options

	mu      sync.Mutex
	notify  chan struct{} // closed and replaced when something changed
	ver     versions
	status  controller.Status
	workers []memory.WorkerState
	income  incomeSeries
	log     logRing
	ceiling float64
	began   world.Time // the controller's clock at the first step
	contr   *Contracts
	stocks  *controller.StockStats
	econ    *economy.Report
	ended   bool
	queue   []*request
	waiting atomic.Bool // queue is not empty: Step checks it without the lock

	// Run-loop state, touched only by Step.
	loop struct {
		published time.Time
		c         *controller.Controller
		base      float64 // gained by the runs of earlier controllers
		last      float64 // gained at the last sample
	}
}

// versions count the changes of each kind of frame, so a client sends only
// what changed since it last looked.
type versions struct {
	status, workers, income, log, contracts, stocks, economy uint64
}

// New returns a hub.
func New(opt Options) *Hub {
	opt = opt.withDefaults()
	h := &Hub{opt: opt, notify: make(chan struct{})}
	h.log = newLogRing(opt.LogLines)
	h.income = newIncomeSeries()
	return h
}

// Step is called by the run loop after each step of c (and only by the
// run loop). gained is the money hacking has gained since the run began,
// as the caller counts it (the simulator's count, or c.Stats().Income);
// pass a negative value to use c.Stats().Income. Step carries out queued
// commands and requests, samples the income once per game second, and
// publishes a frame when PublishEvery has passed since the last one.
func (h *Hub) Step(c *controller.Controller, gained float64) {
	if c == nil {
		return
	}
	if h.loop.c == nil {
		h.mu.Lock()
		h.began = c.Now()
		h.mu.Unlock()
	}
	if c != h.loop.c {
		// A new controller (a restart): its own counters start again.
		if h.loop.c != nil && gained < 0 {
			h.loop.base = h.loop.last
		}
		h.loop.c = c
	}
	if gained < 0 {
		gained = h.loop.base + c.Stats().Income
	}
	h.loop.last = gained
	if h.waiting.Load() {
		h.serve(c)
	}
	sec := int64(c.Now() / 1000)
	sampled := false
	if sec != h.income.lastSec() {
		h.mu.Lock()
		sampled = h.income.add(sec, gained)
		if sampled {
			h.ver.income++
		}
		h.mu.Unlock()
	}
	now := h.opt.Now()
	if now.Sub(h.loop.published) < h.opt.PublishEvery {
		return
	}
	h.loop.published = now
	st := c.Status()
	ws := c.Ledger().Workers()
	cs, hasContracts := h.contractsOf(c.ContractStats())
	h.mu.Lock()
	h.status = st
	h.workers = ws
	h.ver.status++
	h.ver.workers++
	if hasContracts && !sameContracts(h.contr, cs) {
		h.setContractsLocked(cs)
	}
	if ss := c.StockStats(); ss.Enabled || ss.Trades > 0 {
		if h.stocks == nil || h.stocks.Update != ss.Update || h.stocks.Trades != ss.Trades ||
			h.stocks.Status != ss.Status || h.stocks.Halted != ss.Halted || len(h.stocks.Recent) != len(ss.Recent) {
			h.stocks = &ss
			h.ver.stocks++
		}
	}
	h.broadcastLocked()
	h.mu.Unlock()
}

// Log adds a line of the controller's log. Lines go out with the next
// frame, or at once when the run has ended.
func (h *Hub) Log(l controller.LogLine) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.log.add(l, h.label(l.At))
	h.ver.log++
	if h.ended {
		h.broadcastLocked()
	}
}

// label is how the page shows the moment at: the time of day with a wall
// clock, the game time since the start otherwise.
func (h *Hub) label(at world.Time) string {
	if h.opt.WallClock {
		return time.UnixMilli(int64(at)).In(h.opt.Location).Format("15:04:05")
	}
	return duration(at.Seconds())
}

// duration formats seconds as H:MM:SS.
func duration(sec float64) string {
	n := max(0, int64(sec))
	return fmt.Sprintf("%d:%02d:%02d", n/3600, n/60%60, n%60)
}

// Preload puts the income history of earlier runs (bbctl serve's, kept in
// the data directory) at the start of the chart, so a restart does not
// blank it, and makes the money gained count on from its last point. Call
// it before the first Step.
func (h *Hub) Preload(pts []store.IncomePoint) {
	if len(pts) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range pts {
		h.income.add(p.AtMs/1000, p.Earned)
	}
	h.loop.base = pts[len(pts)-1].Earned
	h.loop.last = h.loop.base
	h.ver.income++
}

// SetCeiling records the income ceiling of the run's world, in $/s.
func (h *Hub) SetCeiling(perSec float64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ceiling = perSec
	h.ver.status++
	h.broadcastLocked()
}

// Contracts is what the contracts service reports.
type Contracts struct {
	Found   int              `json:"found"`
	Solved  int              `json:"solved"`
	Failed  int              `json:"failed"`  // wrong answers
	Skipped int              `json:"skipped"` // left to the player
	Recent  []ContractResult `json:"recent"`  // the last few, newest first
}

// ContractResult is what became of one contract.
type ContractResult struct {
	At     float64 `json:"at"`    // game seconds
	Clock  string  `json:"clock"` // at as the page shows it
	Host   string  `json:"host"`
	File   string  `json:"file"`
	Type   string  `json:"type"`
	OK     bool    `json:"ok"`
	Result string  `json:"result"` // the reward, or why not
}

// SetContracts publishes the contracts service's stats; until it is first
// called the page shows the service as not running. Step calls it with
// the controller's ContractStats when the world has contracts.
func (h *Hub) SetContracts(s Contracts) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.setContractsLocked(s)
}

func (h *Hub) setContractsLocked(s Contracts) {
	if s.Recent == nil {
		s.Recent = []ContractResult{}
	}
	h.contr = &s
	h.ver.contracts++
	h.broadcastLocked()
}

// contractsOf converts the controller's contract stats; it reports false
// when the world has no contracts.
func (h *Hub) contractsOf(cs controller.ContractStats) (Contracts, bool) {
	if !cs.Enabled {
		return Contracts{}, false
	}
	s := Contracts{Found: cs.Found, Solved: cs.Solved, Failed: cs.Failed, Skipped: cs.Skipped,
		Recent: make([]ContractResult, 0, len(cs.Recent))}
	for i := len(cs.Recent) - 1; i >= 0; i-- {
		o := cs.Recent[i]
		s.Recent = append(s.Recent, ContractResult{At: o.At.Seconds(), Clock: h.label(o.At), Host: o.Host, File: o.File, Type: o.Type, OK: o.OK, Result: o.Result})
	}
	return s, true
}

// sameContracts reports whether a and b show the same.
func sameContracts(a *Contracts, b Contracts) bool {
	if a == nil || a.Found != b.Found || a.Solved != b.Solved || a.Failed != b.Failed ||
		a.Skipped != b.Skipped || len(a.Recent) != len(b.Recent) {
		return false
	}
	return len(b.Recent) == 0 || a.Recent[0] == b.Recent[0]
}

// SetEconomy publishes the economy service's report; until it is first
// called the page shows the economy as not running.
func (h *Hub) SetEconomy(r economy.Report) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.econ = &r
	h.ver.economy++
	h.broadcastLocked()
}

// Finish marks the run as ended: the page says so, and commands and
// detail requests fail at once instead of waiting for a loop that is gone.
// Requests still queued are answered with an error.
func (h *Hub) Finish() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ended = true
	for _, r := range h.queue {
		r.reply <- reply{err: errEnded}
	}
	h.queue = nil
	h.waiting.Store(false)
	h.ver.status++
	h.broadcastLocked()
}

// broadcastLocked wakes every client waiting for a change.
func (h *Hub) broadcastLocked() {
	close(h.notify)
	h.notify = make(chan struct{})
}

// errEnded answers requests made after the run ended.
var errEnded = errors.New("the run has ended")

// errConflict marks a command the controller cannot carry out now.
var errConflict = errors.New("cannot do that now")

// errUnknown marks a request for a host the controller does not know.
var errUnknown = errors.New("unknown")

// requestKind says what a request asks of the run loop.
type requestKind int

const (
	reqPause requestKind = iota
	reqResume
	reqExclude
	reqInclude
	reqTarget
	reqWorker
	reqLiquidate
	reqResumeStocks
)

// request is something a handler asks of the run loop.
type request struct {
	kind  requestKind
	host  string
	reply chan reply // buffered: the loop never blocks on it
}

type reply struct {
	v   any
	err error
}

// ask queues r for the run loop and waits for its answer, at most
// RequestTimeout or until done is closed.
func (h *Hub) ask(done <-chan struct{}, kind requestKind, host string) (any, error) {
	r := &request{kind: kind, host: host, reply: make(chan reply, 1)}
	h.mu.Lock()
	if h.ended {
		h.mu.Unlock()
		return nil, errEnded
	}
	h.queue = append(h.queue, r)
	h.waiting.Store(true)
	h.mu.Unlock()
	t := time.NewTimer(h.opt.RequestTimeout)
	defer t.Stop()
	select {
	case rep := <-r.reply:
		return rep.v, rep.err
	case <-t.C:
		h.drop(r)
		return nil, errTimeout
	case <-done:
		h.drop(r)
		return nil, errTimeout
	}
}

// errTimeout answers a request the run loop did not get to in time.
var errTimeout = errors.New("the controller did not answer in time")

// drop takes r out of the queue if the loop has not taken it yet.
func (h *Hub) drop(r *request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, q := range h.queue {
		if q == r {
			h.queue = append(h.queue[:i], h.queue[i+1:]...)
			break
		}
	}
	h.waiting.Store(len(h.queue) > 0)
}

// maxBatches caps the batches a target's detail lists.
const maxBatches = 200

// maxAllocs caps the allocations a worker's detail lists.
const maxAllocs = 500

// serve carries out the queued requests on c.
func (h *Hub) serve(c *controller.Controller) {
	h.mu.Lock()
	q := h.queue
	h.queue = nil
	h.waiting.Store(false)
	h.mu.Unlock()
	changed := false
	for _, r := range q {
		var rep reply
		switch r.kind {
		case reqPause:
			c.Pause()
			rep.v, changed = c.Paused(), true
		case reqResume:
			c.Resume()
			rep.v, changed = c.Paused(), true
		case reqExclude, reqInclude:
			if err := c.Exclude(r.host, r.kind == reqExclude); err != nil {
				rep.err = fmt.Errorf("%w target %q", errUnknown, r.host)
			}
			rep.v, changed = c.Paused(), true
		case reqTarget:
			d, ok := c.TargetDetail(r.host, maxBatches)
			if !ok {
				rep.err = fmt.Errorf("%w target %q", errUnknown, r.host)
			}
			rep.v = d
		case reqWorker:
			rep.v, rep.err = workerDetail(c.Ledger(), r.host)
		case reqLiquidate:
			if err := c.LiquidateStocks(); err != nil {
				rep.err = fmt.Errorf("%w: %v", errConflict, err)
			}
			rep.v, changed = c.Paused(), true
		case reqResumeStocks:
			if err := c.ResumeStocks(); err != nil {
				rep.err = fmt.Errorf("%w: %v", errConflict, err)
			}
			rep.v, changed = c.Paused(), true
		}
		r.reply <- rep
	}
	if changed {
		// Show the effect of a command at once.
		h.loop.published = time.Time{}
	}
}

// WorkerDetail is one worker's RAM and the allocations that hold chunks
// on it.
type WorkerDetail struct {
	memory.WorkerState
	Allocations []WorkerAlloc `json:"allocations"` // by ID; at most maxAllocs
	Total       int           `json:"total_allocations"`
}

// WorkerAlloc is an allocation's part on one worker.
type WorkerAlloc struct {
	ID        memory.ID      `json:"id"`
	Label     string         `json:"label,omitempty"`
	Owner     memory.Owner   `json:"owner"`
	ChunkSize int64          `json:"chunk_size"` // hundredths of a GB
	Chunks    int            `json:"chunks"`     // held on this worker
	Claimed   int            `json:"claimed"`    // of which claimed
	Count     int            `json:"count"`      // held in all
	Claims    []memory.Claim `json:"claims"`     // on this worker
}

// workerDetail lists the allocations with chunks on host.
func workerDetail(l *memory.Ledger, host string) (WorkerDetail, error) {
	ws, ok := l.Worker(host)
	if !ok {
		return WorkerDetail{}, fmt.Errorf("%w worker %q", errUnknown, host)
	}
	d := WorkerDetail{WorkerState: ws, Allocations: []WorkerAlloc{}}
	for _, a := range l.Snapshot().Allocations {
		for _, ch := range a.Chunks {
			if ch.Host != host {
				continue
			}
			d.Total++
			if len(d.Allocations) >= maxAllocs {
				break
			}
			wa := WorkerAlloc{ID: a.ID, Label: a.Label, Owner: a.Owner, ChunkSize: int64(a.ChunkSize),
				Chunks: ch.N, Claimed: ch.Claimed, Count: a.Count, Claims: []memory.Claim{}}
			for _, cl := range a.Claims {
				if cl.Host == host {
					wa.Claims = append(wa.Claims, cl)
				}
			}
			d.Allocations = append(d.Allocations, wa)
		}
	}
	return d, nil
}
