package simrun

import (
	"context"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/logline"
	"bbctl/internal/longtest"
	"bbctl/internal/sim"
)

// TestLateHandOver runs late as shipped for an hour (issue 13: "hand-over
// without an income cliff"). Quick targets harvest while clarkinc and
// ecorp are prepared; when clarkinc is ready, the targets harvested
// meanwhile hand their RAM over to its pipeline, which earns only a
// weaken time later. It checks, from the first minute of income on, that
// no game minute earns less than a fifth of the average of the five
// before it (the rule of TestHorizonPlan on mid), and that the hand-over
// happened within the hour. A long test: about 10 s.
func TestLateHandOver(t *testing.T) {
	longtest.Skip(t)
	sc := load(t, "late")
	var money []float64 // money[m]: hacked by minute m
	handedOver := false
	_, err := Run(context.Background(), Options{Scenario: sc, Duration: time.Hour,
		Log: logline.Loud(t.Errorf, func(l controller.LogLine) {
			handedOver = handedOver || l.Msg == "clarkinc ready: harvesting"
		}),
		Hook: func(c *controller.Controller, w *sim.World) error {
			for m := int(w.Now() / 60000); len(money) <= m; {
				money = append(money, w.Stats().MoneyGained)
			}
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if !handedOver {
		t.Fatal("clarkinc never became ready: no hand-over to check")
	}
	first := 1
	for first < len(money) && money[first] == 0 {
		first++
	}
	var perMin []float64 // from the first minute with income on
	for m := first; m < len(money); m++ {
		perMin = append(perMin, money[m]-money[m-1])
	}
	t.Logf("per minute from minute %d: %.3g", first, perMin)
	for i := 5; i < len(perMin); i++ {
		before := 0.0
		for _, x := range perMin[i-5 : i] {
			before += x / 5
		}
		if perMin[i] < before/5 {
			t.Errorf("minute %d earned %.3g, a cliff after %.3g a minute", first+i, perMin[i], before)
		}
	}
}
