package controller

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/logline"
	"bbctl/internal/memory"
	"bbctl/internal/world"
)

// never is a time later than any other.
const never = world.Time(math.MaxInt64)

// Controller is the core of bbctl: a deterministic state machine. Feed it
// world events with Step; take its decisions with Ready and answer them
// with the feedback methods Ready names (Observe, Launched, Killed, Rooted,
// Copied, Processes, ContractsFound, ContractAttempted); ask when it next
// needs to act with Wake.
type Controller struct {
	cfg      Config
	strategy strategy // what differs between bbctl and a baseline
	now      world.Time
	epoch    string
	seq      uint64 // batches and ops created
	ledger   *memory.Ledger

	player world.Player
	exp    expTrend // the player's exp rate, for the level a hack lands at
	bn     game.BitNodeMults
	env    hacking.Env

	servers map[string]*serverInfo
	targets map[string]*target
	order   []*target // targets by plan rank, then name (orderChanged when it changes)
	inPlan  []*target // the planned targets of order, in order (nil: to be listed again)

	byCores   hostsByCores // workers by core count, for placement
	holes     bool         // hand each landed hack's hole to the next hack (holeFor): operations take half a worker or more
	heap      opHeap
	byPID     map[int]*op
	launching []*op // ops of ready.Execs, in order
	ready     Ready

	procs      int        // processes running or being launched
	procLimit  bool       // new batches wait for a process to end
	minExecMS  world.Time // the exec latency configured: the least to allow for
	lateMS     world.Time // the latest landing seen after its planned time (late timers)
	pace       paceWindow // exec latencies and driver lags seen lately
	started    bool       // the first snapshot arrived and adoption is done
	adoptWait  int        // ps answers still awaited at start
	adoptProcs map[string][]world.Process

	nextRefresh world.Time
	refreshing  bool
	readFrom    world.Time // when the last reading began
	lastPlan    world.Time
	planLevel   int
	planDirty   bool
	steady      hacking.Ceiling // the last steady plan
	prepRAM     game.RAM        // RAM the horizon plan leaves preparation; 0: no horizon plan
	earnRAM     game.RAM        // RAM the horizon plan keeps for a harvest only keepEarning chose; 0: none
	prepOrder   []*target       // the horizon plan's preparations, goals first, then the soonest ready
	pending     game.RAM        // RAM promised to planned harvest operations not yet launched
	replanAt    world.Time      // when the horizon plan must be made again (a goal's wait ends)
	resumed     bool            // it adopted the workers of an earlier run: the game is under way

	paused      bool // no new work (Pause)
	copyWaiting bool // copies fail until the world can copy again; said once
	cct         contractBook
	stk         stockBook

	nextSweep   world.Time
	sweepStart  world.Time
	sweepWait   int
	sweepFailed bool
	sweepProcs  map[string][]world.Process

	stats Stats
}

// serverInfo is what discovery knows of a server.
type serverInfo struct {
	srv     game.Server
	rooting bool // a Root action is out
	tried   int  // programs owned when rooting was last tried
	copied  bool // the worker scripts are on it
	copying bool
	worker  bool // registered with the ledger
	ps      bool // a ps is out
}

// Ready is what the controller wants done: the driver's whole contract.
// The driver carries the fields out in the order they are declared, and
// answers each with the feedback method named beside it, before it asks
// for the next Ready (Act is that driver):
//
//  1. Logs: show or keep them; no answer.
//  2. Kills: kill these pids; answer with Killed (one error per pid). Kills
//     come before Execs: their RAM is already free in the ledger, and the
//     Execs of the same Ready may be placed in it.
//  3. Execs: start these workers; answer with Launched (one result per
//     request, in order).
//  4. Root: open every port the player can on each host, then nuke it;
//     answer with Rooted, per host.
//  5. Copy: copy the worker scripts from home to each host; answer with
//     Copied, per host.
//  6. ReadProcs: list the processes of each host; answer with Processes,
//     per host.
//  7. ScanContracts: list and read the coding contracts of each host;
//     answer with ContractsFound, per host (or ContractsUnsupported, when
//     the world has none). Attempts: submit these answers; answer with
//     ContractAttempted, per attempt.
//  8. StockTrades: execute these market orders; answer with StockTraded,
//     per order. StockRead: read the stock market; answer with
//     StockMarketRead (an ErrUnsupported error when the world has none).
//  9. Refresh: read the player and every server; answer with Observe.
//
// World events (a worker's report, a process's end, a level-up, a tick) go
// to Step whenever they come; Wake says when the next tick is wanted.
type Ready struct {
	Logs          []LogLine
	Kills         []int
	Execs         []world.ExecRequest
	Root          []string
	Copy          []string
	ReadProcs     []string
	ScanContracts []string
	Attempts      []ContractAttempt
	StockTrades   []StockTrade
	StockRead     bool
	Refresh       bool
}

