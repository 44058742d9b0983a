package controller

import (
	"errors"
	"fmt"
	"math"

	"bbctl/internal/logline"
	"bbctl/internal/market"
	"bbctl/internal/tracker"
	"bbctl/internal/trader"
	"bbctl/internal/world"
)

// The stock service reads the market every stockPollMS (updates come every
// 6 s; polling faster sees each one soon after it happens), and on each new
// update lets the trader decide and carries out its orders.
const (
	stockPollMS   world.Time = 2000
	stockWindow              = 300 // updates the tracker keeps (30 game-minutes)
	recentFills              = 20  // orders StockStats keeps
	sparkLength              = 60  // prices per symbol in StockStats
	keepUnsavedMx            = 2 * stockWindow
)

// StocksConfig tunes the stock service.
type StocksConfig struct {
	// Enabled turns the trader on where the world has a market the player
	// can trade (a WSE account and TIX API access at least).
	Enabled bool `json:"enabled"`
	// Risk are the trader's limits; the zero value means
	// trader.DefaultRisk for the player's access.
	Risk trader.Risk `json:"risk"`
	// Reserve is money the trader never uses.
	Reserve float64 `json:"reserve"`
}

// StockStats is what the stock service shows: positions, profit, the
// forecasts it trades on and its recent orders.
type StockStats struct {
	Enabled  bool          `json:"enabled"`
	Status   string        `json:"status"` // what the service is doing or waiting for
	Halted   bool          `json:"halted"` // stopped after a liquidation
	Access   market.Access `json:"access"`
	Update   int64         `json:"update"`
	Cash     float64       `json:"cash"`
	Invested float64       `json:"invested"` // positions at the bid (long) and ask (short)
	Realized float64       `json:"realized"` // profit of closed positions, commissions included
	Open     float64       `json:"open"`     // profit of the open positions if closed now
	Trades   int           `json:"trades"`
	Stocks   []StockLine   `json:"stocks"`
	Recent   []StockFill   `json:"recent"` // the last orders, newest last
	Phase    int           `json:"phase"`  // the estimated cycle phase, −1 unknown
	Estimate bool          `json:"estimated"`
	Risk     trader.Risk   `json:"risk"`
	Samples  int           `json:"samples"` // price samples in the tracker
}

// StockLine is one stock on the dashboard.
type StockLine struct {
	Symbol   string    `json:"symbol"`
	Price    float64   `json:"price"`
	Forecast float64   `json:"forecast"` // true with 4S, estimated without
	Long     float64   `json:"long"`
	Short    float64   `json:"short"`
	Value    float64   `json:"value"`
	Profit   float64   `json:"profit"` // open profit of the position
	Spark    []float64 `json:"spark"`  // recent prices, oldest first
	// The seed tracker's indicators of the price window (tracker.Compute).
	Indicators tracker.Indicators `json:"indicators"`
}

// StockFill is one order the service placed.
type StockFill struct {
	At     world.Time `json:"at"`
	Order  string     `json:"order"` // "buy 1000 ECP"
	Price  float64    `json:"price"`
	Reason string     `json:"reason"`
	OK     bool       `json:"ok"`
	Error  string     `json:"error,omitempty"`
}

// StockTrade is an order the controller wants executed, with the reason
// it gives.
type StockTrade struct {
	Order  world.StockOrder
	Reason string
}

// stockBook is the stock service's state.
type stockBook struct {
	cfg       StocksConfig
	next      world.Time
	reading   bool
	told      string // the last waiting message logged, said once
	tr        *trader.Trader
	has4S     bool
	last      int64 // the last update traded on, −1 none
	liquidate bool
	halted    bool    // after a liquidation, until ResumeStocks
	held      float64 // money other services keep (SetStockHeld)
	view      trader.View
	avg       map[string][2]float64 // long and short average price at the last reading
	unsaved   []tracker.Sample
	restore   []tracker.Sample
	symbols   []string
	stats     StockStats
}

func newStockBook(cfg StocksConfig) stockBook {
	b := stockBook{cfg: cfg, last: -1, avg: map[string][2]float64{}}
	b.stats.Enabled = cfg.Enabled
	b.stats.Phase = -1
	b.stats.Status = "off"
	if cfg.Enabled {
		b.stats.Status = "reading the market"
	}
	return b
}

// readStocks asks for a reading of the market when one is due.
func (c *Controller) readStocks() {
	b := &c.stk
	if !b.cfg.Enabled || b.reading || c.now < b.next {
		return
	}
	b.next = c.now + stockPollMS
	b.reading = true
	c.ready.StockRead = true
}

// stockWait says once what the service waits for.
func (c *Controller) stockWait(msg string) {
	b := &c.stk
	b.stats.Status = msg
	if b.told != msg {
		b.told = msg
		c.logf(logline.Info, "stocks: %s", msg)
	}
}

