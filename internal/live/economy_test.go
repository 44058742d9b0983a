package live_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/live"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// TestEconomyModule buys and reads purchased servers and hacknet nodes
// through the economy module, which bbctl starts on demand, in a game
// backed by the simulator, on both versions' names; the money moves in the
// simulator as the game's prices say.
func TestEconomyModule(t *testing.T) {
	for _, v3 := range []bool{true, false} {
		cfg := simConfig()
		cfg.Player.Money = 1e8
		if !v3 {
			cfg.Version = "2.6.1"
		}
		sw, r := newModuleRig(t, cfg, v3)
		w := r.srv.World
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		ps, err := w.PurchasedServers(ctx)
		if err != nil {
			t.Fatalf("v3=%v: PurchasedServers: %v", v3, err)
		}
		if !r.srv.Bridge.ModuleConnected(live.ModuleEconomy) {
			t.Error("the economy module is not connected")
		}
		if len(ps.Hosts) != 0 || ps.Limit != 25 || ps.MaxRAM != 1<<20*game.GiB {
			t.Errorf("v3=%v: purchased servers %+v", v3, ps)
		}
		host, err := w.PurchaseServer(ctx, "bbctl-0", 8*game.GiB)
		if err != nil || host != "bbctl-0" {
			t.Fatalf("v3=%v: PurchaseServer = %q, %v", v3, host, err)
		}
		if err := w.UpgradeServer(ctx, host, 64*game.GiB); err != nil {
			t.Fatalf("v3=%v: UpgradeServer: %v", v3, err)
		}
		if err := w.UpgradeServer(ctx, host, 32*game.GiB); err == nil {
			t.Errorf("v3=%v: a shrinking upgrade was not refused", v3)
		}
		if err := w.DeleteServer(ctx, host); !errors.Is(err, world.ErrUnsupported) {
			t.Errorf("v3=%v: DeleteServer: %v, want unsupported (bbctl never deletes)", v3, err)
		}
		ps, err = w.PurchasedServers(ctx)
		if err != nil || len(ps.Hosts) != 1 || ps.Hosts[0].RAM != 64*game.GiB {
			t.Errorf("v3=%v: after the purchase: %+v, %v", v3, ps, err)
		}
		if i, err := w.BuyHacknetNode(ctx); err != nil || i != 0 {
			t.Fatalf("v3=%v: BuyHacknetNode = %d, %v", v3, i, err)
		}
		if err := w.UpgradeHacknet(ctx, 0, world.HacknetLevel, 9); err != nil {
			t.Fatalf("v3=%v: UpgradeHacknet: %v", v3, err)
		}
		if err := w.UpgradeHacknet(ctx, 0, world.HacknetCores, 99); err == nil {
			t.Errorf("v3=%v: 100 cores were sold", v3)
		}
		h, err := w.Hacknet(ctx)
		if err != nil || len(h.Nodes) != 1 || h.Nodes[0].Level != 10 || h.Nodes[0].Production != 15 || h.Mults != world.DefaultHacknetMults() {
			t.Errorf("v3=%v: Hacknet = %+v, %v", v3, h, err)
		}
		bn, _ := game.BitNodeMultipliers(1, 1)
		ver := game.V3
		if !v3 {
			ver = game.V261
		}
		spent := sw.Stats().Spent
		if want := game.PurchasedServerCost(64, &bn); spent[sim.SpentServers] != want {
			t.Errorf("v3=%v: spent %v on servers, want %v", v3, spent[sim.SpentServers], want)
		}
		if want := game.HacknetNodeCost(1, 1) + game.HacknetLevelCost(1, 9, 1, ver); spent[sim.SpentHacknet] != want {
			t.Errorf("v3=%v: spent %v on hacknet, want %v", v3, spent[sim.SpentHacknet], want)
		}
	}
}

