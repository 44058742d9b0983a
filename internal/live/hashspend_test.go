package live_test

import (
	"context"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// TestSpenderSellsHashesLive runs the spender's service on the live world
// of an emulated BitNode 9 game with a hacknet server: with hashes = keep
// a step sells none; with sell (the default) a step sells whole lots of 4
// through the economy module, and the account's hacknet money — the
// hashes made and not stored, at $250,000 — is the game's own (the
// simulator's, read before and after the step). Its reserve keeps it from
// buying anything.
func TestSpenderSellsHashesLive(t *testing.T) {
	t.Parallel() // waits on game time; runs beside the other such tests
	cfg := simConfig()
	cfg.BitNode = 9
	cfg.Player.Money = 1e12
	sw, r := newModuleRig(t, cfg, true)
	w := r.srv.World
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := w.BuyHacknetNode(ctx); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		part world.HacknetPart
		n    int
	}{{world.HacknetLevel, 99}, {world.HacknetRAM, 6}, {world.HacknetCores, 15}} { // ~1 hash a game-second
		if err := w.UpgradeHacknet(ctx, 0, u.part, u.n); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		h, err := w.Hacknet(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if h.Hashes >= 8 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v hashes after 30 s", h.Hashes)
		}
		time.Sleep(100 * time.Millisecond)
	}
	byModule := func(st sim.Stats) float64 { return st.HashesSold - st.HashesOverflow }
	step := func(hashes string) (economy.Report, sim.Stats, sim.Stats) {
		t.Helper()
		svc, err := economy.NewService(economy.Config{Settings: economy.Settings{Reserve: 1e13, Hashes: hashes}, Version: game.V3})
		if err != nil {
			t.Fatal(err)
		}
		snap, err := controller.Read(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		before := sw.Stats()
		if err := svc.Step(ctx, w, snap.Player, snap.Servers); err != nil {
			t.Fatal(err)
		}
		after := sw.Stats()
		if len(svc.Timeline()) != 0 {
			t.Errorf("%s: bought %v above the reserve", hashes, svc.Timeline())
		}
		return svc.Report(), before, after
	}
	rep, before, after := step(economy.HashesKeep)
	if byModule(after) != byModule(before) || rep.Hashes == nil || rep.Hashes.Use != "keep" || rep.Hashes.Sold != 0 {
		t.Errorf("keep: sold %v hashes, report %+v", byModule(after)-byModule(before), rep.Hashes)
	}
	rep, before, after = step(economy.HashesSell)
	sold := byModule(after) - byModule(before)
	if sold < 8 || int(sold)%4 != 0 || rep.Hashes == nil || rep.Hashes.Sold != sold || rep.Hashes.Money != sold*economy.HashMoney {
		t.Errorf("sell: the module sold %v hashes, report %+v", sold, rep.Hashes)
	}
	if e := rep.Earned[economy.SourceHacknet]; e < before.HacknetMoney || e > after.HacknetMoney*(1+1e-9) {
		t.Errorf("the account's hacknet money %v, the game's %v before the step and %v after", e, before.HacknetMoney, after.HacknetMoney)
	}
}
