package live_test

import (
	"os"
	"testing"
	"time"

	"bbctl/internal/gameemu"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// busyTab is the exec and timer profile of a busy browser tab, as the
// controller met it in the game (2.6.1): an exec latency of 10–112 ms that
// grows with the scripts running (here 10 ms, up to 30 ms of jitter and
// 0.5 ms per running process: 40–114 ms at this world's 60–150 processes),
// and timers that fire up to 10 ms late.
func busyTab(cfg sim.Config) sim.Config {
	cfg.LaunchLatency = 10
	cfg.Faults.ExecJitter = 30
	cfg.Faults.ExecPerProcess = 0.5
	cfg.Faults.TimerLate = 10
	return cfg
}

// busyTimerLate is how late the emulated page's own timers fire under the
// busy-tab profile.
const busyTimerLate = 10 * time.Millisecond

// TestBusyTab runs the controller for 10 game-minutes on the simulator
// with the busy-tab profile, in eight worlds: fewer than 0.5 % of its
// batches misfire (the exec latency grows while the pipeline fills, and a
// worker that cannot start in time refuses), and the late timers cost no
// repair of a target (a late landing is allowed for, not taken for drift).
// BBCTL_BUSY_TAB=1 also measures it through the live path, the emulated
// game's own timers late too (5 wall-minutes).
func TestBusyTab(t *testing.T) {
	batches, misfires := 0, 0
	for seed := uint64(1); seed <= 8; seed++ {
		cfg := simConfig()
		cfg.Seed = seed
		w, err := sim.New(busyTab(cfg))
		if err != nil {
			t.Fatal(err)
		}
		_, c := runController(t, w, 600_000, 0)
		st := c.Stats()
		t.Logf("seed %d: %d batches, %d misfires (%.2f%%), %d repairs, launch delay %+v", seed, st.Batches, st.Misfires,
			100*float64(st.Misfires)/float64(st.Batches), st.Repairs, c.Status().Delay)
		if st.Repairs != 0 {
			t.Errorf("seed %d: %d repairs; late timers must cost no repair", seed, st.Repairs)
		}
		batches += st.Batches
		misfires += st.Misfires
	}
	t.Logf("in all: %d misfires in %d batches (%.2f%%)", misfires, batches, 100*float64(misfires)/float64(batches))
	if batches == 0 || float64(misfires) >= 0.005*float64(batches) {
		t.Errorf("%d misfires in %d batches; want under 0.5%%", misfires, batches)
	}
	if os.Getenv("BBCTL_BUSY_TAB") == "" {
		return
	}
	sw, err := sim.New(busyTab(simConfig()))
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, gameemu.Config{Sim: sw, SimRate: 2, TimerLate: busyTimerLate})
	r.srv.World.SetClock(r.g.Now, r.g.Rate())
	_, c := runController(t, r.srv.World, world.Time(600_000), 0)
	st := c.Stats()
	t.Logf("live path: %d batches, %d misfires (%.2f%%), %d repairs, launch delay %+v", st.Batches, st.Misfires,
		100*float64(st.Misfires)/float64(st.Batches), st.Repairs, c.Status().Delay)
	if float64(st.Misfires) >= 0.005*float64(st.Batches) {
		t.Errorf("live path: %d misfires in %d batches; want under 0.5%%", st.Misfires, st.Batches)
	}
}
