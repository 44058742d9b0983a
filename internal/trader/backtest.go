package trader

import (
	"fmt"
	"math"

	"bbctl/internal/market"
)

// Result is one strategy's outcome in a backtest.
type Result struct {
	Profit      float64 `json:"profit"`       // money at the end (everything sold) minus the capital
	Return      float64 `json:"return"`       // profit ÷ capital
	MaxDrawdown float64 `json:"max_drawdown"` // largest fall of net worth from its peak, a fraction
	Trades      int     `json:"trades"`       // executed trades
}

// Config sets up a backtest.
type Config struct {
	Updates int     // market updates to run (24 game-hours = 14,400)
	Capital float64 // starting money
	Has4S   bool
	Shorts  bool
	Risk    Risk // bbctl's limits; zero means DefaultRisk
}

// UpdatesPerHour is the number of market updates in a game-hour (6 s each).
const UpdatesPerHour = 3600 * 1000 / market.MsPerUpdate

// Run runs strat for cfg.Updates updates on the market of seed and sells
// everything at the end. Every strategy given the same seed sees the same
// random draws.
func Run(seed uint32, cfg Config, strat Strategy) Result {
	return runOn(market.New(market.NewMulberry32(seed)), cfg, strat, nil)
}

// runOn is Run on a given market; watch, when set, sees the market after
// every update, before the strategy trades.
func runOn(m *market.Market, cfg Config, strat Strategy, watch func(update int, m *market.Market)) Result {
	purse := &market.Purse{Amount: cfg.Capital}
	var res Result
	peak := cfg.Capital
	view := func(u int64) View {
		v := View{Update: u, Cash: purse.Amount, Has4S: cfg.Has4S, Shorts: cfg.Shorts}
		for _, s := range m.Stocks() {
			v.Quotes = append(v.Quotes, market.QuoteOf(s, cfg.Has4S))
		}
		return v
	}
	for u := 0; u <= cfg.Updates; u++ {
		if u > 0 {
			m.Update(purse)
		}
		if watch != nil {
			watch(u, m)
		}
		v := view(int64(u))
		worth := v.Cash + v.Invested()
		peak = math.Max(peak, worth)
		res.MaxDrawdown = math.Max(res.MaxDrawdown, (peak-worth)/peak)
		acts := strat.Decide(v)
		if u == cfg.Updates {
			acts = Liquidate(v)
		}
		res.Trades += Apply(m, purse, acts, cfg.Shorts)
	}
	res.Profit = purse.Amount - cfg.Capital
	res.Return = res.Profit / cfg.Capital
	return res
}

// Apply carries out acts on the market and returns how many executed.
// Failed trades (money, limits) are skipped, as the game answers 0.
func Apply(m *market.Market, w market.Wallet, acts []Action, shorts bool) int {
	n := 0
	for _, a := range acts {
		s, err := m.Stock(a.Symbol)
		if err != nil {
			continue
		}
		switch {
		case a.Pos == market.Long && a.Open:
			_, err = m.Buy(w, s, a.Shares)
		case a.Pos == market.Long:
			_, err = m.Sell(w, s, a.Shares)
		case !shorts:
			err = market.ErrNoSF8
		case a.Open:
			_, err = m.BuyShort(w, s, a.Shares)
		default:
			_, err = m.SellShort(w, s, a.Shares)
		}
		if err == nil {
			n++
		}
	}
	return n
}

// Run3 is one seed of a backtest: bbctl's trader and the baselines.
type Run3 struct {
	Seed     uint32  `json:"seed"`
	Bbctl    Result  `json:"bbctl"`
	SeedRule Result  `json:"seed_rule"`
	Common4S *Result `json:"common_4s,omitempty"` // 4S mode only
}

// Backtest runs bbctl's trader and the baselines on one seed.
func Backtest(seed uint32, cfg Config) (Run3, error) {
	syms := make([]string, 0, 33)
	for _, s := range market.Catalogue() {
		syms = append(syms, s.Symbol)
	}
	risk := cfg.Risk
	if risk == (Risk{}) {
		risk = DefaultRisk(cfg.Has4S)
	}
	bb, err := New(syms, risk, 100)
	if err != nil {
		return Run3{}, err
	}
	seedRule, err := NewSeedRule(syms, 100)
	if err != nil {
		return Run3{}, err
	}
	if cfg.Updates <= 0 || !(cfg.Capital > 0) {
		return Run3{}, fmt.Errorf("backtest: %d updates with capital %v", cfg.Updates, cfg.Capital)
	}
	r := Run3{Seed: seed, Bbctl: Run(seed, cfg, bb), SeedRule: Run(seed, cfg, seedRule)}
	if cfg.Has4S {
		c := Run(seed, cfg, Common4S{})
		r.Common4S = &c
	}
	return r, nil
}
