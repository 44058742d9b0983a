package controller

import (
	"encoding/json"
	"testing"

	"bbctl/internal/world"
)

// FuzzStockMarketRead feeds the stock service readings decoded from
// arbitrary JSON (what a live stocks module could answer): the controller
// never panics, and never orders a trade of a count that is not a positive
// whole number.
func FuzzStockMarketRead(f *testing.F) {
	f.Add([]byte(`{"access":{"wse":true,"tix":true,"api_4s":true},"update":1,"money":1e10,"quotes":[{"symbol":"ECP","price":100,"ask":101,"bid":99,"max_shares":1e6,"forecast":0.7,"volatility":0.01}]}`))
	f.Add([]byte(`{"access":{"wse":true,"tix":true},"update":2,"money":1e9,"quotes":[{"symbol":"ECP","price":1e308,"ask":1e308,"bid":1,"max_shares":1e15}]}`))
	f.Add([]byte(`{"update":-5,"quotes":[{"symbol":"A","price":-1,"ask":0,"bid":0},{"symbol":"A"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var m world.StockMarket
		if json.Unmarshal(data, &m) != nil {
			return
		}
		c, err := New(Config{Stocks: StocksConfig{Enabled: true}}, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			c.stk.reading = true
			c.StockMarketRead(m, nil)
			for _, tr := range c.Ready().StockTrades {
				n := tr.Order.Shares
				if !(n > 0) || n != float64(int64(n)) {
					t.Fatalf("trade of %v shares from %s", n, data)
				}
			}
			m.Update++
		}
	})
}