// TestEconomyModuleHacknetServers buys, upgrades and reads a hacknet server
// and sells its hashes through the economy module, in an emulated
// BitNode 9 backed by the simulator, on both versions' names.
func TestEconomyModuleHacknetServers(t *testing.T) {
	for _, v3 := range []bool{true, false} {
		cfg := simConfig()
		cfg.BitNode = 9
		cfg.Player.Money = 1e12
		if !v3 {
			cfg.Version = "2.6.1"
		}
		sw, r := newModuleRig(t, cfg, v3)
		w := r.srv.World
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		h, err := w.Hacknet(ctx)
		if err != nil || !h.Servers || h.MaxNodes != 20 || len(h.Nodes) != 0 || h.HashCapacity != 0 {
			t.Fatalf("v3=%v: Hacknet before a purchase = %+v, %v", v3, h, err)
		}
		if err := w.SellHashes(ctx, 1); err == nil {
			t.Errorf("v3=%v: sold hashes without a hacknet server", v3)
		}
		if i, err := w.BuyHacknetNode(ctx); err != nil || i != 0 {
			t.Fatalf("v3=%v: BuyHacknetNode = %d, %v", v3, i, err)
		}
		for _, u := range []struct {
			part world.HacknetPart
			n    int
		}{{world.HacknetLevel, 99}, {world.HacknetRAM, 6}, {world.HacknetCores, 15}} {
			if err := w.UpgradeHacknet(ctx, 0, u.part, u.n); err != nil {
				t.Fatalf("v3=%v: UpgradeHacknet(%v, %d): %v", v3, u.part, u.n, err)
			}
		}
		if err := w.UpgradeHacknet(ctx, 0, world.HacknetCores, 200); err == nil {
			t.Errorf("v3=%v: 216 cores were sold", v3)
		}
		spent := sw.Stats().Spent[sim.SpentHacknet]
		want := game.HacknetServerCost(1, 1) + game.HacknetServerLevelCost(1, 99, 1) +
			game.HacknetServerRAMCost(1, 6, 1) + game.HacknetServerCoreCost(1, 15, 1)
		if spent != want {
			t.Errorf("v3=%v: spent %v on hacknet, want %v", v3, spent, want)
		}
		// The hashes grow to the capacity (64) in about a minute of game
		// time at 1 hash/s.
		deadline := time.Now().Add(30 * time.Second)
		for h.Hashes < 8 {
			if time.Now().After(deadline) {
				t.Fatalf("v3=%v: %v hashes after 30 s", v3, h.Hashes)
			}
			time.Sleep(100 * time.Millisecond)
			if h, err = w.Hacknet(ctx); err != nil {
				t.Fatal(err)
			}
		}
		n := h.Nodes[0]
		if n.Host != "hacknet-server-0" || n.Level != 100 || n.RAM != 64 || n.Cores != 16 || n.Cache != 1 || h.HashCapacity != 64 ||
			n.Production <= 0 || n.Total < h.Hashes || h.Hashes > h.HashCapacity {
			t.Errorf("v3=%v: Hacknet = %+v, node %+v", v3, h, n)
		}
		if s, err := sw.Server(ctx, "hacknet-server-0"); err != nil || s.MaxRAM != 64*game.GiB || s.Cores != 16 {
			t.Errorf("v3=%v: the hacknet server in the simulator: %+v, %v", v3, s, err)
		}
		before := sw.Stats()
		if err := w.SellHashes(ctx, 2); err != nil {
			t.Fatalf("v3=%v: SellHashes(2) with %v hashes: %v", v3, h.Hashes, err)
		}
		if err := w.SellHashes(ctx, 1000); err == nil {
			t.Errorf("v3=%v: sold 4,000 hashes of at most 64", v3)
		}
		after := sw.Stats()
		if sold := (after.HashesSold - after.HashesOverflow) - (before.HashesSold - before.HashesOverflow); sold != 8 {
			t.Errorf("v3=%v: %v hashes sold by the module, want 8", v3, sold)
		}
		if after.HacknetMoney-before.HacknetMoney < 2e6 {
			t.Errorf("v3=%v: hacknet money rose %v, want at least $2m", v3, after.HacknetMoney-before.HacknetMoney)
		}
	}
}
