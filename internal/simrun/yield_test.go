package simrun

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/longtest"
	"bbctl/internal/scenario"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// adviceWorld is a world held at a hacking level (frozen exp) with home's
// RAM and the openers given, on seed 1 of BitNode 1.
func adviceWorld(t testing.TB, level int, homeGB int, openers ...string) scenario.Scenario {
	t.Helper()
	ops := ""
	for i, o := range openers {
		if i > 0 {
			ops += ","
		}
		ops += fmt.Sprintf("%q", o)
	}
	js := fmt.Sprintf(`{"name":"advice","seed":1,"bitnode":1,"player":{"hacking":%d,"freeze_exp":true,"openers":[%s]},"home":{"ram":"%dGB","cores":1},"duration":"6h"}`,
		level, ops, homeGB)
	sc, err := scenario.Parse([]byte(js), "advice")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// farmOf returns the farm of sc's world at its start, as the spender sees
// it.
func farmOf(t testing.TB, sc scenario.Scenario) economy.Farm {
	t.Helper()
	snap, bn := startOf(t, sc)
	return economy.Farm{Player: snap.Player, Servers: snap.Servers, BN: bn, Version: game.V3,
		MaxProcesses: sc.MaxProcesses, SpacingMS: sc.SpacingMS, Step: economy.EstimateStep}
}

// hacknetServer is a rooted 8 TB hacknet server, whose RAM is not bbctl's.
func hacknetServer() game.Server {
	return game.Server{Hostname: game.HacknetServerPrefix + "0", HasAdminRights: true, PurchasedByPlayer: true,
		MaxRAM: 8192 * game.GiB, Cores: 1, MinDifficulty: 1, HackDifficulty: 1}
}

// TestFarmWorld checks the simulated world of a farm under a change: home
// first and linked to every server but the hacknet servers (not bbctl's
// RAM), every server prepared and free of
// other scripts' RAM, the openers owned plus the cheapest missing ones,
// home's RAM and cores raised, more RAM as one purchased server.
func TestFarmWorld(t *testing.T) {
	f := economy.Farm{
		Player: world.Player{Hacking: 50, Programs: []world.Program{world.FTPCrack}},
		Servers: []game.Server{
			{Hostname: game.HomeHostname, MaxRAM: 64 * game.GiB, Cores: 2, HasAdminRights: true, RAMUsed: 5 * game.GiB},
			{Hostname: "n00dles", MaxRAM: 4 * game.GiB, Cores: 1, MoneyMax: 1e6, MoneyAvailable: 1e5, MinDifficulty: 1, HackDifficulty: 3, RAMUsed: game.GiB},
			{Hostname: "foodnstuff", MaxRAM: 16 * game.GiB, Cores: 1, MoneyMax: 2e6, MinDifficulty: 3, HackDifficulty: 10},
			hacknetServer(),
		},
	}
	for _, tc := range []struct {
		ch       economy.Change
		programs []world.Program
		homeRAM  game.RAM
		cores    int
		bought   []sim.PurchasedConfig
	}{
		{economy.Change{}, []world.Program{world.FTPCrack}, 64 * game.GiB, 2, nil},
		{economy.Change{Ports: 1}, []world.Program{world.FTPCrack, world.BruteSSH}, 64 * game.GiB, 2, nil},
		{economy.Change{Ports: 2}, []world.Program{world.FTPCrack, world.BruteSSH, world.RelaySMTP}, 64 * game.GiB, 2, nil},
		{economy.Change{HomeRAM: 64 * game.GiB, HomeCores: 1}, []world.Program{world.FTPCrack}, 128 * game.GiB, 3, nil},
		{economy.Change{ExtraRAM: 32 * game.GiB}, []world.Program{world.FTPCrack}, 64 * game.GiB, 2, []sim.PurchasedConfig{{RAM: 32 * game.GiB, Count: 1}}},
	} {
		cfg, err := farmWorld(f, tc.ch)
		if err != nil {
			t.Fatal(err)
		}
		if !cfg.Prepped || !cfg.Player.FreezeExp || cfg.Player.Hacking != 50 || !slices.Equal(cfg.Player.Programs, tc.programs) ||
			cfg.Player.TOR != (tc.ch.Ports > 0) || !slices.Equal(cfg.Purchased, tc.bought) {
			t.Errorf("%+v: config %+v", tc.ch, cfg)
		}
		if len(cfg.Network) != 3 || cfg.Network[0].Hostname != game.HomeHostname || !slices.Equal(cfg.Network[0].Links, []string{"n00dles", "foodnstuff"}) {
			t.Fatalf("%+v: network %+v", tc.ch, cfg.Network)
		}
		if h := cfg.Network[0]; h.MaxRAM != tc.homeRAM || h.Cores != tc.cores {
			t.Errorf("%+v: home %v with %d cores, want %v with %d", tc.ch, h.MaxRAM, h.Cores, tc.homeRAM, tc.cores)
		}
		for _, s := range cfg.Network {
			if s.RAMUsed != 0 || (s.Hostname != game.HomeHostname && !slices.Equal(s.Links, []string{game.HomeHostname})) {
				t.Errorf("%+v: %s holds %v, links %v", tc.ch, s.Hostname, s.RAMUsed, s.Links)
			}
		}
		if _, err := sim.New(cfg); err != nil {
			t.Errorf("%+v: %v", tc.ch, err)
		}
	}
	if _, err := farmWorld(economy.Farm{Servers: f.Servers[1:]}, economy.Change{}); err == nil {
		t.Error("a farm without home first: no error")
	}
}

// TestAdviceYield checks what the advice says following it yields on a
// small farm (TOR and BruteSSH at hacking 150, 64 GB home): positive, and
// below the income ceiling's difference, which small farms do not reach;
// and that a farm past YieldMaxRAM is not simulated. An 8 TB hacknet
// server beside the farm is not its RAM: it changes neither the income
// ceiling nor the limit.
func TestAdviceYield(t *testing.T) {
	f := farmOf(t, adviceWorld(t, 150, 64))
	without, err := f.Ceiling(economy.Change{})
	if err != nil {
		t.Fatal(err)
	}
	f.Servers = append(f.Servers, hacknetServer())
	with, err := f.Ceiling(economy.Change{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(with, without) {
		t.Errorf("a hacknet server changed the ceiling: %+v, want %+v", with, without)
	}
	ceil := farmGain(t, f, economy.Change{Ports: 1})
	y, ok, err := AdviceYield(context.Background(), f, economy.Change{Ports: 1})
	if err != nil || !ok {
		t.Fatalf("AdviceYield: %v, %v", ok, err)
	}
	t.Logf("TOR and BruteSSH at 150: the ceiling +%.0f $/s, following it yields +%.0f $/s", ceil, y)
	if y <= 0 || y >= ceil {
		t.Errorf("yield %.0f $/s, want in (0, %.0f)", y, ceil)
	}
	if _, ok, err := AdviceYield(context.Background(), f, economy.Change{HomeRAM: YieldMaxRAM}); ok || err != nil {
		t.Errorf("a farm past YieldMaxRAM: simulated %v, %v", ok, err)
	}
}

func farmGain(t *testing.T, f economy.Farm, ch economy.Change) float64 {
	t.Helper()
	before, err := f.Income(economy.Change{})
	if err != nil {
		t.Fatal(err)
	}
	after, err := f.Income(ch)
	if err != nil {
		t.Fatal(err)
	}
	return after - before
}

// TestAdviceAgainstYield measures the issue's bar "the advice's numbers
// equal to what following it yields in the simulator within 10 %" on the
// purchases a new player meets: for each, the advice's figures (the income
// ceiling's difference, and the simulated yield the advice states) against
// the difference of the steady incomes (the second half of a 6-hour bench)
// of the world before and after the purchase. It fails if a case that met
// the bar when it was written stops meeting it; the others are logged
// (docs/performance.md, "The advice against what following it yields").
func TestAdviceAgainstYield(t *testing.T) {
	longtest.Skip(t)
	cases := []struct {
		name          string
		before, after scenario.Scenario
		ch            economy.Change
		met           bool // the simulated yield within 10 % when written
	}{
		{"TOR and BruteSSH at 150, 64 GB home", adviceWorld(t, 150, 64), adviceWorld(t, 150, 64, "BruteSSH"), economy.Change{Ports: 1}, true},
		{"home RAM 64→128 GB at 100", adviceWorld(t, 100, 64, "BruteSSH"), adviceWorld(t, 100, 128, "BruteSSH"), economy.Change{HomeRAM: 64 * game.GiB}, false},
		{"FTPCrack at 200, 64 GB home", adviceWorld(t, 200, 64, "BruteSSH"), adviceWorld(t, 200, 64, "BruteSSH", "FTPCrack"), economy.Change{Ports: 1}, true},
		{"home RAM 64→128 GB at 200", adviceWorld(t, 200, 64, "BruteSSH", "FTPCrack"), adviceWorld(t, 200, 128, "BruteSSH", "FTPCrack"), economy.Change{HomeRAM: 64 * game.GiB}, false},
		{"relaySMTP at 300, 128 GB home", adviceWorld(t, 300, 128, "BruteSSH", "FTPCrack"), adviceWorld(t, 300, 128, "BruteSSH", "FTPCrack", "relaySMTP"), economy.Change{Ports: 1}, true},
	}
	ctx := context.Background()
	for _, tc := range cases {
		f := farmOf(t, tc.before)
		ceil := farmGain(t, f, tc.ch)
		y, ok, err := AdviceYield(ctx, f, tc.ch)
		if err != nil || !ok {
			t.Fatalf("%s: AdviceYield %v, %v", tc.name, ok, err)
		}
		// The steady income as the bench measures it (the money gained,
		// with the luck of the hack rolls) and as expected (each hack's
		// money times its chance), over the second half.
		var steady, expected [2]float64
		for i, sc := range []scenario.Scenario{tc.before, tc.after} {
			var from, to float64
			half := world.Time(3 * time.Hour / time.Millisecond)
			sum, err := Run(ctx, Options{Scenario: sc, Duration: 6 * time.Hour, Hook: func(c *controller.Controller, w *sim.World) error {
				if w.Now() <= half {
					from = c.Stats().Expected
				}
				to = c.Stats().Expected
				return nil
			}})
			if err != nil {
				t.Fatal(err)
			}
			if sum.HacksDesynced != 0 || !sum.LeakCheck.OK {
				t.Errorf("%s: %d desynced hacks, leak check %v", tc.name, sum.HacksDesynced, sum.LeakCheck.Problems)
			}
			steady[i], expected[i] = sum.IncomePerSec, (to-from)/half.Seconds()
		}
		got, exp := steady[1]-steady[0], expected[1]-expected[0]
		within := math.Abs(y-got) <= 0.1*math.Abs(got)
		t.Logf("%s: ceiling %+.0f $/s (%.2f of what following it yields), simulated yield %+.0f $/s (%.2f); following it yields %+.0f $/s (steady %.0f → %.0f), %+.0f $/s expected (%.0f → %.0f); within 10 %%: %v",
			tc.name, ceil, ceil/got, y, y/got, got, steady[0], steady[1], exp, expected[0], expected[1], within)
		if tc.met && !within {
			t.Errorf("%s: the advice's simulated yield %+.0f $/s is not within 10 %% of what following it yields, %+.0f $/s", tc.name, y, got)
		}
	}
}

// startOf returns the snapshot of sc's world at its start, as the
// controller reads it, and the multipliers of sc's BitNode.
func startOf(t testing.TB, sc scenario.Scenario) (controller.Snapshot, game.BitNodeMults) {
	t.Helper()
	w, err := sim.New(sc.SimConfig())
	if err != nil {
		t.Fatal(err)
	}
	snap, err := controller.Read(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	bn, err := game.BitNodeMultipliers(max(sc.BitNode, 1), max(sc.BitNodeLevel, 1))
	if err != nil {
		t.Fatal(err)
	}
	return snap, bn
}

// BenchmarkYield measures one advice simulation (Yield: two game-hours of
// the controller): on the farm of docs/economy.md's worked example
// (hacking 150, a 64 GB home, the advice "buy TOR and BruteSSH.exe"), and
// on the largest farm simulated (YieldMaxRAM: a 1 TB home at hacking 300).
func BenchmarkYield(b *testing.B) {
	for _, bc := range []struct {
		name          string
		level, homeGB int
	}{{"64GB", 150, 64}, {"1TB", 300, 1024}} {
		f := farmOf(b, adviceWorld(b, bc.level, bc.homeGB))
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Yield(context.Background(), f, economy.Change{Ports: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
