package controller_test

import (
	"context"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/logline"
	"bbctl/internal/world"
)

// TestHorizonPlan runs mid with a 20-minute horizon, so that within the
// hour the controller harvests quick targets while it prepares, then hands
// their RAM over to the steady plan's target (the-hub, forced once it has
// waited a horizon). In virtual time it checks the bars of the horizon
// plan: the first money within 3 minutes; after it, never 3 game minutes
// without income; no minute earning less than a fifth of the five minutes
// before it (no income cliff at a switch); and no target it worked on and
// let go left at raised security.
func TestHorizonPlan(t *testing.T) {
	w, sc := newWorld(t, "mid", nil)
	c, err := controller.New(controller.Config{SpacingMS: sc.SpacingMS, MaxProcesses: sc.MaxProcesses,
		HorizonMS: world.Time((20 * time.Minute).Milliseconds())}, w.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start := map[string]float64{} // each target's security at the start
	snap, err := controller.Read(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range snap.Servers {
		start[s.Hostname] = s.HackDifficulty
	}
	const end = 60 * 60   // s
	money := []float64{0} // money[i]: hacked by second i
	handedOver := false
	err = controller.Run(ctx, w, c, controller.RunOptions{
		Until: world.Time(end * 1000),
		Log: logline.Loud(t.Errorf, func(l controller.LogLine) {
			handedOver = handedOver || (l.Msg == "the-hub ready: harvesting")
		}),
		Every: func(c *controller.Controller) error {
			for sec := int(w.Now() / 1000); len(money) <= sec; {
				money = append(money, w.Stats().MoneyGained)
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !handedOver {
		t.Fatal("the-hub never became ready: no hand-over to check")
	}
	first := 0
	for first < len(money) && money[first] == 0 {
		first++
	}
	if first > 180 {
		t.Fatalf("first money after %d s, want ≤ 180 s", first)
	}
	for s := first; s+180 < len(money); s++ {
		if money[s+180] == money[s] {
			t.Errorf("no income from %d s to %d s", s, s+180)
			break
		}
	}
	// Income per minute from the first full minute of income on.
	var perMin []float64
	for m := first/60 + 1; (m+1)*60 < len(money); m++ {
		perMin = append(perMin, money[(m+1)*60]-money[m*60])
	}
	t.Logf("per minute: %.3g", perMin)
	for i := 5; i < len(perMin); i++ {
		before := 0.0
		for _, x := range perMin[i-5 : i] {
			before += x / 5
		}
		if perMin[i] < before/5 {
			t.Errorf("minute %d earned %.3g, a cliff after %.3g a minute", i+first/60+1, perMin[i], before)
		}
	}
	st := c.Status()
	for _, ts := range st.Targets {
		s, err := w.Server(ctx, ts.Host)
		if err != nil {
			t.Fatal(err)
		}
		touched := s.HackDifficulty != start[ts.Host]
		if touched && ts.Phase == "pending" && s.HackDifficulty > s.MinDifficulty+1e-6 {
			t.Errorf("%s let go at security %.3f, minimum %.3f", ts.Host, s.HackDifficulty, s.MinDifficulty)
		}
	}
	leakFree(t, w, c)
}
