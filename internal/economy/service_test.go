package economy_test

import (
	"context"
	"errors"
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
