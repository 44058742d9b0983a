package trader

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"

	"bbctl/internal/market"
)

// variant is the common 4S rule (long only) with one knob turned, for
// TestEdgeStudy. With Enter 0.55, Exit 0.5 and Frac 1 it decides exactly
// as Common4S does.
type variant struct {
	Enter, Exit float64 // buy above Enter, sell below Exit
	Frac        float64 // fraction of the share limit bought
	// HoldBear keeps a long whose forecast fell below Exit while it stays
	// within HoldBear of 0.5 (a flipped stock with a weak bear forecast).
	HoldBear float64
	// CyclePhase, when > 0, is 1 + the update mod 75 of cycle updates
	// (the true phase): every long is sold the update before one.
	CyclePhase int
}

func (variant) Name() string { return "variant" }

func (c variant) Decide(v View) []Action {
	if c.CyclePhase > 0 && (v.Update+1)%market.TicksPerCycle == int64(c.CyclePhase-1) {
		return Liquidate(v)
	}
	var acts []Action
	cash := v.Cash
	for _, q := range v.Quotes {
		if q.Long > 0 && q.Forecast < c.Exit && q.Forecast < 0.5-c.HoldBear {
			acts = append(acts, Action{q.Symbol, market.Long, false, q.Long, "exit"})
			cash += q.Long*q.Bid - market.Commission
		}
	}
	for _, i := range strongestFirst(v.Quotes) {
		q := v.Quotes[i]
		if isClosing(acts, q.Symbol) || q.Forecast <= c.Enter {
			continue
		}
		n := math.Floor(math.Min((cash-market.Commission)/q.Ask, c.Frac*q.MaxShares-q.Long-q.Short))
		if n <= 0 || n*q.Ask < market.Commission {
			continue
		}
		acts = append(acts, Action{q.Symbol, market.Long, true, n, "enter"})
		cash -= n*q.Ask + market.Commission
	}
	return acts
}

type idle struct{}

func (idle) Name() string         { return "idle" }
func (idle) Decide(View) []Action { return nil }

