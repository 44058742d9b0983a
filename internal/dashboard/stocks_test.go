package dashboard

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"bbctl/internal/market"
	"bbctl/internal/sim"
)

// TestStocksPanel runs the mid scenario with the stock market (4S) and
// checks the panel's endpoint and the liquidate and resume controls.
func TestStocksPanel(t *testing.T) {
	hub := New(Options{Title: "stocks test"})
	srv := httptest.NewServer(hub.Handler())
	t.Cleanup(srv.Close)
	startRunWith(t, hub, 600, &sim.StocksConfig{Access: market.Access{WSE: true, TIX: true, API4S: true}})
	var v StocksView
	eventually(t, "a stocks frame with orders", func() bool {
		get(t, srv, "/api/stocks", http.StatusOK, &v)
		return v.Running && v.Trades > 0 && len(v.Stocks) == 33
	})
	if v.Estimate || len(v.Stocks[0].Spark) == 0 {
		t.Errorf("panel: estimated %v, spark %d prices", v.Estimate, len(v.Stocks[0].Spark))
	}
	do(t, srv, "POST", "/api/stocks/liquidate", "", map[string]string{csrfHeader: "1", "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden, nil)
	do(t, srv, "POST", "/api/stocks/liquidate", "", nil, http.StatusForbidden, nil)
	do(t, srv, "GET", "/api/stocks/liquidate", "", same, http.StatusMethodNotAllowed, nil)
	var res CommandResult
	do(t, srv, "POST", "/api/stocks/liquidate", "", same, http.StatusOK, &res)
	eventually(t, "every position sold", func() bool {
		get(t, srv, "/api/stocks", http.StatusOK, &v)
		return v.Halted && v.Invested == 0
	})
	do(t, srv, "POST", "/api/stocks/resume", "", same, http.StatusOK, &res)
	eventually(t, "trading again", func() bool {
		get(t, srv, "/api/stocks", http.StatusOK, &v)
		return !v.Halted
	})
}

// TestStocksPanelOff: without a market the panel is not running and a
// liquidation is refused.
func TestStocksPanelOff(t *testing.T) {
	hub, srv := live(t)
	_ = hub
	var v StocksView
	get(t, srv, "/api/stocks", http.StatusOK, &v)
	if v.Running {
		t.Errorf("running without a market: %+v", v)
	}
	do(t, srv, "POST", "/api/stocks/liquidate", "", same, http.StatusConflict, nil)
}
