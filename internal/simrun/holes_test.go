package simrun

import (
	"context"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// TestHackHoles runs the farm of TestAdviceAgainstYield's fourth case
// (hacking 200, BruteSSH and FTPCrack, phantasy its one target) with a 64
// and a 128 GB home for 6 hours. On farms this small a hack, launched last,
// finds the RAM the landings freed taken by the grows and weakens of later
// batches and is cut; each hack's hole goes to the next hack (holeFor).
// The 128 GB home must earn at least what the 64 GB home earns over the
// second half (before: $436k/s against $451k/s expected), and lose fewer
// hack threads to cuts (before: 5,923 in 6 hours).
func TestHackHoles(t *testing.T) {
	var income [2]float64
	var cut [2]controller.Stats
	for i, gb := range []int{64, 128} {
		sc := adviceWorld(t, 200, gb, "BruteSSH", "FTPCrack")
		half := world.Time(3 * time.Hour / time.Millisecond)
		var from, to float64
		sum, err := Run(context.Background(), Options{Scenario: sc, Duration: 6 * time.Hour, Hook: func(c *controller.Controller, w *sim.World) error {
			if w.Now() <= half {
				from = c.Stats().Expected
			}
			to = c.Stats().Expected
			cut[i] = c.Stats()
			return nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		if sum.HacksDesynced != 0 || !sum.LeakCheck.OK {
			t.Errorf("%d GB home: %d desynced hacks, leak check %v", gb, sum.HacksDesynced, sum.LeakCheck.Problems)
		}
		income[i] = (to - from) / half.Seconds()
		t.Logf("%d GB home: $%.0f/s expected over hours 3-6; %d of %d hacks cut, %d threads lost", gb, income[i], cut[i].HacksCut, cut[i].Hacks, cut[i].CutThreads)
	}
	if income[1] < income[0] {
		t.Errorf("the 128 GB home earns $%.0f/s, less than the 64 GB home's $%.0f/s", income[1], income[0])
	}
	if cut[1].CutThreads > 4500 {
		t.Errorf("the 128 GB home's hacks lost %d threads to cuts, want at most 4,500", cut[1].CutThreads)
	}
}
