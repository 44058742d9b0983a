// Package trader decides stock trades: bbctl's trader (with 4S data it
// trades the true forecast, without it the tracker's estimates) under risk
// limits, the two baselines it is measured against (the seed system's
// z-score rule and the common 4S rule), and a backtester that runs them on
// the simulated market.
//
// Strategies are pure: Decide takes a View of one market update and
// returns the trades to make. A driver (the backtester, or the controller's
// stock service) carries them out.
package trader

import (
	"fmt"
	"math"
	"sort"

	"bbctl/internal/market"
	"bbctl/internal/tracker"
)

// Quote is one stock as a script sees it (market.Quote).
type Quote = market.Quote

// View is one market update as the trader sees it.
type View struct {
	Update int64   `json:"update"` // consecutive updates differ by 1
	Quotes []Quote `json:"quotes"` // every stock, in a fixed order
	// Cash is the money the trader may spend: the player's money less what
	// the spender and running plans have committed.
	Cash   float64 `json:"cash"`
	Has4S  bool    `json:"has_4s"`
	Shorts bool    `json:"shorts"` // short selling is allowed
}

// Invested returns the value of all positions.
func (v View) Invested() float64 {
	var s float64
	for _, q := range v.Quotes {
		s += q.Value()
	}
	return s
}

// Action is one trade: open (buy long or short) or close shares of a
// position.
type Action struct {
	Symbol string     `json:"symbol"`
	Pos    market.Pos `json:"position"`
	Open   bool       `json:"open"`
	Shares float64    `json:"shares"`
	Reason string     `json:"reason"`
}

// String describes a like a log line: "buy 1,000 ECP (reason)".
func (a Action) String() string {
	verb := map[[2]bool]string{{true, true}: "buy", {true, false}: "sell", {false, true}: "short", {false, false}: "close short"}[[2]bool{a.Pos == market.Long, a.Open}]
	return fmt.Sprintf("%s %.0f %s (%s)", verb, a.Shares, a.Symbol, a.Reason)
}

// Strategy decides the trades of one update.
type Strategy interface {
	Name() string
	Decide(v View) []Action
}

// Risk are the trader's limits.
type Risk struct {
	// MaxInvested is the largest fraction of net worth (cash + positions)
	// held in the market.
	MaxInvested float64 `json:"max_invested"`
	// PerStock is the largest fraction of net worth in one stock.
	PerStock float64 `json:"per_stock"`
	// DrawdownStop sells everything when net worth falls this fraction
	// below its peak, then waits StopPause updates before trading again.
	DrawdownStop float64 `json:"drawdown_stop"`
	StopPause    int     `json:"stop_pause"`
}

// DefaultRisk returns the limits used when none are given: with 4S data
// the forecast is known and the trader may commit more; without it the
// estimates are noisy and the limits are tighter.
func DefaultRisk(has4S bool) Risk {
	if has4S {
		return Risk{MaxInvested: 1, PerStock: 1, DrawdownStop: 0.15, StopPause: 75}
	}
	return Risk{MaxInvested: 0.9, PerStock: 0.2, DrawdownStop: 0.1, StopPause: 150}
}

// Validate reports a limit out of range.
func (r Risk) Validate() error {
	switch {
	case !(r.MaxInvested > 0 && r.MaxInvested <= 1):
		return fmt.Errorf("risk: max invested fraction %v is not in (0, 1]", r.MaxInvested)
	case !(r.PerStock > 0 && r.PerStock <= 1):
		return fmt.Errorf("risk: per-stock fraction %v is not in (0, 1]", r.PerStock)
	case !(r.DrawdownStop > 0 && r.DrawdownStop < 1):
		return fmt.Errorf("risk: drawdown stop %v is not in (0, 1)", r.DrawdownStop)
	case r.StopPause < 0:
		return fmt.Errorf("risk: stop pause %d is negative", r.StopPause)
	}
	return nil
}

// Trader is bbctl's strategy.
type Trader struct {
	risk  Risk
	specs map[string]market.Spec
	track *tracker.Tracker

	peak      float64
	pausedTil int64
	// 4S cycle detection: last forecasts and the phase they revealed.
	lastF  []float64
	phase  int // update mod 75 of cycle updates, −1 unknown
	update int64
}

// New returns bbctl's trader for the given symbols (in the View's order)
// with limits risk. The tracker it keeps (for trading without 4S) covers
// window updates.
func New(syms []string, risk Risk, window int) (*Trader, error) {
	if err := risk.Validate(); err != nil {
		return nil, err
	}
	tr, err := tracker.New(syms, window)
	if err != nil {
		return nil, err
	}
	specs := map[string]market.Spec{}
	for _, s := range market.Catalogue() {
		specs[s.Symbol] = s
	}
	return &Trader{risk: risk, specs: specs, track: tr, phase: -1}, nil
}

