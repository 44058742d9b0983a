package live_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"bbctl/internal/gameemu"
	"bbctl/internal/live"
	"bbctl/internal/market"
	"bbctl/internal/savefile"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// TestStocksModule reads the market and trades through the stocks module,
// which bbctl starts on demand, in a game backed by the simulator's market,
// on both versions' names.
func TestStocksModule(t *testing.T) {
	for _, v3 := range []bool{true, false} {
		cfg := simConfig()
		cfg.Player.Money = 1e10
		cfg.Stocks = &sim.StocksConfig{Access: market.Access{WSE: true, TIX: true, API4S: true}}
		if !v3 {
			cfg.Version = "2.6.1"
		}
		sw, r := newModuleRig(t, cfg, v3)
		w := r.srv.World
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		m, err := w.StockMarket(ctx)
		if err != nil {
			t.Fatalf("v3=%v: StockMarket: %v", v3, err)
		}
		if !r.srv.Bridge.ModuleConnected(live.ModuleStocks) {
			t.Error("the stocks module is not connected")
		}
		if len(m.Quotes) != 33 || !m.Access.API4S || m.Quotes[28].Symbol != "SGC" || m.Quotes[0].Forecast == 0 {
			t.Fatalf("v3=%v: %d quotes, access %+v, quote 28 %+v", v3, len(m.Quotes), m.Access, m.Quotes[28])
		}
		want := sw.Market().Stocks()[0]
		if m.Quotes[0].Price != want.Price && m.Quotes[0].Price != want.LastPrice {
			t.Errorf("ECP price %v, the market's %v", m.Quotes[0].Price, want.Price)
		}
		// Updates are counted from price changes.
		waitFor(t, "a market update", 10*time.Second, func() bool {
			m2, err := w.StockMarket(ctx)
			return err == nil && m2.Update > m.Update
		})
		q := m.Quotes[0]
		price, err := w.StockTrade(ctx, world.StockOrder{Symbol: q.Symbol, Pos: market.Long, Open: true, Shares: 1000})
		if err != nil || price <= 0 {
			t.Fatalf("v3=%v: buy: %v at %v", v3, err, price)
		}
		m3, _ := w.StockMarket(ctx)
		if m3.Quotes[0].Long != 1000 {
			t.Errorf("after the buy: %+v", m3.Quotes[0])
		}
		if _, err := w.StockTrade(ctx, world.StockOrder{Symbol: q.Symbol, Pos: market.Long, Open: true, Shares: 1e15}); err == nil {
			t.Error("a buy beyond the money was not refused")
		}
		if _, err := w.StockTrade(ctx, world.StockOrder{Symbol: q.Symbol, Pos: market.Short, Open: true, Shares: 10}); err == nil {
			t.Error("a short without BitNode 8 was not refused")
		}
		if _, err := w.StockTrade(ctx, world.StockOrder{Symbol: q.Symbol, Shares: 1000}); err != nil {
			t.Errorf("sell: %v", err)
		}
	}
}

// TestStocksModuleNoAccess: without TIX access the module answers the
// access, gives its RAM back, and is not started again for a while.
func TestStocksModuleNoAccess(t *testing.T) {
	cfg := simConfig()
	cfg.Stocks = &sim.StocksConfig{Access: market.Access{WSE: true}}
	sw, _ := sim.New(cfg)
	r := newRig(t, gameemu.Config{Sim: sw, SimRate: 10, V3: true})
	w := r.srv.World
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	m, err := w.StockMarket(ctx)
	if err != nil || len(m.Quotes) != 0 || !m.Access.WSE || m.Access.TIX {
		t.Fatalf("WSE only: %+v, %v", m, err)
	}
	waitFor(t, "the module to stop", 5*time.Second, func() bool { return !r.srv.Bridge.ModuleConnected(live.ModuleStocks) })
	if m, err := w.StockMarket(ctx); err != nil || !m.Access.WSE || r.srv.Bridge.ModuleConnected(live.ModuleStocks) {
		t.Errorf("asked again at once: %+v %v", m, err)
	}
	w.NoStocks = true
	if _, err := w.StockMarket(ctx); !errors.Is(err, world.ErrUnsupported) {
		t.Errorf("NoStocks: %v", err)
	}
}

// TestStocksModuleFromSave: when the game's save says the player cannot
// trade, the module is not even started; when it says they can, it is.
func TestStocksModuleFromSave(t *testing.T) {
	cfg := simConfig()
	cfg.Stocks = &sim.StocksConfig{Access: market.Access{WSE: true, TIX: true}}
	sw, _ := sim.New(cfg)
	r := newRig(t, gameemu.Config{Sim: sw, SimRate: 10, V3: true})
	w := r.srv.World
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	w.SetFacts(savefile.Facts{BitNode: 1, BitNodeLevel: 1, Stocks: &savefile.StockAccess{WSE: true}})
	m, err := w.StockMarket(ctx)
	if err != nil || len(m.Quotes) != 0 || m.Access.TIX || r.srv.Bridge.ModuleConnected(live.ModuleStocks) {
		t.Fatalf("the save says no TIX: %+v, %v, module connected %v", m.Access, err, r.srv.Bridge.ModuleConnected(live.ModuleStocks))
	}
	w.SetFacts(savefile.Facts{BitNode: 1, BitNodeLevel: 1, Stocks: &savefile.StockAccess{WSE: true, TIX: true}})
	m, err = w.StockMarket(ctx)
	if err != nil || len(m.Quotes) != 33 || !r.srv.Bridge.ModuleConnected(live.ModuleStocks) {
		t.Fatalf("the save says TIX: %d quotes, %v", len(m.Quotes), err)
	}
}

// newModuleRig starts a game on the 2.x or 3.x API (v3) backed by a
// simulator of cfg, with bbctl's live world on the game's clock: the rig
// of the module tests.
func newModuleRig(t *testing.T, cfg sim.Config, v3 bool) (*sim.World, *rig) {
	t.Helper()
	sw, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, gameemu.Config{Sim: sw, SimRate: 60, V3: v3})
	r.srv.World.SetClock(r.g.Now, r.g.Rate())
	return sw, r
}
