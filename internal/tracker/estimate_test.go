package tracker

import (
	"math"
	"testing"

	"bbctl/internal/market"
)

func symbols(m *market.Market) []string {
	var out []string
	for _, s := range m.Stocks() {
		out = append(out, s.Symbol)
	}
	return out
}

func prices(m *market.Market) []float64 {
	var out []float64
	for _, s := range m.Stocks() {
		out = append(out, s.Price)
	}
	return out
}

// TestEstimatorOnMarket runs the market and checks that the estimator
// recovers every volatility exactly, finds the cycle phase and tracks the
// true forecasts.
func TestEstimatorOnMarket(t *testing.T) {
	for _, seed := range []uint32{1, 2, 3} {
		m := market.New(market.NewMulberry32(seed))
		tr, err := New(symbols(m), 100)
		if err != nil {
			t.Fatal(err)
		}
		p := &market.Purse{}
		tr.Record(Sample{Update: 0, Prices: prices(m)})
		cycleAt := -1
		var errSum float64
		var errN, sideOK int
		for u := 1; u <= 1500; u++ {
			info := m.Update(p)
			if info.Cycle {
				cycleAt = u
			}
			if err := tr.Record(Sample{Update: int64(u), Prices: prices(m)}); err != nil {
				t.Fatal(err)
			}
			if u > 500 {
				for i, s := range m.Stocks() {
					e := tr.Estimator().Estimate(i)
					errSum += math.Abs(e.Forecast - s.Forecast())
					errN++
					if (e.Forecast > 0.5) == (s.Forecast() > 0.5) {
						sideOK++
					}
				}
			}
		}
		est := tr.Estimator()
		if !est.VolatilityKnown() {
			t.Errorf("seed %d: volatility not recovered", seed)
		}
		for i, s := range m.Stocks() {
			if got := est.Estimate(i).Volatility; got != s.Volatility() {
				t.Errorf("seed %d %s: volatility %v, want %v", seed, s.Symbol, got, s.Volatility())
			}
		}
		ph, ok := est.Phase()
		if !ok || ph != cycleAt%75 {
			t.Errorf("seed %d: phase %d (%v), want %d", seed, ph, ok, cycleAt%75)
		}
		t.Logf("seed %d: mean |forecast error| %.4f, side right %.1f%%", seed, errSum/float64(errN), 100*float64(sideOK)/float64(errN))
	}
}
