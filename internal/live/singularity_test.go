package live_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"bbctl/internal/controller"
	"bbctl/internal/game"
	"bbctl/internal/gameemu"
	"bbctl/internal/live"
	"bbctl/internal/live/js"
	"bbctl/internal/logline"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// TestSingularityModule buys the TOR router, a port opener, home RAM
// (twice in a row) and a home core through the singularity modules, one
// per kind of purchase, which bbctl starts for the purchase and ends after
// it, for a player with Source-File 4 in a game backed by the simulator.
// At Source-File 4.1 a 64 GB home holds one module at a time (33.6 or 49.6
// GB beside the agent's 5.65) but not a module for all four (161.6 GB).
// After each purchase no module is left running, and home uses only the
// agent's RAM. The world reports the Singularity API's level from the
// save; without Source-File 4 the game refuses the module's call, nothing
// is bought, and the module ends too.
func TestSingularityModule(t *testing.T) {
	for _, sf4 := range []int{1, 3, 0} {
		cfg := simConfig()
		cfg.Player.Money = 1e10
		cfg.Player.SourceFile4 = sf4
		cfg.Home.RAM = 64 * game.GiB
		sw, r := newModuleRig(t, cfg, false)
		w := r.srv.World
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		waitFor(t, "the save to be read", 5*time.Second, func() bool { return r.log.has("save: BitNode 1.1") })
		p, err := w.Player(ctx)
		if err != nil || p.Singularity != sf4 {
			t.Fatalf("Source-File 4.%d: Player().Singularity = %d, %v", sf4, p.Singularity, err)
		}
		ended := func(after string) {
			t.Helper()
			for _, s := range js.Shops() {
				if r.srv.Bridge.ModuleConnected(s.Module()) {
					t.Errorf("Source-File 4.%d, after %s: the %s module is connected", sf4, after, s.Module())
				}
			}
			for _, p := range r.g.Processes() {
				if p.Filename != js.AgentScript {
					t.Errorf("Source-File 4.%d, after %s: %s runs on %s", sf4, after, p.Filename, p.Host)
				}
			}
			if h, err := w.Server(ctx, "home"); err != nil || h.RAMUsed != game.GB(5.65) {
				t.Errorf("Source-File 4.%d, after %s: home uses %v, %v; want the agent's 5.65GB", sf4, after, h.RAMUsed, err)
			}
		}
		err = w.BuyTOR(ctx)
		ended("BuyTOR")
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
			t.Fatalf("Source-File 4.%d: BuyTOR: %v", sf4, err)
		}
		if err := w.BuyProgram(ctx, world.BruteSSH); err != nil {
			t.Fatalf("Source-File 4.%d: BuyProgram: %v", sf4, err)
		}
		ended("BuyProgram")
		if p, err := w.Player(ctx); err != nil || !p.Has(world.BruteSSH) {
			t.Errorf("after buying BruteSSH.exe: programs %v, %v", p.Programs, err)
		}
		for _, want := range []game.RAM{128 * game.GiB, 256 * game.GiB} {
			if err := w.UpgradeHomeRAM(ctx); err != nil {
				t.Fatalf("Source-File 4.%d: UpgradeHomeRAM to %v: %v", sf4, want, err)
			}
			ended("UpgradeHomeRAM")
			if h, err := w.Server(ctx, "home"); err != nil || h.MaxRAM != want {
				t.Errorf("home after the upgrade: %v, %v; want %v", h.MaxRAM, err, want)
			}
		}
		if err := w.UpgradeHomeCores(ctx); err != nil {
			t.Fatalf("Source-File 4.%d: UpgradeHomeCores: %v", sf4, err)
		}
		ended("UpgradeHomeCores")
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
		for _, s := range js.Shops() {
			if !r.log.has("agent: " + s.Module() + " module pid") {
				t.Errorf("Source-File 4.%d: the %s module never connected", sf4, s.Module())
			}
		}
	}
}

