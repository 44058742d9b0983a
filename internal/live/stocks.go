package live

import (
	"context"
	"errors"
	"fmt"
	"time"

	"bbctl/internal/live/js"
	"bbctl/internal/market"
	"bbctl/internal/world"
)

var _ world.Stocks = (*World)(nil)

// noAccessRecheck is how long the stocks module stays stopped after it
// found that the player cannot trade (no WSE account or TIX API access):
// its RAM is given back meanwhile, and StockMarket answers from memory.
const noAccessRecheck = 10 * time.Minute

// stockReads is what the live world remembers of the market: the last
// prices, to count updates (every update moves every price), and the last
// access reading.
type stockReads struct {
	last     []float64
	lastAt   time.Time
	update   int64
	access   market.Access
	recheck  time.Time // before it, the module is not started to ask again
	hasReads bool
}

// catalogueIndex orders the game's symbols as the catalogue does
// (getSymbols has JGN before SGC).
var catalogueIndex = func() map[string]int {
	m := map[string]int{}
	for i, s := range market.Catalogue() {
		m[s.Symbol] = i
	}
	return m
}()

// StockMarket reads the market through the stocks module. Market updates
// are counted by bbctl: a reading whose prices differ from the last one is
// a new update, and a gap of more than one update interval since the last
// change counts the updates missed (the module cannot await nextUpdate
// while it answers calls).
func (w *World) StockMarket(ctx context.Context) (world.StockMarket, error) {
	if w.NoStocks {
		return world.StockMarket{}, &world.OpError{Op: "stock market", Err: fmt.Errorf("%w: stocks are disabled", world.ErrUnsupported)}
	}
	w.mu.Lock()
	st, facts := w.stk, w.facts
	w.mu.Unlock()
	if time.Now().Before(st.recheck) {
		return world.StockMarket{Access: st.access, At: w.Now()}, nil
	}
	if facts != nil && facts.Stocks != nil {
		// The save says what the player bought: no module without trading access.
		a := market.Access{WSE: facts.Stocks.WSE, TIX: facts.Stocks.TIX, Data4S: facts.Stocks.Data4S, API4S: facts.Stocks.API4S}
		h, _, _ := w.b.Connected()
		if a.Trading(h.V3) != nil {
			return world.StockMarket{Access: a, At: w.Now()}, nil
		}
	}
	var r struct {
		Access market.Access  `json:"access"`
		Money  float64        `json:"money"`
		Quotes []market.Quote `json:"quotes"`
	}
	if err := w.callStocks(ctx, "market", &r); err != nil {
		return world.StockMarket{}, &world.OpError{Op: "stock market", Err: err}
	}
	m := world.StockMarket{Access: r.Access, At: w.Now(), Money: r.Money}
	if len(r.Quotes) == 0 {
		// No trading access: give the module's RAM back and ask again later.
		w.b.StopModule(context.WithoutCancel(ctx), ModuleStocks)
		w.mu.Lock()
		w.stk.access, w.stk.recheck = r.Access, time.Now().Add(noAccessRecheck)
		w.mu.Unlock()
		return m, nil
	}
	quotes := make([]market.Quote, 0, len(r.Quotes))
	var extra []market.Quote
	byIndex := make([]*market.Quote, len(catalogueIndex))
	for i := range r.Quotes {
		q := r.Quotes[i]
		if j, ok := catalogueIndex[q.Symbol]; ok && byIndex[j] == nil {
			byIndex[j] = &q
		} else {
			extra = append(extra, q)
		}
	}
	for _, q := range byIndex {
		if q != nil {
			quotes = append(quotes, *q)
		}
	}
	m.Quotes = append(quotes, extra...)
	now := time.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	s := &w.stk
	s.access = r.Access
	prices := make([]float64, len(m.Quotes))
	for i, q := range m.Quotes {
		prices[i] = q.Price
	}
	switch {
	case !s.hasReads:
		s.hasReads, s.lastAt = true, now
	case !samePrices(prices, s.last):
		n := int64(1)
		if gap := now.Sub(s.lastAt); gap > 3*market.MsPerUpdate/2*time.Millisecond {
			n = int64((gap + market.MsPerUpdate/2*time.Millisecond) / (market.MsPerUpdate * time.Millisecond))
		}
		s.update += n
		s.lastAt = now
	}
	s.last = prices
	m.Update = s.update
	return m, nil
}

func samePrices(a, b []float64) bool {
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

// StockTrade executes one market order through the stocks module.
func (w *World) StockTrade(ctx context.Context, o world.StockOrder) (float64, error) {
	kind := o.Verb()
	if kind == "close short" {
		kind = "close" // the module's name for sellShort
	}
	what := o.String()
	if w.NoStocks {
		return 0, &world.OpError{Op: "stock trade", What: what, Err: world.ErrUnsupported}
	}
	var price float64
	if err := w.callStocks(ctx, "trade", &price, kind, o.Symbol, o.Shares); err != nil {
		return 0, &world.OpError{Op: "stock trade", What: what, Err: err}
	}
	if price == 0 {
		return 0, &world.OpError{Op: "stock trade", What: what, Err: errors.New("the game refused it (money, share limits or nothing to sell; see the stocks module's log)")}
	}
	return price, nil
}

// callStocks runs one call on the stocks module, starting it first if
// needed.
func (w *World) callStocks(ctx context.Context, fn string, out any, args ...any) error {
	return w.callOn(ctx, ModuleStocks, js.StocksScript, fn, out, args...)
}
