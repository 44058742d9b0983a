package sim

import (
	"math"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// An end-to-end check of the timing model: HWGW batches every 20 ms against
// one prepped target, each worker told the true duration and called while
// the target is at minimum security. Every hack must then land at minimum
// security, every job within a millisecond of its plan (the timer is the
// truncated double sum, which can fall 1 ms short), and the target must end
// every batch at max money and min security.
func TestBatchesStayInSync(t *testing.T) {
	const (
		target  = "joesguns"
		spacing = 5  // ms between the landings of one batch
		period  = 20 // ms between batches
		hackT   = 4
	)
	w := newWorld(t, Config{Seed: 29, Prepped: true, Player: PlayerConfig{Hacking: 100, FreezeExp: true}, Home: HomeConfig{RAM: 1 << 20 * game.GiB, Cores: 1}})
	mustNuke(t, w, target)
	s0 := srv(t, w, target)
	person := w.person
	// Threads: hack hackT; grow back from the money after a full hack at
	// min security; weakens to cover each.
	after := s0
	pct := game.HackPercent(&after, &person, &w.bn)
	after.MoneyAvailable -= after.MoneyAvailable * pct * hackT
	growT := int(game.GrowThreads(&after, s0.MoneyMax, after.MoneyAvailable, &person, 1, &w.bn))
	w1T := int(math.Ceil(hackT * game.HackSecurityPerThread / game.WeakenSecurityPerThread))
	w2T := int(math.Ceil(float64(growT) * game.GrowSecurityPerThread / game.WeakenSecurityPerThread))
	dur := func(op world.Op) float64 { return w.opTime(op, &s0) * 1000 }

	wt := world.Time(math.Ceil(dur(world.OpWeaken)))
	next := world.Time(17) // launch 2 ms after the last landing of a batch
	const stop = 10 * 60 * 1000
	batches := 0
	for {
		until := next
		if next >= stop {
			until = stop + 2*wt // no more launches: let the last batches land
		}
		ev, err := w.Next(bg, until)
		if err != nil {
			t.Fatal(err)
		}
		switch e := ev.(type) {
		case world.Tick:
			if next >= stop {
				break
			}
			if s := srv(t, w, target); s.HackDifficulty != s.MinDifficulty {
				t.Fatalf("at %d, a launch time, security is %v", w.Now(), s.HackDifficulty)
			}
			land := w.Now() + wt + 100
			mustExec(t, w,
				worker(world.OpHack, "home", target, hackT, land, dur(world.OpHack), "h"),
				worker(world.OpWeaken, "home", target, w1T, land+spacing, dur(world.OpWeaken), "w1"),
				worker(world.OpGrow, "home", target, growT, land+2*spacing, dur(world.OpGrow), "g"),
				worker(world.OpWeaken, "home", target, w2T, land+3*spacing, dur(world.OpWeaken), "w2"),
			)
			batches++
			next += period
		case world.JobDone:
			if e.Misfire || e.End > e.LandAt || e.End < e.LandAt-1 {
				t.Fatalf("job %+v, want it within 1 ms before its plan", e.Report)
			}
			if e.Tag == "w2" {
				if s := srv(t, w, target); s.HackDifficulty != s.MinDifficulty || s.MoneyAvailable != s.MoneyMax {
					t.Fatalf("after a batch: security %v (min %v), money %v (max %v)", s.HackDifficulty, s.MinDifficulty, s.MoneyAvailable, s.MoneyMax)
				}
			}
		default:
			t.Fatalf("unexpected event %#v", ev)
		}
		if _, tick := ev.(world.Tick); tick && ev.When() >= stop+2*wt {
			break
		}
	}
	st := w.Stats()
	if st.HacksLanded != int64(batches) || st.Running != 0 || st.HacksDesynced != 0 || st.Misfires != 0 || st.HackSuccesses == 0 {
		t.Errorf("%d batches: %+v", batches, st)
	}
}