// Name returns "bbctl".
func (t *Trader) Name() string { return "bbctl" }

// Tracker returns the trader's price history.
func (t *Trader) Tracker() *tracker.Tracker { return t.track }

// Tuning of the strategy (documented in docs/stocks.md).
const (
	horizon4S    = 150  // updates a 4S position is expected to be held
	horizonEst   = 60   // the same without 4S: estimates decay faster
	minConfEntry = 0.93 // no-4S: posterior probability of the side to enter
	minConfHold  = 0.65 // no-4S: below it the position is closed
	minMoves     = 40   // no-4S: moves observed before trading a stock
	flipChance   = 0.45 // chance a stock flips at a cycle update
)

// edge is the trader's view of one stock at an update.
type edge struct {
	i    int
	side market.Pos
	er   float64 // expected return per update of the side, a fraction
	cost float64 // round-trip cost as a fraction of the position (spread)
	hold bool    // the current position may be kept
	open bool    // a new position may be opened
	f    float64
}

// Decide returns the trades of one update.
func (t *Trader) Decide(v View) []Action {
	prices := make([]float64, len(v.Quotes))
	for i, q := range v.Quotes {
		prices[i] = q.Price
	}
	// A malformed view is not fatal to the trader: without the sample the
	// estimates just see a gap.
	_ = t.track.Record(tracker.Sample{Update: v.Update, Prices: prices})
	t.update = v.Update
	if v.Has4S {
		t.detectCycle(v)
	}

	worth := v.Cash + v.Invested()
	if worth > t.peak {
		t.peak = worth
	}
	if v.Update < t.pausedTil {
		return nil
	}
	if t.peak > 0 && worth < t.peak*(1-t.risk.DrawdownStop) {
		t.pausedTil = v.Update + int64(t.risk.StopPause)
		t.peak = 0
		return closeAll(v, "drawdown stop")
	}

	edges := make([]edge, len(v.Quotes))
	for i, q := range v.Quotes {
		edges[i] = t.edge(v, i, q)
	}
	var acts []Action
	cash := v.Cash
	// Close what no longer pays.
	for i, q := range v.Quotes {
		e := edges[i]
		if q.Long > 0 && !(e.hold && e.side == market.Long) {
			acts = append(acts, Action{q.Symbol, market.Long, false, q.Long, e.why()})
			cash += q.Long*q.Bid - market.Commission
		}
		if q.Short > 0 && !(e.hold && e.side == market.Short) {
			acts = append(acts, Action{q.Symbol, market.Short, false, q.Short, e.why()})
			cash += q.Short*(2*q.ShortAvg-q.Ask) - market.Commission
		}
	}
	// Rank the candidates by expected return net of costs over the horizon.
	var cands []edge
	for _, e := range edges {
		if e.open && (e.side == market.Long || v.Shorts) {
			cands = append(cands, e)
		}
	}
	h := t.horizon(v.Has4S)
	sort.Slice(cands, func(a, b int) bool {
		return cands[a].er-cands[a].cost/h > cands[b].er-cands[b].cost/h
	})
	investCap := t.risk.MaxInvested * worth
	invested := v.Invested()
	for _, a := range acts {
		q := v.Quotes[indexOf(v.Quotes, a.Symbol)]
		if a.Pos == market.Long {
			invested -= q.Long * q.Bid
		} else {
			invested -= q.Short * (2*q.ShortAvg - q.Ask)
		}
	}
	stockCap := t.risk.PerStock * worth
	for _, e := range cands {
		q := v.Quotes[e.i]
		price := q.Ask
		if e.side == market.Short {
			price = q.Bid
		}
		held := q.Long*q.Bid + q.Short*q.Bid
		if isClosing(acts, q.Symbol) {
			continue
		}
		budget := math.Min(math.Min(cash, investCap-invested), stockCap-held) - market.Commission
		room := q.MaxShares - q.Long - q.Short
		n := math.Floor(math.Min(budget/price, room))
		n = t.weakeningSize(q, e, n)
		if n <= 0 || n*price < 50*market.Commission {
			continue // too small to pay its commissions
		}
		acts = append(acts, Action{q.Symbol, e.side, true, n, fmt.Sprintf("forecast %.3f, %.3f%%/update", e.f, 100*e.er)})
		cash -= n*price + market.Commission
		invested += n * price
	}
	return acts
}

func indexOf(qs []Quote, sym string) int {
	for i, q := range qs {
		if q.Symbol == sym {
			return i
		}
	}
	return -1
}

func isClosing(acts []Action, sym string) bool {
	for _, a := range acts {
		if a.Symbol == sym && !a.Open {
			return true
		}
	}
	return false
}

func (e edge) why() string {
	return fmt.Sprintf("forecast %.3f no longer pays", e.f)
}