// Empty reports whether r asks for nothing.
func (r *Ready) Empty() bool {
	return len(r.Execs) == 0 && len(r.Kills) == 0 && len(r.Root) == 0 && len(r.Copy) == 0 &&
		len(r.ReadProcs) == 0 && !r.Refresh && len(r.Logs) == 0 &&
		len(r.ScanContracts) == 0 && len(r.Attempts) == 0 && !r.StockRead && len(r.StockTrades) == 0
}

// Snapshot is a reading of the world: the player and every server reachable
// from home, read between From and At (the same moment in the simulator;
// round trips apart in the live game).
type Snapshot struct {
	From    world.Time
	At      world.Time
	Player  world.Player
	Servers []game.Server
}

// New returns a controller that starts at time now. The epoch tells this
// run's batches apart from those of earlier runs; the driver derives it
// from the start time.
func New(cfg Config, now world.Time) (*Controller, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	l, err := memory.New(cfg.Memory)
	if err != nil {
		return nil, fmt.Errorf("controller: %w", err)
	}
	c := &Controller{
		cfg:     cfg,
		now:     now,
		epoch:   strconv.FormatInt(int64(now), 36),
		ledger:  l,
		servers: make(map[string]*serverInfo),
		targets: make(map[string]*target),
		byPID:   make(map[int]*op),
		bn:      game.DefaultBitNodeMults(),
	}
	c.strategy = newStrategy(cfg.Strategy, c)
	c.minExecMS = cfg.LaunchDelayMS
	c.cct = contractBook{enabled: !cfg.NoContracts, seen: make(map[string]struct{})}
	c.cct.stats.Enabled = c.cct.enabled
	c.stk = newStockBook(cfg.Stocks)
	c.ready.Refresh = true
	c.refreshing = true
	c.logf(logline.Info, "controller started (epoch %s): reading the network", c.epoch)
	return c, nil
}

// Now returns the controller's view of the time.
func (c *Controller) Now() world.Time { return c.now }

// Ledger returns the RAM ledger, for status and leak checks. Callers must
// not change it.
func (c *Controller) Ledger() *memory.Ledger { return c.ledger }

func (c *Controller) tick(t world.Time) {
	if t > c.now {
		c.now = t
	}
}

func (c *Controller) logf(level logline.Level, format string, args ...any) {
	c.ready.Logs = append(c.ready.Logs, LogLine{At: c.now, Level: level, Msg: fmt.Sprintf(format, args...)})
}

// Ready returns what the controller wants done and forgets it. Call it
// after every input; act on everything it holds before the next input.
func (c *Controller) Ready() Ready {
	c.catchUp()
	r := c.ready
	c.ready = Ready{}
	return r
}

// Wake returns when the controller next needs to act if nothing happens
// before.
func (c *Controller) Wake() world.Time {
	w := c.nextRefresh
	if len(c.heap) > 0 && c.heap[0].callAt < w {
		w = c.heap[0].callAt
	}
	for _, t := range c.planned() { // others never wake
		w = min(w, c.strategy.wake(t))
	}
	if c.replanAt > 0 {
		w = min(w, c.replanAt)
	}
	if c.stk.cfg.Enabled && !c.stk.reading && c.stk.next < w {
		w = c.stk.next
	}
	if w <= c.now {
		// Whatever is due was done or is blocked until an event.
		w = c.now + 1
	}
	return w
}

// Step feeds the controller a world event.
func (c *Controller) Step(ev world.Event) {
	c.tick(ev.When())
	switch e := ev.(type) {
	case world.JobDone:
		c.jobDone(e.Report)
	case world.ProcessEnded:
		c.processEnded(e)
	case world.LevelUp:
		c.levelUp(e.Level)
	case world.ServerChanged:
		c.refreshSoon()
	case world.Tick:
	}
}

func (c *Controller) refreshSoon() {
	if c.nextRefresh > c.now {
		c.nextRefresh = c.now
	}
}

