package controller_test

import (
	"context"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/game"
	"bbctl/internal/logline"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// hacknetWatch is a simulated world that counts the execs and copies aimed
// at hacknet servers.
type hacknetWatch struct {
	*recorder
	execs, copies int
}

func (h *hacknetWatch) Exec(ctx context.Context, reqs []world.ExecRequest) []world.ExecResult {
	for _, r := range reqs {
		if game.IsHacknetServer(r.Host) {
			h.execs++
		}
	}
	return h.recorder.Exec(ctx, reqs)
}

func (h *hacknetWatch) Copy(ctx context.Context, host string, files ...string) error {
	if game.IsHacknetServer(host) {
		h.copies++
	}
	return h.recorder.Copy(ctx, host, files...)
}

// withHacknetServer puts a rooted hacknet server of ram beside early's
// network, linked to home, as the game makes one in BitNode 9.
func withHacknetServer(t *testing.T, ram game.RAM) func(*sim.Config) {
	return func(cfg *sim.Config) {
		bn, err := game.BitNodeMultipliers(max(cfg.BitNode, 1), max(cfg.BitNodeLevel, 1))
		if err != nil {
			t.Fatal(err)
		}
		n := game.GenerateNetwork(game.NewNetworkRNG(cfg.Seed), &bn, game.V3)
		for _, s := range n.Servers {
			cfg.Network = append(cfg.Network, sim.ServerConfig{Server: s.Server, Links: s.Links})
		}
		cfg.Network[0].Links = append(cfg.Network[0].Links, game.HacknetServerPrefix+"0")
		cfg.Network = append(cfg.Network, sim.ServerConfig{Server: game.Server{
			Hostname: game.HacknetServerPrefix + "0", HasAdminRights: true, PurchasedByPlayer: true,
			MaxRAM: ram, Cores: 1, MinDifficulty: 1, HackDifficulty: 1, BaseDifficulty: 1,
		}, Links: []string{game.HomeHostname}})
	}
}

// TestNoWorkOnHacknetServers: on a fresh 8 GB game with a 1 TB hacknet
// server beside it, the controller runs no worker there and copies nothing
// there over 10 game-minutes, its ledger never holds it, and it still
// earns on the RAM that is its own.
func TestNoWorkOnHacknetServers(t *testing.T) {
	rec, sc := newWorld(t, "early", withHacknetServer(t, 1024*game.GiB))
	w := &hacknetWatch{recorder: rec}
	if _, err := w.Server(context.Background(), game.HacknetServerPrefix+"0"); err != nil {
		t.Fatalf("the world has no hacknet server: %v", err)
	}
	c := newController(t, w, sc)
	run(t, w, c, 10*time.Minute, nil)
	if w.execs != 0 || w.copies != 0 {
		t.Errorf("%d execs and %d copies on the hacknet server, want none", w.execs, w.copies)
	}
	var total game.RAM
	for _, wk := range c.Ledger().Workers() {
		if game.IsHacknetServer(wk.Host) {
			t.Errorf("the ledger holds %s: %+v", wk.Host, wk)
		}
		total += wk.Total
	}
	if total > 1024*game.GiB {
		t.Errorf("the workers hold %v", total)
	}
	if s, _ := w.Server(context.Background(), game.HacknetServerPrefix+"0"); s.RAMUsed != 0 {
		t.Errorf("the hacknet server uses %v", s.RAMUsed)
	}
	if st := w.Stats(); st.MoneyGained <= 0 {
		t.Error("no money earned")
	}
	leakFree(t, w, c)
}

// TestNoWorkOnBoughtHacknetServers: in BitNode 9, on a fresh game with the
// money for them, hacknet servers are bought as the run goes — two at the
// start, one more and RAM upgrades (to 1 TB) a few game-minutes in, each
// announced by the world as a new or changed server. Over 20 game-minutes
// the controller execs nothing on them, its ledger never holds them, and
// they make hashes at their full rate (no RAM used).
func TestNoWorkOnBoughtHacknetServers(t *testing.T) {
	rec, sc := newWorld(t, "early", func(cfg *sim.Config) {
		cfg.BitNode = 9
		cfg.Player.Money = 1e12
	})
	w := &hacknetWatch{recorder: rec}
	ctx := context.Background()
	buy := func(n int) {
		for range n {
			if _, err := w.BuyHacknetNode(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	buy(2)
	c := newController(t, w, sc)
	bought := false
	err := controller.Run(ctx, w, c, controller.RunOptions{
		Until: world.Time((20 * time.Minute).Milliseconds()),
		Log:   logline.Loud(t.Errorf, nil),
		Every: func(c *controller.Controller) error {
			for _, wk := range c.Ledger().Workers() {
				if game.IsHacknetServer(wk.Host) {
					t.Fatalf("at %d ms the ledger holds %s: %+v", w.Now(), wk.Host, wk)
				}
			}
			if !bought && w.Now() >= 3*60_000 {
				bought = true
				buy(1)
				for i := range 3 {
					if err := w.UpgradeHacknet(ctx, i, world.HacknetRAM, 10); err != nil {
						return err
					}
				}
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	h, err := w.Hacknet(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Servers || len(h.Nodes) != 3 {
		t.Fatalf("hacknet: %+v, want 3 hacknet servers", h)
	}
	for _, n := range h.Nodes {
		s, err := w.Server(ctx, n.Host)
		if err != nil {
			t.Fatal(err)
		}
		if !game.IsHacknetServer(n.Host) || s.MaxRAM != 1024*game.GiB || !s.HasAdminRights || s.RAMUsed != 0 {
			t.Errorf("hacknet server %s: %+v", n.Host, s)
		}
	}
	if w.execs != 0 || w.copies != 0 {
		t.Errorf("%d execs and %d copies on hacknet servers, want none", w.execs, w.copies)
	}
	if st := w.Stats(); st.MoneyGained <= 0 || st.HashesMade <= 0 {
		t.Errorf("stats: $%.4g hacked, %.4g hashes made; want both", st.MoneyGained, st.HashesMade)
	}
	leakFree(t, w, c)
}
