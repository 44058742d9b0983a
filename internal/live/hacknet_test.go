package live_test

import (
	"context"
	"errors"
	"testing"

	"bbctl/internal/controller"
	"bbctl/internal/game"
	"bbctl/internal/gameemu"
	"bbctl/internal/live/js"
	"bbctl/internal/logline"
	"bbctl/internal/sim"
)

// TestNoWorkOnHacknetServersLive: in a game with a fresh 8 GB home, a
// 128 GB rooted server and a 1 TB hacknet server, the contracts module
// starts on the 128 GB server, not on the hacknet server with the most
// free RAM; and bbctl's controller, through the live path until it has
// launched a few workers, runs none on the hacknet server, copies nothing
// there and does not book its RAM.
func TestNoWorkOnHacknetServersLive(t *testing.T) {
	t.Parallel() // waits on game time; runs beside the other such tests
	hacknet := game.HacknetServerPrefix + "0"
	target := game.Server{Hostname: "n00dles", HasAdminRights: true, MaxRAM: 128 * game.GiB, Cores: 1,
		MoneyMax: 1e8, MoneyAvailable: 1e8, MinDifficulty: 1, HackDifficulty: 1, BaseDifficulty: 1,
		ServerGrowth: 50, RequiredHackingSkill: 1}
	home := game.NewHome()
	sw, err := sim.New(sim.Config{
		Seed:   7,
		Player: sim.PlayerConfig{Hacking: 1000, FreezeExp: true},
		Network: []sim.ServerConfig{
			{Server: home, Links: []string{target.Hostname, hacknet}},
			{Server: target, Links: []string{game.HomeHostname}},
			{Server: game.Server{Hostname: hacknet, HasAdminRights: true, PurchasedByPlayer: true, MaxRAM: 1024 * game.GiB,
				Cores: 1, MinDifficulty: 1, HackDifficulty: 1, BaseDifficulty: 1}, Links: []string{game.HomeHostname}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, gameemu.Config{Sim: sw, SimRate: 5, Paced: true})
	w := r.srv.World
	w.SetClock(r.g.Now, r.g.Rate())
	w.SetPacer(r.g) // a test starved of CPU slows the game instead of falling behind it
	// The contracts module, 23.8 GB, with home full: on n00dles, the
	// rooted server with room, not on the hacknet server with the most.
	if _, err := w.Scan(r.ctx(), game.HomeHostname); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ContractFiles(r.ctx(), game.HomeHostname); err != nil {
		t.Fatalf("ContractFiles: %v", err)
	}
	for _, p := range r.g.Processes() {
		if p.Filename == js.ContractsScript && p.Host != target.Hostname {
			t.Errorf("the contracts module runs on %s, want %s", p.Host, target.Hostname)
		}
	}
	c, err := controller.New(controller.Config{NoContracts: true}, w.Now())
	if err != nil {
		t.Fatal(err)
	}
	// Run until a few workers have launched (under load the first batch
	// can miss its window), at most 30 game-s.
	enough, start := errors.New("enough launched"), w.Now()
	err = controller.Run(context.Background(), w, c, controller.RunOptions{Until: w.Now() + 30_000,
		Log: logline.Loud(t.Errorf, nil),
		Every: func(c *controller.Controller) error {
			if c.Stats().Launched >= 4 {
				return enough
			}
			return nil
		}})
	if err != nil && !errors.Is(err, enough) {
		t.Fatal(err)
	}
	if st := c.Stats(); st.Launched == 0 {
		t.Errorf("nothing launched in 30 game-s: %+v", st)
	} else {
		t.Logf("%d workers launched by game-s %.1f", st.Launched, float64(c.Now()-start)/1000)
	}
	for _, p := range r.g.Processes() {
		if p.Host == hacknet {
			t.Errorf("%s runs on the hacknet server (pid %d)", p.Filename, p.PID)
		}
	}
	if wk, ok := c.Ledger().Worker(hacknet); ok {
		t.Errorf("the ledger holds the hacknet server: %+v", wk)
	}
	if _, ok := r.g.File(hacknet, "bbctl/h.js"); ok {
		t.Error("the workers were copied to the hacknet server")
	}
	ctx := r.ctx()
	if ps, err := w.Ps(ctx, hacknet); err != nil || len(ps) != 0 {
		t.Errorf("processes on the hacknet server: %v, %v; want none", ps, err)
	}
	if srv, err := w.Server(ctx, hacknet); err != nil || srv.RAMUsed != 0 {
		t.Errorf("the hacknet server: %+v, %v; want no RAM used", srv, err)
	}
}
