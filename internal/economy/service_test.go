package economy_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// TestServiceKeepsReserve runs the spender on a simulated world whose
// money only grows by hacknet production: every purchase leaves at least
// the reserve and what another service holds, none deletes a server, and
// the money is spent (servers and hacknet are bought).
func TestServiceKeepsReserve(t *testing.T) {
	ctx := context.Background()
	w, err := sim.New(sim.Config{Seed: 3, Player: sim.PlayerConfig{Hacking: 50, FreezeExp: true, Money: 2e7}})
	if err != nil {
		t.Fatal(err)
	}
	const reserve, held = 4e6, 3e6
	svc, err := economy.NewService(economy.Config{Settings: economy.Settings{Reserve: reserve}, Version: game.V3,
		MaxProcesses: 40000, SpacingMS: 20})
	if err != nil {
		t.Fatal(err)
	}
	svc.Account().Hold("stocks", held)
	for step := 0; step < 200; step++ {
		snap, err := controller.Read(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Step(ctx, w, snap.Player, snap.Servers); err != nil {
			t.Fatal(err)
		}
		p, _ := w.Player(ctx)
		if p.Money < reserve+held {
			t.Fatalf("step %d: money %v below the reserve and the hold (%v)", step, p.Money, reserve+held)
		}
		if _, err := w.Next(ctx, w.Now()+world.Time(10*time.Second/time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	st := w.Stats()
	if st.Spent[sim.SpentServers] == 0 || st.Spent[sim.SpentHacknet] == 0 {
		t.Errorf("nothing bought: spent %v", st.Spent)
	}
	if len(svc.Timeline()) == 0 || svc.Report().Purchases != len(svc.Timeline()) {
		t.Errorf("timeline %d purchases, report %+v", len(svc.Timeline()), svc.Report())
	}
	for _, p := range svc.Timeline() {
		if p.Kind.PlayerOnly() || p.By != "bbctl" {
			t.Errorf("the spender bought %+v", p)
		}
	}
}

// TestServiceBuysWithSingularity: with Source-File 4 the spender buys
// what it would advise the player to — here the TOR router and the port
// openers, whose servers pay back fastest — and advises nothing; it still
// keeps the reserve.
func TestServiceBuysWithSingularity(t *testing.T) {
	ctx := context.Background()
	w, err := sim.New(sim.Config{Seed: 3, Player: sim.PlayerConfig{Hacking: 300, FreezeExp: true, Money: 2e8, SourceFile4: 1}})
	if err != nil {
		t.Fatal(err)
	}
	const reserve = 1e6
	svc, err := economy.NewService(economy.Config{Settings: economy.Settings{Reserve: reserve}, Version: game.V3,
		MaxProcesses: 40000, SpacingMS: 20})
	if err != nil {
		t.Fatal(err)
	}
	for step := 0; step < 50; step++ {
		snap, err := controller.Read(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Step(ctx, w, snap.Player, snap.Servers); err != nil {
			t.Fatal(err)
		}
		if len(svc.Advice()) != 0 {
			t.Fatalf("step %d: advice %v with the Singularity API", step, svc.Advice())
		}
		if p, _ := w.Player(ctx); p.Money < reserve {
			t.Fatalf("step %d: money %v below the reserve", step, p.Money)
		}
		if _, err := w.Next(ctx, w.Now()+world.Time(10*time.Second/time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := w.Player(ctx)
	if !p.TOR || !p.Has(world.BruteSSH) || !p.Has(world.FTPCrack) {
		t.Errorf("TOR %v, programs %v: the openers were not bought", p.TOR, p.Programs)
	}
	bought := 0
	for _, pu := range svc.Timeline() {
		if pu.Kind.PlayerOnly() {
			bought++
			if pu.By != "bbctl" {
				t.Errorf("%+v bought by %q", pu, pu.By)
			}
		}
	}
	if bought == 0 || w.Stats().Spent[sim.SpentPrograms] == 0 {
		t.Errorf("no purchase of the player's kind: timeline %v, spent %v", svc.Timeline(), w.Stats().Spent)
	}
}

// TestServiceAdvisesWithoutEconomy: a world without purchase calls gets
// advice and no purchases.
func TestServiceAdvisesWithoutEconomy(t *testing.T) {
	ctx := context.Background()
	w, err := sim.New(sim.Config{Seed: 3, Player: sim.PlayerConfig{Hacking: 50, FreezeExp: true, Money: 1e6}})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := economy.NewService(economy.Config{Version: game.V3, MaxProcesses: 40000, SpacingMS: 20})
	if err != nil {
		t.Fatal(err)
	}
	snap, _ := controller.Read(ctx, w)
	if err := svc.Step(ctx, plainWorld{w}, snap.Player, snap.Servers); err != nil {
		t.Fatal(err)
	}
	adv := svc.Advice()
	if len(adv) == 0 || adv[0].Kind != economy.KindProgram || !adv[0].TOR || adv[0].Program != world.BruteSSH || adv[0].Cost != 700e3 {
		t.Fatalf("advice %+v", adv)
	}
	if len(svc.Timeline()) != 0 {
		t.Errorf("bought %v without purchase calls", svc.Timeline())
	}
}

// plainWorld hides the simulator's economy calls.
type plainWorld struct{ world.World }

// TestServiceSaysAFailureOnce: a purchase the world keeps refusing (the
// live game's module finding no room, say) is logged once, not at every
// step, and nothing is recorded as bought.
func TestServiceSaysAFailureOnce(t *testing.T) {
	ctx := context.Background()
	sw, err := sim.New(sim.Config{Seed: 3, Player: sim.PlayerConfig{Hacking: 50, FreezeExp: true, Money: 2e7, TOR: true, Programs: world.AllPrograms()}})
	if err != nil {
		t.Fatal(err)
	}
	w := refusingWorld{sw}
	svc, err := economy.NewService(economy.Config{Version: game.V3, MaxProcesses: 40000, SpacingMS: 20})
	if err != nil {
		t.Fatal(err)
	}
	said := 0
	for step := 0; step < 10; step++ {
		snap, err := controller.Read(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Step(ctx, w, snap.Player, snap.Servers); err != nil {
			t.Fatal(err)
		}
		for _, l := range svc.Logs() {
			if strings.Contains(l.Msg, "could not buy") {
				said++
			}
		}
		if _, err := w.Next(ctx, w.Now()+world.Time(10*time.Second/time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	if said != 1 || len(svc.Timeline()) != 0 {
		t.Errorf("the refusal was said %d times (want once); timeline %v", said, svc.Timeline())
	}
}

// refusingWorld is the simulator whose hacknet and servers cannot be bought.
type refusingWorld struct{ *sim.World }

var errNoRoom = errors.New("the economy module needs 11.05GB; it will start when a server has room")

func (refusingWorld) BuyHacknetNode(context.Context) (int, error) { return 0, errNoRoom }
func (refusingWorld) UpgradeHacknet(context.Context, int, world.HacknetPart, int) error {
	return errNoRoom
}
func (refusingWorld) PurchaseServer(context.Context, string, game.RAM) (string, error) {
	return "", errNoRoom
}
func (refusingWorld) UpgradeServer(context.Context, string, game.RAM) error { return errNoRoom }

// hashWorld is the simulator in BitNode 9 with hacknet servers of the
// test's own: their hashes, their sales and what is bought for them. The
// player's money is the test's too.
type hashWorld struct {
	*sim.World
	h      world.Hacknet
	money  float64
	sales  []int // the count of every sale
	refuse error // SellHashes fails with it when set
}

func newHashWorld(t *testing.T, money, hashes float64) *hashWorld {
	t.Helper()
	sw, err := sim.New(sim.Config{Seed: 3, BitNode: 9, Player: sim.PlayerConfig{Hacking: 1, FreezeExp: true, TOR: true, Programs: world.AllPrograms()}})
	if err != nil {
		t.Fatal(err)
	}
	h := world.Hacknet{Servers: true, MaxNodes: 20, Mults: world.DefaultHacknetMults(), Hashes: hashes, HashCapacity: 64,
		Nodes: []world.HacknetNode{{Level: 1, RAM: 1, Cores: 1, Cache: 1, Host: "hacknet-server-0", Production: 0.001, Total: hashes}}}
	return &hashWorld{World: sw, h: h, money: money}
}

func (w *hashWorld) bn() *game.BitNodeMults {
	bn, _ := game.BitNodeMultipliers(9, 1)
	return &bn
}

func (w *hashWorld) Player(ctx context.Context) (world.Player, error) {
	p, err := w.World.Player(ctx)
	p.Money = w.money
	return p, err
}

func (w *hashWorld) Hacknet(context.Context) (world.Hacknet, error) {
	h := w.h
	h.Nodes = append([]world.HacknetNode(nil), h.Nodes...)
	return h, nil
}

func (w *hashWorld) SellHashes(_ context.Context, count int) error {
	if w.refuse != nil {
		return w.refuse
	}
	if count < 1 || float64(count)*game.HashesPerSale > w.h.Hashes {
		return errors.New("not enough hashes")
	}
	w.h.Hashes -= float64(count) * game.HashesPerSale
	w.money += float64(count) * game.MoneyPerSale
	w.sales = append(w.sales, count)
	return nil
}

func (w *hashWorld) pay(c economy.Candidate) error {
	if c.Cost > w.money {
		return world.ErrNotEnoughMoney
	}
	w.money -= c.Cost
	w.h = economy.Apply(w.h, c, w.bn())
	return nil
}

func (w *hashWorld) BuyHacknetNode(context.Context) (int, error) {
	n := len(w.h.Nodes)
	return n, w.pay(economy.Candidate{Kind: economy.KindHacknetNode, HacknetServer: true, Cost: game.HacknetServerCost(n+1, 1)})
}

func (w *hashWorld) UpgradeHacknet(_ context.Context, i int, part world.HacknetPart, n int) error {
	if n != 1 || i < 0 || i >= len(w.h.Nodes) {
		return errors.New("bad upgrade")
	}
	s := w.h.Nodes[i]
	c := economy.Candidate{Node: i, HacknetServer: true}
	switch part {
	case world.HacknetLevel:
		c.Kind, c.Cost = economy.KindHacknetLevel, game.HacknetServerLevelCost(s.Level, 1, 1)
	case world.HacknetRAM:
		c.Kind, c.Cost = economy.KindHacknetRAM, game.HacknetServerRAMCost(s.RAM, 1, 1)
	case world.HacknetCores:
		c.Kind, c.Cost = economy.KindHacknetCores, game.HacknetServerCoreCost(s.Cores, 1, 1)
	}
	return w.pay(c)
}

// stepHashes runs one step of svc on w, with the hacknet servers among
// the network's servers as the controller reads them, and moves 10 s on.
func stepHashes(t *testing.T, svc *economy.Service, w *hashWorld) {
	t.Helper()
	ctx := context.Background()
	snap, err := controller.Read(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	servers := append(snap.Servers, game.Server{Hostname: "hacknet-server-0", HasAdminRights: true, MaxRAM: game.GiB, Cores: 1})
	if err := svc.Step(ctx, w, snap.Player, servers); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Next(ctx, w.Now()+10000); err != nil {
		t.Fatal(err)
	}
}

// TestServiceSellsHashes: with $500 (below any purchase) and 203 hashes,
// the step sells floor(203/4) = 50 lots ($50m), leaving 3 hashes, and
// spends the money on hacknet servers by payback; the account counts the
// 200 hashes sold as hacknet money.
func TestServiceSellsHashes(t *testing.T) {
	w := newHashWorld(t, 500, 203)
	svc, err := economy.NewService(economy.Config{Version: game.V3, MaxProcesses: 40000, SpacingMS: 20})
	if err != nil {
		t.Fatal(err)
	}
	stepHashes(t, svc, w)
	if len(w.sales) != 1 || w.sales[0] != 50 || w.h.Hashes != 3 {
		t.Fatalf("sales %v, %v hashes left; want one sale of 50, 3 left", w.sales, w.h.Hashes)
	}
	tl := svc.Timeline()
	spent := 0.0
	for _, p := range tl {
		if !p.HacknetServer || p.Kind.Group() != economy.SpentHacknet {
			t.Errorf("bought %+v", p)
		}
		spent += p.Cost
	}
	if len(tl) == 0 || tl[0].What() != "a hacknet server" || len(w.h.Nodes) < 2 {
		t.Fatalf("bought %v: the first purchase is the second server ($160k, 640 s)", tl)
	}
	if got := 50e6 + 500 - spent; math.Abs(w.money-got) > 1e-6 || w.money < 0 {
		t.Errorf("money %v, want %v", w.money, got)
	}
	r := svc.Report()
	if r.Hashes == nil || r.Hashes.Stored != 3 || r.Hashes.Sold != 200 || r.Hashes.Money != 50e6 || r.Hashes.Use != "sell" || r.Hashes.Capacity < 64 {
		t.Errorf("report's hashes %+v", r.Hashes)
	}
	if got := r.Earned["hacknet"]; got != 200*250000 {
		t.Errorf("earned by hacknet %v, want $50m", got)
	}
	// The next step has fewer than 4 hashes: nothing to sell.
	stepHashes(t, svc, w)
	if len(w.sales) != 1 {
		t.Errorf("sold %v with 3 hashes", w.sales)
	}
}

// TestServiceKeepsHashes: with hashes = keep, or with the spender none,
// nothing is sold.
func TestServiceKeepsHashes(t *testing.T) {
	for _, cfg := range []economy.Config{
		{Settings: economy.Settings{Hashes: economy.HashesKeep}},
		{Policy: economy.NoSpending{}},
	} {
		w := newHashWorld(t, 500, 203)
		cfg.Version, cfg.MaxProcesses, cfg.SpacingMS = game.V3, 40000, 20
		svc, err := economy.NewService(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			stepHashes(t, svc, w)
		}
		if len(w.sales) != 0 || w.h.Hashes != 203 || len(svc.Timeline()) != 0 {
			t.Errorf("%+v: sales %v, hashes %v, bought %v", cfg.Settings, w.sales, w.h.Hashes, svc.Timeline())
		}
		if r := svc.Report(); r.Hashes == nil || r.Hashes.Use != "keep" || r.Hashes.Stored != 203 {
			t.Errorf("report's hashes %+v", r.Hashes)
		}
	}
}

// TestServiceHashesKeepReserve: the sale's money is spent only above the
// reserve.
func TestServiceHashesKeepReserve(t *testing.T) {
	const reserve = 45e6
	w := newHashWorld(t, 0, 4*50)
	svc, err := economy.NewService(economy.Config{Settings: economy.Settings{Reserve: reserve}, Version: game.V3, MaxProcesses: 40000, SpacingMS: 20})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		stepHashes(t, svc, w)
		if w.money < reserve {
			t.Fatalf("step %d: money %v below the reserve", i, w.money)
		}
	}
	if len(w.sales) != 1 || w.sales[0] != 50 || len(svc.Timeline()) == 0 {
		t.Errorf("sales %v, bought %v", w.sales, svc.Timeline())
	}
}

// TestServiceSaysASaleFailureOnce: a sale the world refuses is logged
// once until a sale succeeds, and stops no purchase.
func TestServiceSaysASaleFailureOnce(t *testing.T) {
	w := newHashWorld(t, 1e6, 40)
	w.refuse = errors.New("the economy module needs 10.85GB")
	svc, err := economy.NewService(economy.Config{Version: game.V3, MaxProcesses: 40000, SpacingMS: 20})
	if err != nil {
		t.Fatal(err)
	}
	said := func() int {
		n := 0
		for _, l := range svc.Logs() {
			if strings.Contains(l.Msg, "could not sell") {
				n++
			}
		}
		return n
	}
	for i := 0; i < 4; i++ {
		stepHashes(t, svc, w)
	}
	if n := said(); n != 1 || len(svc.Timeline()) == 0 {
		t.Errorf("the refusal was said %d times (want once); bought %v", n, svc.Timeline())
	}
	w.refuse = nil
	stepHashes(t, svc, w)
	if n := said(); n != 0 || len(w.sales) != 1 || w.sales[0] != 10 {
		t.Errorf("after the refusal: said %d, sales %v", n, w.sales)
	}
	w.refuse, w.h.Hashes = errors.New("refused again"), 8
	stepHashes(t, svc, w)
	stepHashes(t, svc, w)
	if n := said(); n != 1 {
		t.Errorf("a new refusal after a sale was said %d times, want once", n)
	}
}

// TestServiceOldRulesSellHashes: the old rules' scripts sold every hash
// for money, and so does the service under them, then buys servers.
func TestServiceOldRulesSellHashes(t *testing.T) {
	w := newHashWorld(t, 500, 203)
	svc, err := economy.NewService(economy.Config{Policy: economy.OldRules{}, Version: game.V3, MaxProcesses: 40000, SpacingMS: 20})
	if err != nil {
		t.Fatal(err)
	}
	stepHashes(t, svc, w)
	if len(w.sales) != 1 || w.sales[0] != 50 || len(svc.Timeline()) == 0 || !svc.Timeline()[0].HacknetServer {
		t.Errorf("sales %v, bought %v", w.sales, svc.Timeline())
	}
}
