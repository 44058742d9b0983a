package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/live/js"
	"bbctl/internal/world"
)

var _ world.Economy = (*World)(nil)

// PurchasedServers reads the purchased servers through the economy module.
func (w *World) PurchasedServers(ctx context.Context) (world.PurchasedServers, error) {
	var r struct {
		Hosts []struct {
			Host string  `json:"host"`
			RAM  float64 `json:"ram"`
			Used float64 `json:"used"`
		} `json:"hosts"`
		Limit  int     `json:"limit"`
		MaxRAM float64 `json:"max_ram"`
	}
	if err := w.callEconomy(ctx, "servers", &r); err != nil {
		return world.PurchasedServers{}, &world.OpError{Op: "purchased servers", Err: err}
	}
	ps := world.PurchasedServers{Limit: r.Limit, MaxRAM: gbRAM(r.MaxRAM), Hosts: []world.PurchasedServer{}}
	for _, h := range r.Hosts {
		ps.Hosts = append(ps.Hosts, world.PurchasedServer{Host: h.Host, RAM: gbRAM(h.RAM), RAMUsed: gbRAM(h.Used)})
	}
	return ps, nil
}

// gbRAM converts GB as the game reports them to hundredths.
func gbRAM(gb float64) game.RAM { return game.RAM(math.Round(gb * 100)) }

// PurchaseServer buys a server through the economy module.
func (w *World) PurchaseServer(ctx context.Context, name string, ram game.RAM) (string, error) {
	var host string
	if err := w.callEconomy(ctx, "buy_server", &host, name, float64(ram)/100); err != nil {
		return "", &world.OpError{Op: "purchaseServer", Host: name, Err: err}
	}
	if host == "" {
		return "", &world.OpError{Op: "purchaseServer", Host: name, What: ram.String(), Err: errors.New("the game refused it (money, limit or name; see the economy module's log)")}
	}
	return host, nil
}

// UpgradeServer upgrades a purchased server in place through the economy
// module.
func (w *World) UpgradeServer(ctx context.Context, host string, ram game.RAM) error {
	var ok bool
	if err := w.callEconomy(ctx, "upgrade_server", &ok, host, float64(ram)/100); err != nil {
		return &world.OpError{Op: "upgradePurchasedServer", Host: host, Err: err}
	}
	if !ok {
		return &world.OpError{Op: "upgradePurchasedServer", Host: host, What: ram.String(), Err: errors.New("the game refused it (money or size)")}
	}
	return nil
}

// DeleteServer is not offered: bbctl never deletes a server, and the
// call would cost the module 2.25 GB.
func (w *World) DeleteServer(ctx context.Context, host string) error {
	return &world.OpError{Op: "deleteServer", Host: host, Err: world.ErrUnsupported}
}

// Hacknet reads the hacknet nodes through the economy module.
func (w *World) Hacknet(ctx context.Context) (world.Hacknet, error) {
	var h world.Hacknet
	if err := w.callEconomy(ctx, "hacknet", &h); err != nil {
		return world.Hacknet{}, &world.OpError{Op: "hacknet", Err: err}
	}
	if h.Nodes == nil {
		h.Nodes = []world.HacknetNode{}
	}
	return h, nil
}

// BuyHacknetNode buys a hacknet node through the economy module.
func (w *World) BuyHacknetNode(ctx context.Context) (int, error) {
	var i int
	if err := w.callEconomy(ctx, "buy_node", &i); err != nil {
		return 0, &world.OpError{Op: "purchaseNode", Err: err}
	}
	if i < 0 {
		return 0, &world.OpError{Op: "purchaseNode", Err: errors.New("the game refused it (money or limit)")}
	}
	return i, nil
}

// UpgradeHacknet upgrades a hacknet node through the economy module.
func (w *World) UpgradeHacknet(ctx context.Context, index int, part world.HacknetPart, n int) error {
	op := "upgrade " + part.String()
	var ok bool
	if err := w.callEconomy(ctx, "upgrade_node", &ok, index, part.String(), n); err != nil {
		return &world.OpError{Op: op, What: fmt.Sprint(index), Err: err}
	}
	if !ok {
		return &world.OpError{Op: op, What: fmt.Sprint(index), Err: errors.New("the game refused it (money or maximum)")}
	}
	return nil
}