// TestRetiredSingularityModule: an older bbctl's module for all four
// purchases (bbctl/singularity.js, up to 161.6 GB), still running when a
// new bbctl starts, is told to exit when it says hello, and is not taken
// as a module.
func TestRetiredSingularityModule(t *testing.T) {
	l := newLines(t)
	b := &live.Bridge{Token: token, Logf: l.logf}
	url, ctx := serveBridge(t, b)
	ws := dialAgent(t, ctx, url, `"pid":9,"module":"`+js.RetiredSingularityModule+`"`)
	if _, msg, err := ws.Read(ctx); err != nil || string(msg) != `{"type":"exit"}` {
		t.Fatalf("the retired module was told %s, %v; want exit", msg, err)
	}
	if _, _, err := ws.Read(ctx); websocket.CloseStatus(err) != websocket.StatusNormalClosure {
		t.Errorf("after the exit: %v, want a normal close", err)
	}
	if b.ModuleConnected(js.RetiredSingularityModule) {
		t.Error("the retired module is connected")
	}
	if !l.has("told an older bbctl's singularity module (pid 9) to exit") {
		t.Error("no log line about the retired module")
	}
}

// TestSingularityBesideController: purchases through the singularity
// modules while the controller runs through the live path (at Source-File
// 4.2 each module, 9.6 or 13.6 GB, fits in the RAM a 64 GB home keeps
// aside): home RAM doubled, the TOR router and BruteSSH.exe bought 3
// game-seconds in, at 8 game-ms per wall-ms. The controller logs no ERROR, takes home's new RAM into
// its ledger, no module is left running, and once its workers have
// reported the ledger agrees with the game.
func TestSingularityBesideController(t *testing.T) {
	t.Parallel() // waits on game time; runs beside the other such tests
	cfg := simConfig()
	cfg.Player.Money = 1e10
	cfg.Player.SourceFile4 = 2
	cfg.Home.RAM = 64 * game.GiB
	sw, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, gameemu.Config{Sim: sw, SimRate: 8, Paced: true})
	w := r.srv.World
	w.SetClock(r.g.Now, r.g.Rate())
	w.SetPacer(r.g)
	waitFor(t, "the save to be read", 5*time.Second, func() bool { return r.log.has("save: BitNode 1.1") })
	c, err := controller.New(controller.Config{NoContracts: true}, w.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start, bought := w.Now(), false
	err = controller.Run(ctx, w, c, controller.RunOptions{Until: start + 8000, Log: logline.Loud(t.Errorf, nil),
		Every: func(*controller.Controller) error {
			if bought || w.Now() < start+3000 {
				return nil
			}
			bought = true
			if err := w.UpgradeHomeRAM(ctx); err != nil {
				t.Errorf("UpgradeHomeRAM: %v", err)
			}
			if err := w.BuyTOR(ctx); err != nil {
				t.Errorf("BuyTOR: %v", err)
			}
			if err := w.BuyProgram(ctx, world.BruteSSH); err != nil {
				t.Errorf("BuyProgram: %v", err)
			}
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if st := c.Stats(); st.Launched == 0 {
		t.Errorf("nothing launched: %+v", st)
	}
	if h, ok := c.Ledger().Worker("home"); !ok || h.Total != 128*game.GiB {
		t.Errorf("home in the ledger: %+v, %v; want 128GB", h, ok)
	}
	if p, err := w.Player(ctx); err != nil || !p.Has(world.BruteSSH) {
		t.Errorf("the player's programs: %v, %v", p.Programs, err)
	}
	if spent, want := sw.Stats().Spent[sim.SpentPrograms], world.TORCost+world.ProgramCost(world.BruteSSH); spent != want {
		t.Errorf("spent %v on programs, want %v (the TOR router and BruteSSH.exe)", spent, want)
	}
	for _, s := range js.Shops() {
		if r.srv.Bridge.ModuleConnected(s.Module()) {
			t.Errorf("the %s module is still connected", s.Module())
		}
	}
	drainAndCheck(t, w, c)
}

// TestPlayerTOR: the live world says the player owns the TOR router when
// darkweb is among home's neighbours, as the game links it when the router
// is bought, and not before; the spender then prices programs without it
// and starts no module to buy it again.
func TestPlayerTOR(t *testing.T) {
	for _, tor := range []bool{false, true} {
		servers := gameemu.DefaultServers()
		if tor {
			servers[0].Links = append(servers[0].Links, game.DarkwebHostname)
			servers = append(servers, &gameemu.Server{Hostname: game.DarkwebHostname, PortsRequired: 5, RequiredHacking: 1,
				Links: []string{game.HomeHostname}})
		}
		r := newRig(t, gameemu.Config{Servers: servers})
		if p, err := r.srv.World.Player(r.ctx()); err != nil || p.TOR != tor {
			t.Errorf("darkweb linked with home %v: Player().TOR = %v, %v", tor, p.TOR, err)
		}
	}
}
