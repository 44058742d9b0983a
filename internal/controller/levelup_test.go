package controller_test

import (
	"strings"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/game"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// TestLevelUpsOnAHugeFarm runs a farm far larger than its targets need
// (25 × 256 TB) while the hacking level climbs every few seconds, as after
// the first hour of a fresh BitNode. With RAM to spare the plan takes
// nearly all of a target's money per batch, so a hack that lands a level
// later than it was sized for steals far more than its grow restores; and
// a worker whose call comes after a level-up its controller has not seen
// lands early. Neither may happen: no hack lands above minimum security,
// every harvest worker lands when planned, no target drifts, and nothing
// leaks.
func TestLevelUpsOnAHugeFarm(t *testing.T) {
	t.Parallel() // seconds of CPU: runs beside the package's other tests
	w, sc := newWorld(t, "mid", func(cfg *sim.Config) {
		cfg.Player.Hacking = 330
		cfg.Player.FreezeExp = false
		cfg.Player.Programs = append(cfg.Player.Programs, world.SQLInject)
		cfg.Purchased = []sim.PurchasedConfig{{RAM: 256 * 1024 * game.GiB, Count: 25}}
	})
	c := newController(t, w, sc)
	var logs []controller.LogLine
	run(t, w, c, 40*time.Minute, &logs)

	st := w.Stats()
	p, _ := w.Player(t.Context())
	if p.Hacking < 360 {
		t.Fatalf("hacking level %d after 40 minutes from 330: the test needs level-ups", p.Hacking)
	}
	if st.HacksLanded < 5000 {
		t.Fatalf("only %d hacks landed", st.HacksLanded)
	}
	if st.HacksDesynced != 0 {
		t.Errorf("%d of %d hacks landed above minimum security", st.HacksDesynced, st.HacksLanded)
	}
	late := 0
	for _, r := range w.reports {
		parts := strings.Split(r.Tag, ":")
		if len(parts) == 4 && parts[3][0] == 'h' && (r.End < r.LandAt-1 || r.End > r.LandAt+1) {
			late++
		}
	}
	if late != 0 {
		t.Errorf("%d harvest workers landed off their planned time", late)
	}
	for _, l := range logs {
		if strings.Contains(l.Msg, "drifted") {
			t.Errorf("%s", l.Msg)
		}
	}
	t.Logf("level 330 → %d, %d hacks, %d workers killed after a level-up", p.Hacking, st.HacksLanded, c.Stats().LevelUpKills)
	leakFree(t, w, c)
}