func (t *Trader) horizon(has4S bool) float64 {
	if has4S {
		return horizon4S
	}
	return horizonEst
}

// edge estimates the expected return of the stock's better side.
func (t *Trader) edge(v View, i int, q Quote) edge {
	e := edge{i: i, cost: 2 * (q.Ask/q.Price - 1)}
	var f, vol float64
	var toCycle int
	if v.Has4S {
		f, vol = q.Forecast, q.Volatility
		toCycle = t.toCycle()
	} else {
		est := t.track.Estimator().Estimate(i)
		vol = est.Volatility
		toCycle = est.ToCycle
		if est.Moves < minMoves || !t.track.Estimator().VolatilityKnown() {
			e.f = est.Forecast
			return e
		}
		// Trade the conservative end of the belief.
		conf := est.PUp
		f = est.Forecast
		if f > 0.5 {
			f = math.Max(0.5, f-est.Std)
		} else {
			f = math.Min(0.5, f+est.Std)
			conf = 1 - conf
		}
		e.hold = conf >= minConfHold
		if conf < minConfEntry {
			e.f = est.Forecast
			e.side = sideOf(est.Forecast)
			e.er = math.Abs(2*f-1) * vol / 2
			return e
		}
	}
	e.f = f
	e.side = sideOf(f)
	e.er = math.Abs(2*f-1) * vol / 2
	if v.Has4S {
		e.hold = e.er > 0 && math.Abs(f-0.5) > 0.005
	}
	e.er = math.Max(0, e.er)
	h := t.horizon(v.Has4S)
	// Open only when the expected gain over the horizon pays the spread
	// twice over, and not just before a cycle update that may flip it.
	e.open = e.hold && math.Abs(f-0.5) > 0.05 && e.er*h > e.cost && (toCycle < 0 || e.er*float64(toCycle) >= flipChance*e.cost)
	return e
}

func sideOf(f float64) market.Pos {
	if f < 0.5 {
		return market.Short
	}
	return market.Long
}

// weakeningSize sizes a purchase of at most n shares against the forecast
// weakening it causes (STOCKS.md §4.4): every shareTxForMovement shares
// traded take 0.006 from the forecast magnitude m, never below 5. The
// position's expected return is proportional to its shares times m, so
// the trader buys the n that maximises (held + n)·m'(n): the top of the
// concave part while m' is above 5, or everything when going on to the
// floor of 5 pays more. T is taken as the catalogue's least value for the
// stock (it is not observable), which errs toward smaller purchases.
func (t *Trader) weakeningSize(q Quote, e edge, n float64) float64 {
	sp, ok := t.specs[q.Symbol]
	m := math.Abs(100*e.f - 50)
	if !ok || m <= 5 || n <= 0 {
		return n
	}
	k := 0.006 / float64(sp.Tx.Min)
	held := q.Long + q.Short
	gain := func(x float64) float64 { return (held + x) * math.Max(5, m-k*x) }
	n5 := (m - 5) / k                              // shares that take m to 5
	best := math.Min(n, math.Max(0, (m/k-held)/2)) // the concave part's top
	best = math.Min(best, n5)
	if gain(n) > gain(best) {
		best = n
	}
	return math.Floor(best)
}

// detectCycle finds the cycle phase from 4S forecasts: at a cycle update
// about 45 % of stocks jump from f to ≈ 1 − f.
func (t *Trader) detectCycle(v View) {
	if len(t.lastF) == len(v.Quotes) {
		n := 0
		for i, q := range v.Quotes {
			old := t.lastF[i]
			if math.Abs(old-0.5) > 0.03 && math.Abs(q.Forecast-(1-old)) < 0.02 {
				n++
			}
		}
		if n >= 5 {
			t.phase = int(v.Update % market.TicksPerCycle)
		}
	}
	t.lastF = t.lastF[:0]
	for _, q := range v.Quotes {
		t.lastF = append(t.lastF, q.Forecast)
	}
}

// toCycle returns the updates until the next cycle update (0: the next
// update is one), or −1 while unknown.
func (t *Trader) toCycle() int {
	if t.phase < 0 {
		return -1
	}
	next := t.update + 1
	return int((int64(t.phase) - next%market.TicksPerCycle + market.TicksPerCycle) % market.TicksPerCycle)
}

// closeAll returns the trades that close every position.
func closeAll(v View, reason string) []Action {
	var acts []Action
	for _, q := range v.Quotes {
		if q.Long > 0 {
			acts = append(acts, Action{q.Symbol, market.Long, false, q.Long, reason})
		}
		if q.Short > 0 {
			acts = append(acts, Action{q.Symbol, market.Short, false, q.Short, reason})
		}
	}
	return acts
}

// Liquidate returns the trades that sell everything (bbctl stocks
// liquidate; installing augmentations wipes positions without payout).
func Liquidate(v View) []Action { return closeAll(v, "liquidate") }
