package simrun

import (
	"context"
	"fmt"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// YieldRun is how long each run of Yield lasts: the income is measured
// over its second half, once the pipelines of prepared targets are full
// (they fill in one weaken time, at most a few minutes at the levels where
// the advice is simulated).
const YieldRun = time.Hour

// YieldMaxRAM is the largest farm (rooted RAM, home included, hacknet
// servers not) whose advice
// is simulated: past it a run costs seconds of CPU, and the batcher earns
// closer to the income ceiling (0.91 of it on mid's 8.8 TB).
const YieldMaxRAM = 1024 * game.GiB

// Yield returns what following the purchase ch yields on the farm f, as
// the simulator plays it: the controller's steady income on f's world with
// ch applied, less that on f's world as it is. It is the advice's
// "following it yields" figure (docs/economy.md).
func Yield(ctx context.Context, f economy.Farm, ch economy.Change) (float64, error) {
	before, err := SteadyIncome(ctx, f, economy.Change{}, YieldRun)
	if err != nil {
		return 0, err
	}
	after, err := SteadyIncome(ctx, f, ch, YieldRun)
	if err != nil {
		return 0, err
	}
	return after - before, nil
}

// SteadyIncome runs the controller for d of game time on f's world with ch
// applied — every server at its minimum security and maximum money, the
// hacking level held — and returns its steady income: the money its hacks
// were expected to take (each hack's money times its chance, so the rolls'
// luck does not count) over the second half of the run, $/s.
func SteadyIncome(ctx context.Context, f economy.Farm, ch economy.Change, d time.Duration) (float64, error) {
	cfg, err := farmWorld(f, ch)
	if err != nil {
		return 0, err
	}
	w, err := sim.New(cfg)
	if err != nil {
		return 0, fmt.Errorf("simrun: the farm's world: %w", err)
	}
	c, err := controller.New(controller.Config{Memory: f.Memory, MaxProcesses: f.MaxProcesses,
		SpacingMS: f.SpacingMS, NoContracts: true}, w.Now())
	if err != nil {
		return 0, err
	}
	half := world.Time(d.Milliseconds() / 2)
	if err := controller.Run(ctx, w, c, controller.RunOptions{Until: half}); err != nil {
		return 0, fmt.Errorf("simrun: the farm's run: %w", err)
	}
	from := c.Stats().Expected
	if err := controller.Run(ctx, w, c, controller.RunOptions{Until: 2 * half}); err != nil {
		return 0, fmt.Errorf("simrun: the farm's run: %w", err)
	}
	return (c.Stats().Expected - from) / half.Seconds(), nil
}

// farmWorld returns the simulator's configuration of f's world with ch
// applied: its servers but the hacknet servers (home linked to every
// other), prepared; the player
// at its level with the openers it owns and ch.Ports more (the cheapest
// first, as the advice buys them); home's RAM and cores raised; ch.ExtraRAM
// as one purchased server.
func farmWorld(f economy.Farm, ch economy.Change) (sim.Config, error) {
	if len(f.Servers) == 0 || f.Servers[0].Hostname != game.HomeHostname {
		return sim.Config{}, fmt.Errorf("simrun: the farm's servers must start with home")
	}
	progs := append([]world.Program(nil), f.Player.Programs...)
	for _, p := range world.AllPrograms() {
		if len(progs) >= len(f.Player.Programs)+ch.Ports {
			break
		}
		if !f.Player.Has(p) {
			progs = append(progs, p)
		}
	}
	cfg := sim.Config{
		Seed:         1,
		BitNode:      max(f.Player.BitNode, 1),
		BitNodeLevel: max(f.Player.BitNodeLevel, 1),
		Version:      f.Version.String(),
		Player: sim.PlayerConfig{Hacking: f.Player.Hacking, Intelligence: f.Player.Intelligence,
			Mults: f.Player.Mults, Programs: progs, TOR: f.Player.TOR || ch.Ports > 0, FreezeExp: true},
		Prepped: true,
	}
	home := sim.ServerConfig{Server: f.Servers[0]}
	home.MaxRAM += ch.HomeRAM
	home.Cores += ch.HomeCores
	for _, s := range f.Servers[1:] {
		if game.IsHacknetServer(s.Hostname) {
			continue // no work of bbctl's runs there (memory.IsWorker)
		}
		s.RAMUsed = 0
		cfg.Network = append(cfg.Network, sim.ServerConfig{Server: s, Links: []string{game.HomeHostname}})
		home.Links = append(home.Links, s.Hostname)
	}
	home.RAMUsed = 0
	cfg.Network = append([]sim.ServerConfig{home}, cfg.Network...)
	if ch.ExtraRAM > 0 {
		cfg.Purchased = []sim.PurchasedConfig{{RAM: ch.ExtraRAM, Count: 1}}
	}
	return cfg, nil
}

// AdviceYield is the economy service's Config.Yield: Yield, on farms whose
// rooted RAM is at most YieldMaxRAM.
func AdviceYield(ctx context.Context, f economy.Farm, ch economy.Change) (float64, bool, error) {
	var ram game.RAM
	for _, s := range f.Servers {
		if s.HasAdminRights && !game.IsHacknetServer(s.Hostname) {
			ram += s.MaxRAM
		}
	}
	if ram+ch.ExtraRAM+ch.HomeRAM > YieldMaxRAM {
		return 0, false, nil
	}
	y, err := Yield(ctx, f, ch)
	if err != nil {
		return 0, false, err
	}
	return y, true, nil
}
