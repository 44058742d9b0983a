// Package simrun runs the controller on a scenario's simulated world and
// measures it: income against the world's income ceiling, desynchronised
// hacks, misfires, processes, recovery after restarts, and a leak check at
// the end. It backs "bbctl sim" and "bbctl bench".
package simrun

import (
	"context"
	"errors"
	"fmt"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/logline"
	"bbctl/internal/scenario"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// Schedulers names the schedulers a run can use.
var schedulers = []string{"bbctl", "seed"}

// Options configure a run.
type Options struct {
	Scenario  scenario.Scenario
	Duration  time.Duration // game time; 0 means the scenario's
	Speed     float64       // game-ms per wall-ms; 0 means as fast as possible
	Scheduler string        // "bbctl" (default) or "seed"
	// Stocks, if not nil, runs the stock market with this access and the
	// stock trader on it.
	Stocks *sim.StocksConfig
	// Spender is the spending policy (bbctl, none or old); "" means the
	// scenario's.
	Spender string
	// Economy, if set, is called with the economy's report after each of
	// its steps (about every 10 game seconds) when a spender or an
	// advice-following player runs.
	Economy func(economy.Report)

	// Log receives the controller's log lines (nil: dropped).
	Log func(controller.LogLine)
	// Progress, if set, is called with the run's state about once per
	// game second.
	Progress func(Progress)
	// Hook, if set, is called in the run's loop after every step, with the
	// controller and the world. It may read them and call the
	// controller's commands (Pause, Resume, Exclude); it must be cheap, or
	// throttle itself. A non-nil error stops the run with that error.
	Hook func(c *controller.Controller, w *sim.World) error
}

// Progress is the state of a run in progress.
type Progress struct {
	GameTime time.Duration
	Money    float64 // on hand
	Income   float64 // $/s over the last game minute
	Status   controller.Status
}

// Summary is what a run measured. Its JSON form is the output of
// "bbctl bench --json".
type Summary struct {
	Scenario      string  `json:"scenario"`
	Seed          uint64  `json:"seed"`
	Scheduler     string  `json:"scheduler"`
	GameSeconds   float64 `json:"game_seconds"`
	WallSeconds   float64 `json:"wall_seconds"`
	MoneyGained   float64 `json:"money_gained"`
	IncomePerSec  float64 `json:"income_per_sec"`  // over the second half of the run
	CeilingPerSec float64 `json:"ceiling_per_sec"` // at the starting hacking level
	Ratio         float64 `json:"ratio"`           // IncomePerSec / CeilingPerSec
	TimeToIncome  float64 `json:"time_to_income"`  // game seconds to the first money
	// MoneyFirstHour is the money hacked in the first game hour, and
	// FirstHourRatio that over the ceiling × 3,600 s: how much of a
	// perfect first hour the run earned, preparation included. Both are
	// left out of runs shorter than an hour.
	MoneyFirstHour         float64   `json:"money_first_hour,omitempty"`
	FirstHourRatio         float64   `json:"first_hour_ratio,omitempty"`
	Hacks                  int64     `json:"hacks"`
	HacksDesynced          int64     `json:"hacks_desynced"`
	Misfires               int64     `json:"misfires"`
	MaxConcurrentProcesses int       `json:"max_concurrent_processes"`
	HackingLevel           Levels    `json:"hacking_level"`
	LeakCheck              LeakCheck `json:"leak_check"`
	Restarts               []Restart `json:"restarts,omitempty"`
	Binding                []string  `json:"ceiling_binding,omitempty"`
	Contracts              Contracts `json:"contracts"`
	Stocks                 *Stocks   `json:"stocks,omitempty"`  // with the stock market on
	Partial                bool      `json:"partial,omitempty"` // interrupted before the end

	// The economy: the spending policy, the money on hand at the end, the
	// income from every source over the last game hour, the money earned
	// by source and spent by kind, the RAM owned (home and purchased
	// servers, GB) at the start and every game hour, and the purchases
	// made by kind.
	Spender        string             `json:"spender"`
	MoneyEnd       float64            `json:"money_end"`
	IncomeLastHour float64            `json:"income_last_hour"`
	Earned         map[string]float64 `json:"earned"`
	Spent          map[string]float64 `json:"spent"`
	RAMOwned       []float64          `json:"ram_owned"`
	Purchases      map[string]int     `json:"purchases"`
	// Hashes are the hacknet servers' hashes, where they replace hacknet
	// nodes (BitNode 9, Source-File 9).
	Hashes *Hashes `json:"hashes,omitempty"`
	// Timeline lists every purchase in order (bbctl economy prints it;
	// left out of the JSON summary).
	Timeline []economy.Purchase `json:"-"`
}

// Hashes are what the hacknet servers made of a run: the hashes made, the
// hashes sold for money (by the spender, or by the game when they would
// overflow the capacity) and of those, the ones sold at overflow, and the
// hashes stored at the end. Every hash sold is in Earned's hacknet money
// at $250,000.
type Hashes struct {
	Made     float64 `json:"made"`
	Sold     float64 `json:"sold"`
	Overflow float64 `json:"sold_at_overflow"`
	Stored   float64 `json:"stored"`
}

// Stocks is what the stock trader did in a run: its executed orders, the
// money that went into (−) and came out of (+) the market, the value of the
// positions left at the end (at the bid and ask) and the profit, the two
// added.
type Stocks struct {
	Trades   int64   `json:"trades"`
	CashFlow float64 `json:"cash_flow"`
	Value    float64 `json:"value"`
	Profit   float64 `json:"profit"`
}

// Contracts counts the coding contracts of a run.
type Contracts struct {
	Placed  int64   `json:"placed"`  // appeared in the world
	Solved  int     `json:"solved"`  // answered right by bbctl
	Failed  int     `json:"failed"`  // answered wrong
	Skipped int     `json:"skipped"` // left for the player
	Money   float64 `json:"money"`   // rewards paid
}

// Levels are the hacking levels at the start and end of a run.
type Levels struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// LeakCheck is the outcome of the leak check at the end of a run.
type LeakCheck struct {
	OK       bool     `json:"ok"`
	Problems []string `json:"problems"`
}

// Restart measures the recovery after a controller restart.
type Restart struct {
	At            float64 `json:"at"`             // game seconds
	PreRate       float64 `json:"pre_rate"`       // $/s over the 5 minutes before
	PostRate      float64 `json:"post_rate"`      // $/s over the second minute after
	RecoveredIn   float64 `json:"recovered_in"`   // game seconds until the trailing minute's rate was back to 90 % of PreRate; -1 if never
	RecoveredFast bool    `json:"recovered_fast"` // PostRate ≥ 90 % of PreRate: recovered within two minutes and holding
	// The same two windows in expected money: what the hacks that landed
	// were worth on average (money per hack × the hack chance), without
	// the luck of their rolls. For information: the measures above use the
	// money actually gained.
	PreExpectedRate  float64 `json:"pre_expected_rate"`
	PostExpectedRate float64 `json:"post_expected_rate"`
}

// Run runs opt's scenario and returns what it measured. A cancelled ctx
// ends the run early with a partial summary and no error.
func Run(ctx context.Context, opt Options) (Summary, error) {
	r, err := newRun(ctx, opt)
	if err != nil {
		return r.sum, err
	}
	start := time.Now()
	if err := r.segments(ctx); err != nil {
		return r.sum, err
	}
	r.summarize(time.Since(start))
	return r.sum, r.leakCheck()
}

// run is one run of a scenario: the world, the controller of the current
// segment (a restart begins a new one) and what has been measured.
type run struct {
	opt      Options
	w        *sim.World
	ccfg     controller.Config
	until    world.Time   // the end of the run
	restarts []world.Time // restarts before until
	rec      *recorder
	spend    *spending // nil: no spending and no player
	c        *controller.Controller
	first    world.Time // the first money, of any segment
	sum      Summary
}

// newRun checks opt, builds the world and measures its ceiling.
func newRun(ctx context.Context, opt Options) (*run, error) {
	sc := opt.Scenario
	r := &run{opt: opt}
	d := opt.Duration
	if d == 0 {
		d = time.Duration(sc.Duration)
	}
	if d <= 0 {
		return r, errors.New("simrun: duration must be positive")
	}
	if r.opt.Scheduler == "" {
		r.opt.Scheduler = "bbctl"
	}
	if !validScheduler(r.opt.Scheduler) {
		return r, fmt.Errorf("simrun: unknown scheduler %q (want bbctl or seed)", r.opt.Scheduler)
	}
	cfg := sc.SimConfig()
	cfg.Speed = opt.Speed
	cfg.Stocks = opt.Stocks
	w, err := sim.New(cfg)
	if err != nil {
		return r, fmt.Errorf("simrun: %w", err)
	}
	r.w = w
	r.ccfg = controller.Config{SpacingMS: sc.SpacingMS, MaxProcesses: sc.MaxProcesses,
		HorizonMS: world.Time(time.Duration(sc.PlanHorizon).Milliseconds())}
	r.ccfg.Stocks.Enabled = opt.Stocks != nil
	if r.opt.Scheduler == "seed" {
		r.ccfg.Strategy = controller.SeedStrategy
	}
	if r.opt.Spender == "" {
		r.opt.Spender = sc.Spender
	}
	if r.opt.Spender == "" {
		r.opt.Spender = "none"
	}
	if r.spend, err = newSpending(sc, r.opt.Spender); err != nil {
		return r, err
	}
	r.sum = Summary{Scenario: sc.Name, Seed: sc.Seed, Scheduler: r.opt.Scheduler, Spender: r.opt.Spender}
	p0, err := w.Player(ctx)
	if err != nil {
		return r, err
	}
	r.sum.HackingLevel.Start = p0.Hacking
	ceil, err := Ceiling(ctx, w, sc)
	if err != nil {
		return r, err
	}
	r.sum.CeilingPerSec = ceil.IncomePerSec
	r.sum.Binding = ceil.Binding

	r.until = world.Time(d.Milliseconds())
	r.rec = newRecorder(w)
	for _, at := range sc.Faults.RestartAt {
		if at := world.Time(time.Duration(at).Milliseconds()); at < r.until {
			r.restarts = append(r.restarts, at)
		}
	}
	return r, nil
}

// segments runs a controller until the first restart, a new one until the
// next, and so on to the end (or until ctx is cancelled: a partial run).
func (r *run) segments(ctx context.Context) error {
	var expectedBefore float64 // the expected money of the controllers before r.c
	r.rec.expected = func() float64 { return expectedBefore + r.c.Stats().Expected }
	for seg := 0; ; seg++ {
		end := r.until
		if seg < len(r.restarts) {
			end = r.restarts[seg]
		}
		err := r.segment(ctx, end)
		if seg < len(r.restarts) && err == nil {
			r.rec.sample(r.w.Now())
			expectedBefore += r.c.Stats().Expected
		}
		if err != nil {
			if ctx.Err() != nil {
				r.sum.Partial = true
				return nil
			}
			return err
		}
		if seg >= len(r.restarts) {
			return nil
		}
		if r.opt.Log != nil {
			r.opt.Log(controller.LogLine{At: r.w.Now(), Level: logline.Warn, Msg: "restarting the controller (fault injection)"})
		}
	}
}

// segment runs a new controller until end and adds up what it did.
func (r *run) segment(ctx context.Context, end world.Time) error {
	c, err := controller.New(r.ccfg, r.w.Now())
	if err != nil {
		return err
	}
	r.c = c
	w, opt := r.w, r.opt
	err = controller.Run(ctx, w, c, controller.RunOptions{
		Until: end,
		Log:   opt.Log,
		Every: func(c *controller.Controller) error {
			if err := r.spend.step(ctx, w, opt.Log, opt.Economy); err != nil {
				return err
			}
			c.SetStockHeld(r.spend.held())
			if opt.Hook != nil {
				if err := opt.Hook(c, w); err != nil {
					return err
				}
			}
			if r.rec.sample(w.Now()) && opt.Progress != nil {
				opt.Progress(Progress{
					GameTime: time.Duration(w.Now()) * time.Millisecond,
					Money:    r.rec.onHand(),
					Income:   r.rec.rate(w.Now(), 60000),
					Status:   c.Status(),
				})
			}
			return nil
		},
	})
	if fi := c.Stats().FirstIncome; fi > 0 && (r.first == 0 || fi < r.first) {
		r.first = fi
	}
	cs := c.ContractStats()
	r.sum.Contracts.Solved += cs.Solved
	r.sum.Contracts.Failed += cs.Failed
	r.sum.Contracts.Skipped += cs.Skipped
	return err
}

// summarize fills in the summary at the end of the run.
func (r *run) summarize(wall time.Duration) {
	r.rec.sample(r.w.Now())
	sum := &r.sum
	now := r.w.Now()
	st := r.w.Stats()
	sum.GameSeconds = now.Seconds()
	sum.WallSeconds = wall.Seconds()
	sum.MoneyGained = st.MoneyGained
	half := now / 2
	if now > half {
		sum.IncomePerSec = (r.rec.at(now) - r.rec.at(half)) / (now - half).Seconds()
	}
	if sum.CeilingPerSec > 0 {
		sum.Ratio = sum.IncomePerSec / sum.CeilingPerSec
	}
	if hour := world.Time(3600 * 1000); now >= hour {
		sum.MoneyFirstHour = r.rec.at(hour)
		if sum.CeilingPerSec > 0 {
			sum.FirstHourRatio = sum.MoneyFirstHour / (sum.CeilingPerSec * hour.Seconds())
		}
	}
	sum.TimeToIncome = -1
	if r.first > 0 {
		sum.TimeToIncome = r.first.Seconds()
	}
	sum.Hacks = st.HacksLanded
	sum.HacksDesynced = st.HacksDesynced
	sum.Misfires = st.Misfires
	sum.MaxConcurrentProcesses = st.MaxConcurrent
	sum.Contracts.Placed = st.ContractsPlaced
	sum.Contracts.Money = st.ContractMoney
	if p, err := r.w.Player(context.Background()); err == nil {
		sum.HackingLevel.End = p.Hacking
		sum.MoneyEnd = p.Money
	}
	r.summarizeEconomy(st)
	if m, err := r.w.StockMarket(context.Background()); err == nil && r.opt.Stocks != nil {
		s := &Stocks{Trades: st.StockTrades, CashFlow: st.StockCash}
		for _, q := range m.Quotes {
			s.Value += q.Value()
		}
		s.Profit = s.CashFlow + s.Value
		sum.Stocks = s
	}
	for _, at := range r.restarts {
		if at < now {
			sum.Restarts = append(sum.Restarts, r.rec.restart(at, now))
		}
	}
}

// leakCheck checks the last controller's ledger against the world.
func (r *run) leakCheck() error {
	problems, err := controller.LeakCheck(context.Background(), r.w, r.c)
	if err != nil {
		return err
	}
	r.sum.LeakCheck.OK = len(problems) == 0
	r.sum.LeakCheck.Problems = []string{}
	for _, p := range problems {
		r.sum.LeakCheck.Problems = append(r.sum.LeakCheck.Problems, p.String())
	}
	return nil
}

func validScheduler(s string) bool {
	for _, x := range schedulers {
		if x == s {
			return true
		}
	}
	return false
}

// Ceiling computes the income ceiling of sc's world at its starting hacking
// level (docs/ceiling.md): every target the player can root and hack, at
// minimum security and maximum money; every worker's RAM less its
// set-aside, by core count; the scenario's process limit and spacing.
func Ceiling(ctx context.Context, w world.World, sc scenario.Scenario) (hacking.Ceiling, error) {
	snap, err := controller.Read(ctx, w)
	if err != nil {
		return hacking.Ceiling{}, err
	}
	return CeilingOf(snap, sc.BitNode, sc.BitNodeLevel, sc.MaxProcesses, sc.SpacingMS)
}

// CeilingOf computes the income ceiling of the world snap shows, as
// Ceiling does, in BitNode bitNode at level (0 means 1) with the given
// process limit and landing spacing. It is pure: a live game's dashboard
// computes its ceiling from a reading of the game.
func CeilingOf(snap controller.Snapshot, bitNode, level, maxProcesses int, spacingMS float64) (hacking.Ceiling, error) {
	bn, err := game.BitNodeMultipliers(max(bitNode, 1), max(level, 1))
	if err != nil {
		return hacking.Ceiling{}, err
	}
	f := economy.Farm{Player: snap.Player, Servers: snap.Servers, BN: bn, Version: game.V3,
		MaxProcesses: maxProcesses, SpacingMS: spacingMS}
	return f.Ceiling(economy.Change{})
}

// recorder samples, once per game second, the money gained by hacking, the
// money the landed hacks were expected to gain and the money earned from
// every source, and once per game hour the RAM owned.
type recorder struct {
	w        *sim.World
	expected func() float64 // the hacks' expected money so far; nil: none
	money    []float64      // money[i]: gained by hacking by second i
	exp      []float64      // exp[i]: expected by second i
	total    []float64      // total[i]: earned from every source by second i
	ram      []float64      // ram[h]: GB owned (home and purchased) at game hour h
}

func newRecorder(w *sim.World) *recorder {
	return &recorder{w: w, money: []float64{0}, exp: []float64{0}, total: []float64{0}, ram: []float64{ownedGB(w)}}
}

// sample records every whole second up to now; it reports whether a new
// second was recorded.
func (r *recorder) sample(now world.Time) bool {
	sec := int(now / 1000)
	if sec < len(r.money) {
		return false
	}
	st := r.w.Stats()
	m, e, all := st.MoneyGained, 0.0, st.MoneyGained+st.ContractMoney+st.HacknetMoney
	if r.expected != nil {
		e = r.expected()
	}
	for len(r.money) <= sec {
		r.money = append(r.money, m)
		r.exp = append(r.exp, e)
		r.total = append(r.total, all)
	}
	for len(r.ram) <= sec/3600 {
		r.ram = append(r.ram, ownedGB(r.w))
	}
	return true
}

// at returns the money gained by game time t (to the second).
func (r *recorder) at(t world.Time) float64 { return sampleAt(r.money, t) }

func sampleAt(series []float64, t world.Time) float64 {
	i := int(t / 1000)
	if i >= len(series) {
		i = len(series) - 1
	}
	if i < 0 {
		return 0
	}
	return series[i]
}

// rate returns $/s gained over the window of span ms ending at t.
func (r *recorder) rate(t, span world.Time) float64 { return rateOf(r.money, t, span) }

// rateOf returns the $/s of a series over the window of span ms ending at t.
func rateOf(series []float64, t, span world.Time) float64 {
	from := max(0, t-span)
	if t <= from {
		return 0
	}
	return (sampleAt(series, t) - sampleAt(series, from)) / (t - from).Seconds()
}

// restart measures the recovery after a restart at time at: the rate over
// the five minutes before against the rate over the second minute after,
// and the first moment the trailing minute (wholly after the restart) earned
// 90 % of the rate before.
func (r *recorder) restart(at, end world.Time) Restart {
	const minute = 60000
	res := Restart{At: at.Seconds(), RecoveredIn: -1}
	res.PreRate = r.rate(at, 5*minute)
	res.PreExpectedRate = rateOf(r.exp, at, 5*minute)
	if end >= at+2*minute {
		res.PostRate = r.rate(at+2*minute, minute)
		res.PostExpectedRate = rateOf(r.exp, at+2*minute, minute)
	}
	for t := at + minute; t <= end; t += 1000 {
		if res.PreRate > 0 && r.rate(t, minute) >= 0.9*res.PreRate {
			res.RecoveredIn = (t - at).Seconds()
			break
		}
	}
	res.RecoveredFast = res.PreRate > 0 && res.PostRate >= 0.9*res.PreRate
	return res
}