// StockMarketRead reports a reading of the market (the answer to
// StockRead). On a new update the trader decides, and its orders are
// queued in Ready.StockTrades.
func (c *Controller) StockMarketRead(m world.StockMarket, err error) {
	b := &c.stk
	b.reading = false
	switch {
	case errors.Is(err, world.ErrUnsupported):
		b.cfg.Enabled = false
		b.stats.Enabled = false
		c.stockWait(fmt.Sprintf("no stock market in this world (%v)", err))
		return
	case err != nil:
		c.stockWait(fmt.Sprintf("cannot read the market: %v", err))
		return
	}
	if err := m.Validate(); err != nil {
		c.stockWait(fmt.Sprintf("a reading of the market makes no sense (%v): not trading on it", err))
		return
	}
	b.stats.Access = m.Access
	if len(m.Quotes) == 0 {
		c.stockWait("waiting for a WSE account and TIX API access (buy them in the game's City → World Stock Exchange)")
		return
	}
	if b.tr == nil || b.has4S != m.Access.API4S || len(b.symbols) != len(m.Quotes) {
		if err := c.newTrader(m); err != nil {
			c.stockWait(err.Error())
			return
		}
	}
	if m.Update == b.last && !b.liquidate {
		return
	}
	if m.Update < b.last {
		c.logf(logline.Info, "stocks: the market was rebuilt (update %d after %d): starting a new history", m.Update, b.last)
		if err := c.newTrader(m); err != nil {
			c.stockWait(err.Error())
			return
		}
	}
	fresh := m.Update != b.last
	b.last = m.Update
	v := trader.View{Update: m.Update, Quotes: m.Quotes, Cash: math.Max(0, m.Money-b.cfg.Reserve-b.held), Has4S: m.Access.API4S, Shorts: m.Access.Shorts}
	b.view = v
	for _, q := range m.Quotes {
		b.avg[q.Symbol] = [2]float64{q.LongAvg, q.ShortAvg}
	}
	var acts []trader.Action
	switch {
	case b.liquidate:
		b.liquidate = false
		b.halted = true
		acts = trader.Liquidate(v)
		b.stats.Status = "stopped after a liquidation: resume to trade again"
		c.logf(logline.Warn, "stocks: selling every position (%d orders); trading stops until resumed", len(acts))
	case fresh:
		if b.halted {
			b.tr.Tracker().Record(tracker.Sample{Update: m.Update, Prices: prices(m.Quotes)})
		} else {
			acts = b.tr.Decide(v)
		}
		b.unsaved = append(b.unsaved, tracker.Sample{Update: m.Update, Prices: prices(m.Quotes)})
		if len(b.unsaved) > keepUnsavedMx {
			b.unsaved = append(b.unsaved[:0], b.unsaved[len(b.unsaved)-keepUnsavedMx:]...)
		}
	}
	for _, a := range acts {
		c.ready.StockTrades = append(c.ready.StockTrades, StockTrade{
			Order:  world.StockOrder{Symbol: a.Symbol, Pos: a.Pos, Open: a.Open, Shares: a.Shares},
			Reason: a.Reason,
		})
	}
	c.stockStats()
}

func prices(qs []market.Quote) []float64 {
	out := make([]float64, len(qs))
	for i, q := range qs {
		out[i] = q.Price
	}
	return out
}