// catchUp does what is due at c.now: a refresh, launches, new batches.
func (c *Controller) catchUp() {
	if !c.refreshing && c.now >= c.nextRefresh {
		c.ready.Refresh = true
		c.refreshing = true
	}
	if !c.started {
		return
	}
	if c.sweepProcs == nil && c.now >= c.nextSweep {
		c.beginSweep()
	}
	c.scanContracts()
	c.readStocks()
	if c.replanAt > 0 && c.now >= c.replanAt {
		c.planDirty, c.replanAt = true, never
	}
	if c.planDirty && c.planDue() {
		c.replan()
	}
	if !c.paused {
		// Targets out of the plan neither fill nor prepare: only the
		// planned ones are visited, at every step.
		for _, t := range c.planned() {
			c.strategy.fill(t)
		}
		// The horizon plan's preparations first, in its order.
		for _, t := range c.prepOrder {
			c.prepare(t)
		}
		for _, t := range c.planned() {
			c.prepare(t)
		}
	}
	c.launchDue()
}

// planDue reports whether a plan may be made now: the first once the
// servers rooted at the start have been read again and hold the workers
// (in a live game that takes round trips), later ones at most every
// ReplanMS.
func (c *Controller) planDue() bool {
	if c.stats.Plans > 0 {
		return c.now-c.lastPlan >= c.cfg.ReplanMS
	}
	if c.refreshing {
		return false
	}
	for _, si := range c.servers {
		if si.rooting || si.copying {
			return false
		}
	}
	return true
}

// launchDue launches every planned op whose time has come.
func (c *Controller) launchDue() {
	for len(c.heap) > 0 && c.heap[0].callAt <= c.now {
		o := c.heap.pop()
		c.unpromise(o)
		c.launch(o)
	}
}

// Stats are the controller's counters since it started.
type Stats struct {
	Launched       int        `json:"launched"`        // processes started
	LaunchFailures int        `json:"launch_failures"` // execs the world refused
	Cancelled      int        `json:"cancelled"`       // ops dropped before launch
	Hacks          int        `json:"hacks"`           // hack reports
	HackSuccesses  int        `json:"hack_successes"`  // of which stole money
	Misfires       int        `json:"misfires"`        // workers that could not land on time
	Late           int        `json:"late"`            // workers that landed off their planned time
	Repairs        int        `json:"repairs"`         // targets that drifted and were repaired
	Requeued       int        `json:"requeued"`        // prep ops replaced after they died
	Skipped        int        `json:"skipped"`         // batch slots skipped: no safe moment to launch
	LevelUpKills   int        `json:"levelup_kills"`   // workers killed because a level-up may have come before their call
	Batches        int        `json:"batches"`         // harvest batches planned
	HacksCut       int        `json:"hacks_cut"`       // harvest hacks cut to fit the RAM they found
	CutThreads     int        `json:"cut_threads"`     // the hack threads those cuts lost
	Income         float64    `json:"income"`          // money reported by hacks
	FirstIncome    world.Time `json:"first_income"`
	Plans          int        `json:"plans"`
	Expected       float64    `json:"expected"` // money the hacks that landed were expected to take (hacking.HackValue at the level of the moment)
}

// Stats returns the controller's counters.
func (c *Controller) Stats() Stats { return c.stats }

// sortTargets orders targets by planned income, highest first.
func (c *Controller) sortTargets() {
	c.orderChanged()
	sort.SliceStable(c.order, func(i, j int) bool {
		a, b := c.order[i], c.order[j]
		if a.income != b.income {
			return a.income > b.income
		}
		return a.host < b.host
	})
}

// setPlanned puts t in the plan or takes it out.
func (c *Controller) setPlanned(t *target, planned bool) {
	if t.planned != planned {
		t.planned = planned
		c.orderChanged()
	}
}

// orderChanged says that c.order, or which of its targets are planned,
// changed.
func (c *Controller) orderChanged() { c.inPlan = nil }

// planned returns the planned targets in c.order's order. A new list is
// made when they change (a caller iterating the old one keeps its own).
func (c *Controller) planned() []*target {
	if c.inPlan == nil {
		c.inPlan = make([]*target, 0, len(c.order))
		for _, t := range c.order {
			if t.planned {
				c.inPlan = append(c.inPlan, t)
			}
		}
	}
	return c.inPlan
}
