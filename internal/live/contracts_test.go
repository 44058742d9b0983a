package live_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"bbctl/internal/contracts"
	"bbctl/internal/controller"
	"bbctl/internal/gameemu"
	"bbctl/internal/live"
	"bbctl/internal/live/js"
	"bbctl/internal/logline"
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

// TestFreshGameContracts plays a fresh game (8 GB home, hacking 1) through
// the live path with contracts on. Without port openers no rooted server
// has room for the contracts module (23.8 GB): bbctl says so once, not
// once per server. With BruteSSH and FTPCrack, servers of 32 GB and more
// are rooted, and contracts are solved through the module started on one
// of them.
func TestFreshGameContracts(t *testing.T) {
	t.Parallel() // waits on game time; runs beside the other such tests
	if testing.Short() {
		t.Skip("runs for seconds of wall time")
	}
	for _, c := range []struct {
		name     string
		programs []world.Program
		dur      world.Time
	}{
		{"no openers", nil, 20_000},
		{"two openers", []world.Program{world.BruteSSH, world.FTPCrack}, 70_000},
	} {
		t.Run(c.name, func(t *testing.T) {
			sw, err := sim.New(sim.Config{Seed: 7, ContractsPerHour: 600, Player: sim.PlayerConfig{Programs: c.programs}})
			if err != nil {
				t.Fatal(err)
			}
			r := newRig(t, gameemu.Config{Sim: sw, SimRate: 10})
			w := r.srv.World
			w.SetClock(r.g.Now, r.g.Rate())
			ctl, err := controller.New(controller.Config{}, w.Now())
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			err = controller.Run(ctx, w, ctl, controller.RunOptions{Until: w.Now() + c.dur, Log: logline.Loud(t.Errorf, func(l controller.LogLine) {
				if strings.Contains(l.Msg, "contract") {
					lines = append(lines, l.Level.String()+" "+l.Msg)
				}
			})})
			if err != nil {
				t.Fatal(err)
			}
			st := ctl.ContractStats()
			var host string
			for _, p := range r.g.Processes() {
				if p.Filename == js.ContractsScript {
					host = p.Host
				}
			}
			t.Logf("%d log lines about contracts: %q; %d found, %d solved; module on %q", len(lines), lines, st.Found, st.Solved, host)
			if c.programs == nil {
				if len(lines) != 1 || !strings.Contains(lines[0], "the contracts module needs 23.8GB; it will start when a server has room") {
					t.Errorf("log lines about contracts: %q, want the one that says what the module needs", lines)
				}
				return
			}
			if st.Solved == 0 || st.Failed != 0 {
				t.Errorf("%d contracts solved, %d failed; want some solved", st.Solved, st.Failed)
			}
			if host == "" || host == "home" {
				t.Errorf("the contracts module runs on %q, want a rooted server", host)
			}
		})
	}
}
