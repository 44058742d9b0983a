package sim

import (
	"context"
	"errors"
	"testing"

	"bbctl/internal/market"
	"bbctl/internal/world"
)

func TestStockMarket(t *testing.T) {
	ctx := context.Background()
	w, err := New(Config{Seed: 3, Player: PlayerConfig{Money: 1e9}, Stocks: &StocksConfig{Access: market.Access{WSE: true, TIX: true}}})
	if err != nil {
		t.Fatal(err)
	}
	m0, err := w.StockMarket(ctx)
	if err != nil || len(m0.Quotes) != 33 || m0.Quotes[0].Forecast != 0 {
		t.Fatalf("first reading: %v, %d quotes, forecast %v (no 4S)", err, len(m0.Quotes), m0.Quotes[0].Forecast)
	}
	// Updates come every 6 s of game time.
	if _, err := w.Next(ctx, 60000); err != nil {
		t.Fatal(err)
	}
	for w.Now() < 60000 {
		w.Next(ctx, 60000)
	}
	m1, _ := w.StockMarket(ctx)
	if m1.Update != 10 {
		t.Errorf("after 60 s: update %d, want 10", m1.Update)
	}
	q := m1.Quotes[0]
	price, err := w.StockTrade(ctx, world.StockOrder{Symbol: q.Symbol, Pos: market.Long, Open: true, Shares: 100})
	if err != nil || price != q.Ask {
		t.Fatalf("buy: %v at %v, ask %v", err, price, q.Ask)
	}
	m2, _ := w.StockMarket(ctx)
	if want := 1e9 - (100*q.Ask + market.Commission); m2.Money != want || m2.Quotes[0].Long != 100 {
		t.Errorf("after the buy: money %v (want %v), long %v", m2.Money, want, m2.Quotes[0].Long)
	}
	if _, err := w.StockTrade(ctx, world.StockOrder{Symbol: q.Symbol, Pos: market.Short, Open: true, Shares: 1}); !errors.Is(err, market.ErrNoSF8) {
		t.Errorf("short without SF8: %v", err)
	}
	if _, err := w.StockTrade(ctx, world.StockOrder{Symbol: "NOPE", Open: true, Shares: 1}); !errors.Is(err, market.ErrSymbol) {
		t.Errorf("unknown symbol: %v", err)
	}
	if _, err := w.StockTrade(ctx, world.StockOrder{Symbol: q.Symbol, Open: true, Shares: 1e12}); !errors.Is(err, market.ErrMoney) {
		t.Errorf("too large: %v", err)
	}
	if _, err := w.StockTrade(ctx, world.StockOrder{Symbol: q.Symbol, Shares: 100}); err != nil {
		t.Errorf("sell: %v", err)
	}
	if s := w.Stats(); s.StockTrades != 2 {
		t.Errorf("%d trades counted", s.StockTrades)
	}
}

func TestStockAccess(t *testing.T) {
	ctx := context.Background()
	w, _ := New(Config{Seed: 1})
	if _, err := w.StockMarket(ctx); !errors.Is(err, world.ErrUnsupported) {
		t.Errorf("no market configured: %v", err)
	}
	w, _ = New(Config{Seed: 1, Stocks: &StocksConfig{Access: market.Access{WSE: true}}})
	m, err := w.StockMarket(ctx)
	if err != nil || len(m.Quotes) != 0 || !m.Access.WSE {
		t.Errorf("WSE only: %v %+v", err, m)
	}
	if _, err := w.StockTrade(ctx, world.StockOrder{Symbol: "ECP", Open: true, Shares: 1}); !errors.Is(err, market.ErrNoTIX) {
		t.Errorf("trade without TIX: %v", err)
	}
	w, _ = New(Config{Seed: 1, Stocks: &StocksConfig{Access: market.Access{WSE: true, TIX: true, API4S: true}}})
	m, _ = w.StockMarket(ctx)
	if m.Quotes[0].Forecast == 0 || m.Quotes[0].Volatility == 0 {
		t.Errorf("4S TIX API: %+v", m.Quotes[0])
	}
}