// SellHashes sells count lots of hashes for money through the economy
// module ("Sell for Money").
func (w *World) SellHashes(ctx context.Context, count int) error {
	if count < 1 {
		return &world.OpError{Op: "spendHashes", What: fmt.Sprint(count), Err: errors.New("want at least one sale")}
	}
	var ok bool
	if err := w.callEconomy(ctx, "sell_hashes", &ok, count); err != nil {
		return &world.OpError{Op: "spendHashes", What: fmt.Sprint(count), Err: err}
	}
	if !ok {
		return &world.OpError{Op: "spendHashes", What: fmt.Sprint(count), Err: errors.New("the game refused it (not enough hashes, or no hacknet servers)")}
	}
	return nil
}

// callEconomy runs one call on the economy module, starting it first if
// needed.
func (w *World) callEconomy(ctx context.Context, fn string, out any, args ...any) error {
	return w.callOn(ctx, ModuleEconomy, js.EconomyScript, fn, out, args...)
}

// callOn runs one call fn on the module name (script), starting it first if
// needed, and decodes its answer into out.
func (w *World) callOn(ctx context.Context, name, script, fn string, out any, args ...any) error {
	if err := w.module(ctx, name, script); err != nil {
		return err
	}
	if args == nil {
		args = []any{}
	}
	res, err := w.b.CallModule(ctx, name, []Call{{Fn: fn, Args: args}})
	if err != nil {
		return err
	}
	if err := res[0].Err(); err != nil {
		return classify(err)
	}
	if err := json.Unmarshal(res[0].Value, out); err != nil {
		return fmt.Errorf("%s module %s: unexpected answer %.100s: %w", name, fn, res[0].Value, err)
	}
	return nil
}

// The player's shop (world.PlayerShop), through the singularity modules: a
// player with Source-File 4, or in BitNode 4, lets bbctl buy these itself
// (world.Player.Singularity says so); without it the modules' calls fail
// in the game, and bbctl advises instead. Each kind of purchase has its own
// module (js.Shop), started for the purchase and told to exit after it, so
// it needs its own function's RAM (33.6 or 49.6 GB at Source-File 4.1)
// for a moment, not the four's 161.6 GB for good.

// BuyTOR buys the TOR router through its singularity module.
func (w *World) BuyTOR(ctx context.Context) error {
	return w.shop(ctx, js.ShopTOR, "")
}

// BuyProgram buys a port opener from the dark web through its singularity
// module.
func (w *World) BuyProgram(ctx context.Context, prog world.Program) error {
	return w.shop(ctx, js.ShopProgram, prog.String(), prog.String())
}

// UpgradeHomeRAM doubles home's RAM through its singularity module.
func (w *World) UpgradeHomeRAM(ctx context.Context) error {
	return w.shop(ctx, js.ShopHomeRAM, "")
}

// UpgradeHomeCores adds a core to home through its singularity module.
func (w *World) UpgradeHomeCores(ctx context.Context) error {
	return w.shop(ctx, js.ShopHomeCores, "")
}

// moduleEnd bounds the wait for a module told to exit: one that has not
// disconnected by then is killed.
const moduleEnd = 5 * time.Second

// endModule ends the module name, if it is connected: it tells it to exit
// and waits until it has (moduleEnd at most), else kills it, so its RAM is
// not held past what it was started for.
func (w *World) endModule(ctx context.Context, name string) {
	ectx, cancel := context.WithTimeout(context.WithoutCancel(ctx), moduleEnd)
	defer cancel()
	pid, err := w.b.EndModule(ectx, name)
	if err == nil {
		return
	}
	if kerr := w.Kill(ectx, []int{pid})[0]; kerr != nil && !errors.Is(kerr, world.ErrNoSuchProcess) {
		w.b.logf("%v; and it could not be killed: %v", err, kerr)
	}
}

// shop makes one purchase (what it buys, for errors) through the module of
// s, which it starts where there is room and ends after the purchase
// (endModule); the game answers false when it refuses the purchase.
func (w *World) shop(ctx context.Context, s js.Shop, what string, args ...any) error {
	var ok bool
	err := w.callOn(ctx, s.Module(), s.Script(), "buy", &ok, args...)
	w.endModule(ctx, s.Module())
	if err != nil {
		return &world.OpError{Op: s.Fn(), What: what, Err: err}
	}
	if !ok {
		return &world.OpError{Op: s.Fn(), What: what, Err: errors.New("the game refused it (money, or already owned)")}
	}
	w.changed() // home or the programs changed: read again
	return nil
}
