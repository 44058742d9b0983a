package dashboard

import (
	"context"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/logline"
	"bbctl/internal/scenario"
	"bbctl/internal/sim"
	"bbctl/internal/simrun"
)

// startRun runs the mid scenario at speed (game seconds per wall second)
// on hub in the background, for three game hours at most. The run stops
// with the test.
func startRun(t *testing.T, hub *Hub, speed float64) {
	t.Helper()
	startRunWith(t, hub, speed, nil)
}

// startRunWith is startRun with the stock market and trader on (stocks
// not nil).
func startRunWith(t *testing.T, hub *Hub, speed float64, stocks *sim.StocksConfig) {
	t.Helper()
	sc, err := scenario.Load("mid")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := simrun.Run(ctx, simrun.Options{
			Scenario: sc, Speed: speed, Duration: 3 * time.Hour,
			Log: logline.Loud(t.Errorf, hub.Log), Stocks: stocks,
			Hook: func(c *controller.Controller, w *sim.World) error {
				hub.Step(c, w.Stats().MoneyGained)
				return nil
			},
		})
		hub.Finish()
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("simulator run: %v", err)
		}
	})
}
