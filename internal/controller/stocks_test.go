package controller

import (
	"context"
	"testing"

	"bbctl/internal/market"
	"bbctl/internal/sim"
)

// TestStockServiceOnSim runs the controller with the trader on a simulated
// world with 4S access for two game-hours: it trades, keeps its positions
// within the risk limits, and a liquidation sells everything.
func TestStockServiceOnSim(t *testing.T) {
	t.Parallel() // seconds of CPU: runs beside the package's other tests
	for _, api4S := range []bool{true, false} {
		w, err := sim.New(sim.Config{Seed: 5, Player: sim.PlayerConfig{Hacking: 100, Money: 1e10},
			Stocks: &sim.StocksConfig{Access: market.Access{WSE: true, TIX: true, API4S: api4S}}})
		if err != nil {
			t.Fatal(err)
		}
		c, err := New(Config{Stocks: StocksConfig{Enabled: true}}, w.Now())
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if err := Run(ctx, w, c, RunOptions{Until: 2 * 3600 * 1000}); err != nil {
			t.Fatal(err)
		}
		st := c.StockStats()
		if st.Trades == 0 || len(st.Stocks) != 33 || st.Update < 1190 {
			t.Fatalf("4S %v: %d trades, %d stocks, update %d; status %q", api4S, st.Trades, len(st.Stocks), st.Update, st.Status)
		}
		worth := st.Cash + st.Invested
		t.Logf("4S %v: %d trades, worth %.4g (cash %.4g, invested %.4g), realized %.4g, open %.4g", api4S, st.Trades, worth, st.Cash, st.Invested, st.Realized, st.Open)
		if st.Invested > st.Risk.MaxInvested*worth*1.05 {
			t.Errorf("invested %.4g over %.2f of %.4g", st.Invested, st.Risk.MaxInvested, worth)
		}
		if err := c.LiquidateStocks(); err != nil {
			t.Fatal(err)
		}
		if err := Run(ctx, w, c, RunOptions{Until: w.Now() + 10000}); err != nil {
			t.Fatal(err)
		}
		m, _ := w.StockMarket(ctx)
		for _, q := range m.Quotes {
			if q.Long != 0 || q.Short != 0 {
				t.Errorf("after liquidation %s holds %v/%v", q.Symbol, q.Long, q.Short)
			}
		}
		if st := c.StockStats(); !st.Halted {
			t.Error("not halted after the liquidation")
		}
		if err := c.ResumeStocks(); err != nil || c.StockStats().Halted {
			t.Errorf("resume: %v", err)
		}
		syms, samples := c.StockSamples()
		if len(syms) != 33 || len(samples) == 0 {
			t.Errorf("unsaved samples: %d symbols, %d samples", len(syms), len(samples))
		}
	}
}

// TestStockServiceWithoutMarket: a world without a market turns the
// service off with one line, and one without TIX waits.
func TestStockServiceWithoutMarket(t *testing.T) {
	ctx := context.Background()
	w, _ := sim.New(sim.Config{Seed: 1})
	c, _ := New(Config{Stocks: StocksConfig{Enabled: true}}, w.Now())
	var lines []LogLine
	if err := Run(ctx, w, c, RunOptions{Until: 20000, Log: func(l LogLine) { lines = append(lines, l) }}); err != nil {
		t.Fatal(err)
	}
	if st := c.StockStats(); st.Enabled {
		t.Errorf("still enabled: %+v", st)
	}
	n := 0
	for _, l := range lines {
		if len(l.Msg) > 7 && l.Msg[:7] == "stocks:" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d stock lines, want 1", n)
	}
	w, _ = sim.New(sim.Config{Seed: 1, Stocks: &sim.StocksConfig{Access: market.Access{WSE: true}}})
	c, _ = New(Config{Stocks: StocksConfig{Enabled: true}}, w.Now())
	Run(ctx, w, c, RunOptions{Until: 20000})
	if st := c.StockStats(); !st.Enabled || st.Trades != 0 || st.Status == "" {
		t.Errorf("WSE only: %+v", st)
	}
}

// TestStockRestore: history saved by one controller is restored by the
// next when it ends before the market's current update.
func TestStockRestore(t *testing.T) {
	ctx := context.Background()
	w, _ := sim.New(sim.Config{Seed: 2, Player: sim.PlayerConfig{Money: 1e9},
		Stocks: &sim.StocksConfig{Access: market.Access{WSE: true, TIX: true}}})
	c, _ := New(Config{Stocks: StocksConfig{Enabled: true}}, w.Now())
	Run(ctx, w, c, RunOptions{Until: 600000})
	syms, samples := c.StockSamples()
	c2, _ := New(Config{Stocks: StocksConfig{Enabled: true}}, w.Now())
	c2.RestoreStockHistory(syms, samples)
	var lines []string
	Run(ctx, w, c2, RunOptions{Until: w.Now() + 7000, Log: func(l LogLine) { lines = append(lines, l.Msg) }})
	if got := c2.StockStats().Samples; got < len(samples) {
		t.Errorf("restored tracker holds %d samples, want ≥ %d (log %v)", got, len(samples), lines)
	}
}

// TestStockHeld: money other services keep is not the trader's.
func TestStockHeld(t *testing.T) {
	ctx := context.Background()
	w, _ := sim.New(sim.Config{Seed: 5, Player: sim.PlayerConfig{Money: 1e10},
		Stocks: &sim.StocksConfig{Access: market.Access{WSE: true, TIX: true, API4S: true}}})
	c, _ := New(Config{Stocks: StocksConfig{Enabled: true}}, w.Now())
	c.SetStockHeld(1e10)
	if err := Run(ctx, w, c, RunOptions{Until: 600000}); err != nil {
		t.Fatal(err)
	}
	if n := c.StockStats().Trades; n != 0 {
		t.Errorf("%d trades with every dollar held by others", n)
	}
	c.SetStockHeld(0)
	Run(ctx, w, c, RunOptions{Until: 700000})
	if n := c.StockStats().Trades; n == 0 {
		t.Error("no trades once the money is free")
	}
}
