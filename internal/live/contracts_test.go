package live_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"bbctl/internal/contracts"
	"bbctl/internal/gameemu"
	"bbctl/internal/live"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// TestContracts solves coding contracts through the contracts module,
// which bbctl starts on demand, in a game backed by the simulator.
func TestContracts(t *testing.T) {
	for _, v3 := range []bool{true, false} {
		cfg := simConfig()
		cfg.ContractsPerHour = 36_000 // one every 0.1 game-s
		if !v3 {
			cfg.Version = "2.6.1"
		}
		sw, err := sim.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		hosts := sw.Hosts()
		r := newRig(t, gameemu.Config{Sim: sw, SimRate: 10, V3: v3})
		w := r.srv.World
		w.SetClock(r.g.Now, r.g.Rate())
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		waitFor(t, "contracts to appear", 10*time.Second, func() bool { return r.g.Now() > 5_000 })

		var found []world.ContractInfo
		for _, h := range hosts {
			files, err := w.ContractFiles(ctx, h)
			if err != nil {
				t.Fatalf("v3=%v ContractFiles(%s): %v", v3, h, err)
			}
			for _, f := range files {
				c, err := w.Contract(ctx, h, f)
				if err != nil {
					t.Fatalf("Contract(%s, %s): %v", h, f, err)
				}
				found = append(found, c)
			}
		}
		if len(found) < 2 {
			t.Fatalf("v3=%v: %d contracts found", v3, len(found))
		}
		if !r.srv.Bridge.ModuleConnected(live.ModuleContracts) {
			t.Error("the contracts module is not connected")
		}
		solved := 0
		for _, c := range found {
			a, err := contracts.Solve(c.Type, c.Data)
			if err != nil {
				t.Fatalf("solve %s %s: %v", c.Type, c.Data, err)
			}
			reward, err := w.Attempt(ctx, c.Host, c.File, world.ContractAnswer{JSON: a.JSON, String: a.String})
			if err != nil {
				t.Errorf("attempt %s on %s: %v", c.Type, c.Host, err)
				continue
			}
			if reward == "" {
				t.Errorf("v3=%v: the right answer to %s (%s) was refused", v3, c.File, c.Type)
				continue
			}
			solved++
		}
		t.Logf("v3=%v: %d contracts found, %d solved through the module", v3, len(found), solved)
		if solved != len(found) {
			t.Errorf("v3=%v: solved %d of %d", v3, solved, len(found))
		}
		if files, _ := w.ContractFiles(ctx, found[0].Host); contains(files, found[0].File) {
			t.Errorf("a solved contract is still there")
		}
		w.NoContracts = true
		if _, err := w.ContractFiles(ctx, "home"); !errors.Is(err, world.ErrUnsupported) {
			t.Errorf("with contracts off: %v, want ErrUnsupported", err)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