// newTrader starts the trader for the market m reads, with the history
// restored from an earlier run when it fits.
func (c *Controller) newTrader(m world.StockMarket) error {
	b := &c.stk
	syms := make([]string, len(m.Quotes))
	for i, q := range m.Quotes {
		syms[i] = q.Symbol
	}
	risk := b.cfg.Risk
	if risk == (trader.Risk{}) {
		risk = trader.DefaultRisk(m.Access.API4S)
	}
	tr, err := trader.New(syms, risk, stockWindow)
	if err != nil {
		return fmt.Errorf("stocks: %w", err)
	}
	restored := 0
	if sameStrings(syms, b.symbols) && len(b.restore) > 0 {
		// Only a history that ends by this reading continues it; the
		// reading's own update is recorded when the trader decides.
		if n := len(b.restore); b.restore[n-1].Update == m.Update {
			b.restore = b.restore[:n-1]
		}
		if n := len(b.restore); n > 0 && b.restore[n-1].Update < m.Update {
			if err := tr.Tracker().Restore(b.restore); err == nil {
				restored = len(b.restore)
			} else {
				c.logf(logline.Warn, "stocks: the saved price history does not fit: %v", err)
			}
		}
	}
	b.restore = nil
	b.tr, b.symbols, b.has4S, b.last = tr, syms, m.Access.API4S, -1
	b.stats.Risk = risk
	b.stats.Estimate = !m.Access.API4S
	mode := "with 4S data (true forecasts)"
	if !m.Access.API4S {
		mode = "without 4S data (estimated forecasts)"
	}
	b.stats.Status = "trading " + mode
	b.told = ""
	c.logf(logline.Info, "stocks: trading %d stocks %s; %d price samples restored", len(syms), mode, restored)
	return nil
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// StockTraded reports the outcome of one of Ready.StockTrades.
func (c *Controller) StockTraded(t StockTrade, price float64, err error) {
	b := &c.stk
	o := t.Order
	f := StockFill{At: c.now, Order: o.String(), Price: price, Reason: t.Reason, OK: err == nil}
	if err != nil {
		f.Error = err.Error()
		c.logf(logline.Warn, "stocks: %s: %v", f.Order, err)
	} else {
		b.stats.Trades++
		if !o.Open {
			avg := b.avg[o.Symbol]
			if o.Pos == market.Long {
				b.stats.Realized += o.Shares*(price-avg[0]) - market.Commission
			} else {
				b.stats.Realized += o.Shares*(avg[1]-price) - market.Commission
			}
		} else {
			b.stats.Realized -= market.Commission
		}
		c.logf(logline.Success, "stocks: %s at %.2f (%s)", f.Order, price, t.Reason)
	}
	b.stats.Recent = append(b.stats.Recent, f)
	if len(b.stats.Recent) > recentFills {
		b.stats.Recent = append(b.stats.Recent[:0], b.stats.Recent[len(b.stats.Recent)-recentFills:]...)
	}
}

// stockStats refreshes the dashboard's view from the last reading.
func (c *Controller) stockStats() {
	b := &c.stk
	v := b.view
	s := &b.stats
	s.Update = v.Update
	s.Cash = v.Cash
	s.Invested = v.Invested()
	s.Open = 0
	s.Stocks = s.Stocks[:0]
	tr := b.tr.Tracker()
	est := tr.Estimator()
	if ph, ok := est.Phase(); ok {
		s.Phase = ph
	}
	s.Samples = tr.Len()
	for i, q := range v.Quotes {
		l := StockLine{Symbol: q.Symbol, Price: q.Price, Forecast: q.Forecast, Long: q.Long, Short: q.Short, Value: q.Value()}
		if !v.Has4S {
			l.Forecast = est.Estimate(i).Forecast
		}
		if q.Long > 0 {
			l.Profit += q.Long * (q.Bid - q.LongAvg)
		}
		if q.Short > 0 {
			l.Profit += q.Short * (q.ShortAvg - q.Ask)
		}
		s.Open += l.Profit
		if ps, err := tr.Prices(q.Symbol); err == nil {
			l.Indicators = tracker.Compute(ps)
			if len(ps) > sparkLength {
				ps = ps[len(ps)-sparkLength:]
			}
			l.Spark = ps
		}
		s.Stocks = append(s.Stocks, l)
	}
}

// LiquidateStocks sells every position at the next reading of the market
// (installing augmentations wipes positions without payout).
func (c *Controller) LiquidateStocks() error {
	b := &c.stk
	if !b.cfg.Enabled && b.tr == nil {
		return errors.New("the stock trader is not running")
	}
	b.liquidate = true
	b.next = c.now
	c.logf(logline.Info, "stocks: liquidation requested")
	return nil
}

// SetStockHeld tells the stock service how much of the money on hand other
// services keep (the spender's holds and reserve, economy.Account): the
// trader leaves it alone, as it does StocksConfig.Reserve.
func (c *Controller) SetStockHeld(amount float64) {
	if amount != amount || amount < 0 {
		amount = 0
	}
	c.stk.held = amount
}

// ResumeStocks lets the trader trade again after a liquidation.
func (c *Controller) ResumeStocks() error {
	b := &c.stk
	if !b.cfg.Enabled {
		return errors.New("the stock trader is not running")
	}
	if b.halted {
		b.halted = false
		b.stats.Status = "trading"
		c.logf(logline.Info, "stocks: trading resumed")
	}
	return nil
}

// StockStats returns what the stock service shows.
func (c *Controller) StockStats() StockStats {
	s := c.stk.stats
	s.Halted = c.stk.halted
	s.Stocks = append([]StockLine(nil), s.Stocks...)
	s.Recent = append([]StockFill(nil), s.Recent...)
	return s
}

// StockSamples returns the price samples recorded since the last call and
// forgets them, with the symbols their prices follow: the driver persists
// them.
func (c *Controller) StockSamples() ([]string, []tracker.Sample) {
	b := &c.stk
	out := b.unsaved
	b.unsaved = nil
	return b.symbols, out
}

// RestoreStockHistory gives the controller the price history of an
// earlier run, used when the market it reads has the same symbols and the
// history ends before the current update.
func (c *Controller) RestoreStockHistory(symbols []string, samples []tracker.Sample) {
	b := &c.stk
	b.symbols = append([]string(nil), symbols...)
	b.restore = samples
}
