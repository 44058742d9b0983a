package world

import (
	"math"
	"testing"

	"bbctl/internal/market"
)

func TestStockMarketValidate(t *testing.T) {
	good := StockMarket{Money: 5, Quotes: []market.Quote{{Symbol: "A", Price: 10, Ask: 10.1, Bid: 9.9, MaxShares: 100, Long: 3, Forecast: 0.6, Volatility: 0.01}}}
	if err := good.Validate(); err != nil {
		t.Fatalf("good reading: %v", err)
	}
	for name, bad := range map[string]func(*StockMarket){
		"no symbol":     func(m *StockMarket) { m.Quotes[0].Symbol = "" },
		"twice":         func(m *StockMarket) { m.Quotes = append(m.Quotes, m.Quotes[0]) },
		"zero price":    func(m *StockMarket) { m.Quotes[0].Price = 0 },
		"NaN ask":       func(m *StockMarket) { m.Quotes[0].Ask = math.NaN() },
		"ask below bid": func(m *StockMarket) { m.Quotes[0].Ask = 9 },
		"half a share":  func(m *StockMarket) { m.Quotes[0].Long = 0.5 },
		"forecast 2":    func(m *StockMarket) { m.Quotes[0].Forecast = 2 },
		"money inf":     func(m *StockMarket) { m.Money = math.Inf(1) },
	} {
		m := good
		m.Quotes = append([]market.Quote(nil), good.Quotes...)
		bad(&m)
		if m.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
