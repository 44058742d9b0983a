package sim

import (
	"errors"
	"math"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

func money(t *testing.T, w *World) float64 {
	t.Helper()
	p, err := w.Player(bg)
	if err != nil {
		t.Fatal(err)
	}
	return p.Money
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestPurchasedServers(t *testing.T) {
	w := newWorld(t, Config{Player: PlayerConfig{Money: 1e9}})
	host, err := w.PurchaseServer(bg, "pserv-0", 8*game.GiB)
	if err != nil || host != "pserv-0" {
		t.Fatalf("PurchaseServer = %q, %v", host, err)
	}
	if got := money(t, w); !near(got, 1e9-440000) {
		t.Errorf("money after an 8 GB server = %v, want 1e9 − 440,000", got)
	}
	// The new server is visible at once: from home's scan, as a server,
	// and through a ServerChanged.
	links, _ := w.Scan(bg, "home")
	if links[len(links)-1] != "pserv-0" {
		t.Errorf("home's scan %v does not end with pserv-0", links)
	}
	if s := srv(t, w, "pserv-0"); s.MaxRAM != 8*game.GiB || !s.HasAdminRights || s.Cores != 1 {
		t.Errorf("pserv-0 = %+v", s)
	}
	if ev, _ := w.Next(bg, 0); ev != (world.ServerChanged{At: 0, Host: "pserv-0"}) {
		t.Errorf("event after the purchase = %#v", ev)
	}
	// Upgrade in place: the difference of the two prices.
	before := money(t, w)
	if err := w.UpgradeServer(bg, "pserv-0", 1024*game.GiB); err != nil {
		t.Fatal(err)
	}
	if got, want := before-money(t, w), 56.32e6-440000; !near(got, want) {
		t.Errorf("8 GB → 1 TB cost %v, want %v", got, want)
	}
	if err := w.UpgradeServer(bg, "pserv-0", 512*game.GiB); err == nil {
		t.Error("shrinking a server succeeded")
	}
	if err := w.UpgradeServer(bg, "home", 2048*game.GiB); err == nil {
		t.Error("upgrading home as a purchased server succeeded")
	}
	if _, err := w.PurchaseServer(bg, "pserv-0", 8*game.GiB); err == nil {
		t.Error("a duplicate name was accepted on 3.x")
	}
	if _, err := w.PurchaseServer(bg, "big", 1<<21*game.GiB); err == nil {
		t.Error("a server above the maximum RAM was sold")
	}
	if _, err := w.PurchaseServer(bg, "odd", 24*game.GiB); err == nil {
		t.Error("a 24 GB server was sold")
	}
	// A server with a script running cannot be deleted.
	if err := w.AddScript("home", "x.js", 200); err != nil {
		t.Fatal(err)
	}
	if err := w.Copy(bg, "pserv-0", "x.js"); err != nil {
		t.Fatal(err)
	}
	pids := mustExec(t, w, world.ExecRequest{Script: "x.js", Host: "pserv-0", Threads: 1})
	if err := w.DeleteServer(bg, "pserv-0"); err == nil {
		t.Fatal("deleted a server with a script running")
	}
	w.Kill(bg, pids)
	if err := w.DeleteServer(bg, "pserv-0"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Server(bg, "pserv-0"); !errors.Is(err, world.ErrUnknownHost) {
		t.Errorf("a deleted server reads as %v", err)
	}
	ps, _ := w.PurchasedServers(bg)
	if len(ps.Hosts) != 0 || ps.Limit != 25 || ps.MaxRAM != 1<<20*game.GiB {
		t.Errorf("PurchasedServers = %+v", ps)
	}
}

func TestPurchaseLimitsAndMoney(t *testing.T) {
	w := newWorld(t, Config{Player: PlayerConfig{Money: 439999}})
	if _, err := w.PurchaseServer(bg, "a", 8*game.GiB); !errors.Is(err, world.ErrNotEnoughMoney) {
		t.Errorf("buying $440k with $439,999: %v", err)
	}
	w = newWorld(t, Config{Player: PlayerConfig{Money: 1e12}, Purchased: []PurchasedConfig{{RAM: 8 * game.GiB, Count: 25}}})
	if _, err := w.PurchaseServer(bg, "a", 8*game.GiB); err == nil {
		t.Error("a 26th server was sold")
	}
	w = newWorld(t, Config{BitNode: 9, Player: PlayerConfig{Money: 1e12}})
	if _, err := w.PurchaseServer(bg, "a", 8*game.GiB); err == nil {
		t.Error("BitNode 9 sold a purchased server")
	}
}

func TestHacknetProduction(t *testing.T) {
	w := newWorld(t, Config{Player: PlayerConfig{Money: 1000}})
	if i, err := w.BuyHacknetNode(bg); err != nil || i != 0 {
		t.Fatalf("BuyHacknetNode = %d, %v", i, err)
	}
	if got := money(t, w); got != 0 {
		t.Errorf("money after the first node = %v, want 0", got)
	}
	// $1.5/s, credited per whole 200 ms cycle.
	for _, c := range []struct {
		at   world.Time
		want float64
	}{{199, 0}, {200, 0.3}, {10_199, 15}, {60_000, 90}} {
		if _, err := w.Next(bg, c.at); err != nil {
			t.Fatal(err)
		}
		if got := money(t, w); !near(got, c.want) {
			t.Errorf("money at %d ms = %v, want %v", c.at, got, c.want)
		}
	}
	if _, err := w.BuyHacknetNode(bg); !errors.Is(err, world.ErrNotEnoughMoney) {
		t.Errorf("a second node ($1,850) with $90: %v", err)
	}
	if err := w.UpgradeHacknet(bg, 0, world.HacknetLevel, 1); !errors.Is(err, world.ErrNotEnoughMoney) {
		t.Errorf("a $500 level with $90: %v", err)
	}
	if _, err := w.Next(bg, 400_000); err != nil {
		t.Fatal(err)
	}
	// Level 1 → 2 costs 500·1.04^(1−1) = $500 on 3.x.
	if err := w.UpgradeHacknet(bg, 0, world.HacknetLevel, 1); err != nil {
		t.Fatal(err)
	}
	if got := money(t, w); !near(got, 600-500) {
		t.Errorf("money after a level = %v, want 100", got)
	}
	h, _ := w.Hacknet(bg)
	if len(h.Nodes) != 1 || h.Nodes[0].Level != 2 || !near(h.Nodes[0].Production, 3) {
		t.Errorf("Hacknet = %+v", h)
	}
	st := w.Stats()
	if !near(st.HacknetMoney, 600) || !near(st.Spent[SpentHacknet], 1000+500) {
		t.Errorf("stats: hacknet money %v, spent %v", st.HacknetMoney, st.Spent)
	}
	if err := w.UpgradeHacknet(bg, 0, world.HacknetCores, 16); err == nil {
		t.Error("cores past 16 were sold")
	}
	if err := w.UpgradeHacknet(bg, 3, world.HacknetRAM, 1); err == nil {
		t.Error("upgraded a node that does not exist")
	}
}

func TestPlayerShop(t *testing.T) {
	w := newWorld(t, Config{Player: PlayerConfig{Money: 3e6}})
	if err := w.BuyProgram(bg, world.BruteSSH); err == nil {
		t.Error("bought a program without TOR")
	}
	if err := w.BuyTOR(bg); err != nil {
		t.Fatal(err)
	}
	if err := w.BuyProgram(bg, world.BruteSSH); err != nil {
		t.Fatal(err)
	}
	p, _ := w.Player(bg)
	if !p.TOR || !p.Has(world.BruteSSH) || !near(p.Money, 3e6-200e3-500e3) {
		t.Errorf("player after TOR and BruteSSH = %+v", p)
	}
	if err := w.UpgradeHomeRAM(bg); err != nil {
		t.Fatal(err)
	}
	if got, want := money(t, w), 3e6-700e3-1009743.8706; math.Abs(got-want) > 0.01 {
		t.Errorf("money after 8 → 16 GB = %v, want %v", got, want)
	}
	if s := srv(t, w, "home"); s.MaxRAM != 16*game.GiB {
		t.Errorf("home RAM %v after the upgrade", s.MaxRAM)
	}
	if err := w.UpgradeHomeCores(bg); !errors.Is(err, world.ErrNotEnoughMoney) {
		t.Errorf("a $7.5b core: %v", err)
	}
	st := w.Stats()
	if !near(st.Spent[SpentPrograms], 700e3) || math.Abs(st.Spent[SpentHome]-1009743.87) > 0.01 {
		t.Errorf("spent %v", st.Spent)
	}
}
