package live_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/live"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// TestSingularityModule buys the TOR router, a port opener, home RAM and a
// home core through the singularity module, which bbctl starts on demand,
// for a player with Source-File 4 in a game backed by the simulator; the
// world reports the Singularity API's level from the save, and without
// Source-File 4 (the module then costs 16 times as much RAM, which a 256 GB
// home holds) the game refuses the module's calls and nothing is bought.
func TestSingularityModule(t *testing.T) {
	for _, sf4 := range []int{3, 0} {
		cfg := simConfig()
		cfg.Player.Money = 1e10
		cfg.Player.SourceFile4 = sf4
		cfg.Home.RAM = 64 * game.GiB
		if sf4 == 0 {
			cfg.Home.RAM = 256 * game.GiB
		}
		sw, r := newModuleRig(t, cfg, false)
		w := r.srv.World
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		waitFor(t, "the save to be read", 5*time.Second, func() bool { return r.log.has("save: BitNode 1.1") })
		p, err := w.Player(ctx)
		if err != nil || p.Singularity != sf4 {
			t.Fatalf("Source-File 4.%d: Player().Singularity = %d, %v", sf4, p.Singularity, err)
		}
		err = w.BuyTOR(ctx)
		if sf4 == 0 {
			if err == nil || !strings.Contains(err.Error(), "requires Source-File 4") {
				t.Errorf("without Source-File 4: BuyTOR = %v, want the game's refusal", err)
			}
			if spent := sw.Stats().Spent; spent[sim.SpentPrograms] != 0 {
				t.Errorf("without Source-File 4: spent %v", spent)
			}
			continue
		}
		if err != nil {
			t.Fatalf("BuyTOR: %v", err)
		}
		if !r.srv.Bridge.ModuleConnected(live.ModuleSingularity) {
			t.Error("the singularity module is not connected")
		}
		if err := w.BuyProgram(ctx, world.BruteSSH); err != nil {
			t.Fatalf("BuyProgram: %v", err)
		}
		if p, err := w.Player(ctx); err != nil || !p.Has(world.BruteSSH) {
			t.Errorf("after buying BruteSSH.exe: programs %v, %v", p.Programs, err)
		}
		if err := w.UpgradeHomeRAM(ctx); err != nil {
			t.Fatalf("UpgradeHomeRAM: %v", err)
		}
		if h, err := w.Server(ctx, "home"); err != nil || h.MaxRAM != 128*game.GiB {
			t.Errorf("home after the upgrade: %v, %v; want 128GB", h.MaxRAM, err)
		}
		if err := w.UpgradeHomeCores(ctx); err != nil {
			t.Fatalf("UpgradeHomeCores: %v", err)
		}
		if f, err := r.srv.ReadSave(ctx, 5*time.Second); err != nil || f.Cores["home"] != 2 {
			t.Errorf("home's cores after the upgrade: %d, %v; want 2", f.Cores["home"], err)
		}
		spent := sw.Stats().Spent
		if want := world.TORCost + world.ProgramCost(world.BruteSSH); spent[sim.SpentPrograms] != want {
			t.Errorf("spent %v on programs, want %v", spent[sim.SpentPrograms], want)
		}
		if spent[sim.SpentHome] <= 0 {
			t.Errorf("spent %v on home", spent[sim.SpentHome])
		}
	}
}
