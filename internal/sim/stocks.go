package sim

import (
	"context"
	"math/rand/v2"

	"bbctl/internal/game"
	"bbctl/internal/market"
	"bbctl/internal/world"
)

var _ world.Stocks = (*World)(nil)

// itemStocks is the queue item of the next market update.
const itemStocks int32 = -3

// StocksConfig turns on the stock market (package market, the game's own
// rules): the player's purchases and Source-File 8 grants. The market
// exists when the player has a WSE account (or, in 3.x, TIX access).
type StocksConfig struct {
	Access market.Access
}

// stockState is the simulated market and the player's access to it.
type stockState struct {
	m      *market.Market
	access market.Access
	update int64
}

// startStocks builds the market from its own stream of draws (so turning
// the market on changes no other draw of the simulation) and queues its
// first update one interval after the start.
func (w *World) startStocks(cfg *StocksConfig, seed uint64) {
	st := &stockState{access: cfg.Access}
	w.stocks = st
	if !cfg.Access.WSE && !(w.ver == game.V3 && cfg.Access.TIX) {
		return // no market until the player buys access
	}
	st.m = market.New(rand.New(rand.NewPCG(seed, 0x73746f636b))) // "stock"
	w.scheduleStocks()
}

func (w *World) scheduleStocks() {
	w.seq++
	w.enqueue(item{at: w.after(market.MsPerUpdate), seq: w.seq, slot: itemStocks})
}

// purse lets the market move the player's money.
type purse struct{ w *World }

func (p purse) Money() float64 { p.w.settle(); return p.w.money }
func (p purse) Add(d float64)  { p.w.money += d; p.w.stats.StockCash += d }

// updateStocks runs one market update (its orders trade with the player's
// money) and queues the next.
func (w *World) updateStocks() {
	st := w.stocks
	st.m.Update(purse{w})
	st.update++
	w.scheduleStocks()
}

// Market returns the simulated market (nil when the player has no
// access), for tests and tools; changing it changes the simulation.
func (w *World) Market() *market.Market {
	if w.stocks == nil {
		return nil
	}
	return w.stocks.m
}

// StockMarket reads the market as a script with the player's access sees
// it.
func (w *World) StockMarket(ctx context.Context) (world.StockMarket, error) {
	if err := ctx.Err(); err != nil {
		return world.StockMarket{}, err
	}
	if w.stocks == nil {
		return world.StockMarket{}, &world.OpError{Op: "stock market", Err: world.ErrUnsupported}
	}
	w.settle()
	st := w.stocks
	r := world.StockMarket{Access: st.access, Update: st.update, At: w.now, Money: w.money}
	if st.m == nil || st.access.Trading(w.ver == game.V3) != nil {
		return r, nil
	}
	for _, s := range st.m.Stocks() {
		r.Quotes = append(r.Quotes, market.QuoteOf(s, st.access.API4S))
	}
	return r, nil
}

// StockTrade executes one market order.
func (w *World) StockTrade(ctx context.Context, o world.StockOrder) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	opErr := func(err error) error {
		return &world.OpError{Op: "stock trade", What: o.String(), Err: err}
	}
	st := w.stocks
	if st == nil || st.m == nil {
		return 0, opErr(world.ErrUnsupported)
	}
	if err := st.access.Trading(w.ver == game.V3); err != nil {
		return 0, opErr(err)
	}
	if o.Pos == market.Short && !st.access.Shorts {
		return 0, opErr(market.ErrNoSF8)
	}
	s, err := st.m.Stock(o.Symbol)
	if err != nil {
		return 0, opErr(err)
	}
	w.settle()
	p := purse{w}
	var price float64
	switch {
	case o.Pos == market.Long && o.Open:
		price, err = st.m.Buy(p, s, o.Shares)
	case o.Pos == market.Long:
		price, err = st.m.Sell(p, s, o.Shares)
	case o.Open:
		price, err = st.m.BuyShort(p, s, o.Shares)
	default:
		price, err = st.m.SellShort(p, s, o.Shares)
	}
	if err != nil {
		return 0, opErr(err)
	}
	w.stats.StockTrades++
	return price, nil
}