// TestEdgeStudy measures, on seeds 1–20 (24 game-hours, 4S, long only),
// what a trader can gain on the common 4S rule by trading differently, and
// why (docs/performance.md, "Stock trader"). It is a measurement, not a
// check, and takes about two minutes:
//
//	BBCTL_STOCK_STUDY=1 go test ./internal/trader -run TestEdgeStudy -v
//
// Each row is one strategy or one change to the run; its ratio is its
// profit over the common rule's from $10 b on the same seed. "mean m" is
// the forecast magnitude |100·f − 50| averaged over all stocks and the
// updates of hours 6–24 (saturation), over the 20 seeds.
func TestEdgeStudy(t *testing.T) {
	if os.Getenv("BBCTL_STOCK_STUDY") == "" {
		t.Skip("a measurement of several minutes; set BBCTL_STOCK_STUDY=1")
	}
	const seeds = 20
	base := Config{Updates: 24 * UpdatesPerHour, Capital: 1e10, Has4S: true}
	common := variant{Enter: 0.55, Exit: 0.5, Frac: 1}
	type row struct {
		name     string
		strat    func(seed uint32) Strategy
		capital  float64 // 0: base
		noWeaken bool    // trades do not move forecasts
	}
	rows := []row{
		{name: "bbctl", strat: func(uint32) Strategy {
			bb, err := New(catalogueSymbols(), DefaultRisk(true), 100)
			if err != nil {
				t.Fatal(err)
			}
			return bb
		}},
		{name: "the common rule rebuilt from its parts (check)", strat: func(uint32) Strategy { return common }},
		{name: "enter above 0.505", strat: func(uint32) Strategy { c := common; c.Enter = 0.505; return c }},
		{name: "enter above 0.58", strat: func(uint32) Strategy { c := common; c.Enter = 0.58; return c }},
		{name: "exit below 0.48", strat: func(uint32) Strategy { c := common; c.Exit = 0.48; return c }},
		{name: "75 % of the share limit", strat: func(uint32) Strategy { c := common; c.Frac = 0.75; return c }},
		{name: "50 % of the share limit", strat: func(uint32) Strategy { c := common; c.Frac = 0.5; return c }},
		{name: "keep a flipped long while its forecast ≥ 0.43", strat: func(uint32) Strategy { c := common; c.HoldBear = 0.07; return c }},
		{name: "sell every long before each cycle update (true phase)", strat: func(seed uint32) Strategy {
			c := common
			c.CyclePhase = market.New(market.NewMulberry32(seed)).TicksUntilCycle%market.TicksPerCycle + 1
			return c
		}},
		{name: "common rule from $10.01 b (noise)", strat: func(uint32) Strategy { return common }, capital: 1.001e10},
		{name: "common rule from $10.5 b (noise)", strat: func(uint32) Strategy { return common }, capital: 1.05e10},
		{name: "common rule from $100 t (saturated from the start)", strat: func(uint32) Strategy { return common }, capital: 1e14},
		{name: "bbctl from $100 t", strat: func(uint32) Strategy {
			bb, err := New(catalogueSymbols(), DefaultRisk(true), 100)
			if err != nil {
				t.Fatal(err)
			}
			return bb
		}, capital: 1e14},
		{name: "common rule, trades do not weaken forecasts", strat: func(uint32) Strategy { return common }, noWeaken: true},
		{name: "no trading", strat: func(uint32) Strategy { return idle{} }},
	}
	run := func(seed uint32, r row) (Result, float64) {
		m := market.New(market.NewMulberry32(seed))
		if r.noWeaken {
			for _, s := range m.Stocks() {
				s.TxPerMove, s.TxUntilMove = math.Inf(1), math.Inf(1)
			}
		}
		cfg := base
		if r.capital > 0 {
			cfg.Capital = r.capital
		}
		var sum float64
		var n int
		res := runOn(m, cfg, r.strat(seed), func(u int, m *market.Market) {
			if u >= 6*UpdatesPerHour {
				for _, s := range m.Stocks() {
					sum += s.Mag
					n++
				}
			}
		})
		return res, sum / float64(n)
	}
	ref := make([]float64, seeds+1)
	for seed := uint32(1); seed <= seeds; seed++ {
		ref[seed] = Run(seed, base, Common4S{}).Profit
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n| strategy | seeds 1–5 | geomean 1–5 | geomean 6–20 | geomean 1–20 | median 1–20 | mean m |\n|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		var logs [seeds + 1]float64
		var mean float64
		var first []string
		for seed := uint32(1); seed <= seeds; seed++ {
			res, m := run(seed, r)
			mean += m / seeds
			logs[seed] = math.Log(res.Profit / ref[seed])
			if seed <= 5 {
				first = append(first, fmt.Sprintf("%.2f", res.Profit/ref[seed]))
			}
		}
		gm := func(a, z int) string {
			if r.name == "no trading" {
				return "—"
			}
			var s float64
			for i := a; i <= z; i++ {
				s += logs[i]
			}
			return fmt.Sprintf("%.2f", math.Exp(s/float64(z-a+1)))
		}
		seeds15 := strings.Join(first, " ")
		sorted := append([]float64(nil), logs[1:]...)
		sort.Float64s(sorted)
		median := fmt.Sprintf("%.2f", math.Exp((sorted[seeds/2-1]+sorted[seeds/2])/2))
		if r.name == "no trading" {
			seeds15, median = "—", "—"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %.2f |\n", r.name, seeds15, gm(1, 5), gm(6, seeds), gm(1, seeds), median, mean)
	}
	t.Log(b.String())
}

func catalogueSymbols() []string {
	var syms []string
	for _, s := range market.Catalogue() {
		syms = append(syms, s.Symbol)
	}
	return syms
}

// TestWeakeningStudy counts, for the common 4S rule and bbctl on seeds
// 1–5, how much forecast magnitude (points of m) their own trades remove
// (STOCKS.md §4.4) in hours 6–24, split by the trades made right after a
// cycle update (selling stocks that flipped to bearish, buying those that
// flipped to bullish) and all others. Set BBCTL_STOCK_STUDY=1 to run it.
func TestWeakeningStudy(t *testing.T) {
	if os.Getenv("BBCTL_STOCK_STUDY") == "" {
		t.Skip("a measurement; set BBCTL_STOCK_STUDY=1")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n| seed | strategy | after a cycle update: sells | buys | other updates: sells | buys |\n|---|---|---|---|---|---|\n")
	for seed := uint32(1); seed <= 5; seed++ {
		bb, err := New(catalogueSymbols(), DefaultRisk(true), 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, strat := range []Strategy{Common4S{}, bb} {
			m := market.New(market.NewMulberry32(seed))
			purse := &market.Purse{Amount: 1e10}
			var removed [2][2]float64 // [after a cycle][buy]
			for u := 0; u < 24*UpdatesPerHour; u++ {
				cycle := false
				if u > 0 {
					cycle = m.Update(purse).Cycle
				}
				v := View{Update: int64(u), Cash: purse.Amount, Has4S: true}
				for _, s := range m.Stocks() {
					v.Quotes = append(v.Quotes, market.QuoteOf(s, true))
				}
				for _, a := range strat.Decide(v) {
					s, err := m.Stock(a.Symbol)
					if err != nil {
						t.Fatal(err)
					}
					before := s.Mag
					Apply(m, purse, []Action{a}, false)
					if u >= 6*UpdatesPerHour {
						removed[b2i(cycle)][b2i(a.Open)] += before - s.Mag
					}
				}
			}
			fmt.Fprintf(&b, "| %d | %s | %.0f | %.0f | %.0f | %.0f |\n", seed, strat.Name(), removed[1][0], removed[1][1], removed[0][0], removed[0][1])
		}
	}
	t.Log(b.String())
}

func b2i(x bool) int {
	if x {
		return 1
	}
	return 0
}
