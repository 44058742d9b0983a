package sim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

var (
	_ world.Economy    = (*World)(nil)
	_ world.PlayerShop = (*World)(nil)
)

// cycleMS is the game's cycle: hacknet production is credited per elapsed
// cycle of 200 ms (MECHANICS §9.1).
const cycleMS = 200

// hacknetNode is one simulated hacknet node.
type hacknetNode struct {
	world.HacknetNode
	rate float64 // $/s
}

// Spending kinds, as Stats.Spent names them.
const (
	SpentServers  = "servers"
	SpentHacknet  = "hacknet"
	SpentHome     = "home"
	SpentPrograms = "programs"
)

// settle credits the hacknet production of every cycle completed since the
// last call: each node makes rate × 0.2 s per cycle. Production changes
// only through purchases, which settle first, so crediting lazily gives
// the money of per-cycle crediting at every reading.
func (w *World) settle() {
	cycle := int64(w.now) / cycleMS
	n := cycle - w.hnCycle
	w.hnCycle = cycle
	if n <= 0 || len(w.hacknet) == 0 {
		return
	}
	for i := range w.hacknet {
		h := &w.hacknet[i]
		made := h.rate * float64(n) * cycleMS / 1000
		h.Total += made
		w.money += made
		w.stats.HacknetMoney += made
	}
}

// pay takes cost from the player's money for a purchase of kind, or says
// why not.
func (w *World) pay(op, what, kind string, cost float64) error {
	if !(cost >= 0) || math.IsInf(cost, 1) {
		return &world.OpError{Op: op, What: what, Err: fmt.Errorf("not for sale")}
	}
	if cost > w.money {
		return &world.OpError{Op: op, What: what, Err: fmt.Errorf("%w: costs %s, have %s", world.ErrNotEnoughMoney, game.FormatMoney(cost), game.FormatMoney(w.money))}
	}
	w.money -= cost
	if w.stats.Spent == nil {
		w.stats.Spent = map[string]float64{}
	}
	w.stats.Spent[kind] += cost
	w.recordBuy(op, what, cost)
	return nil
}

// purchasedIDs returns the ids of the purchased servers (not home), in
// creation order.
func (w *World) purchasedIDs() []int32 {
	var ids []int32
	for i := 1; i < len(w.servers); i++ {
		if s := &w.servers[i]; s.PurchasedByPlayer && !s.deleted {
			ids = append(ids, int32(i))
		}
	}
	return ids
}

// PurchasedServers lists the purchased servers and the BitNode's limits.
func (w *World) PurchasedServers(ctx context.Context) (world.PurchasedServers, error) {
	if err := ctx.Err(); err != nil {
		return world.PurchasedServers{}, err
	}
	ps := world.PurchasedServers{
		Limit:  game.PurchasedServerLimit(&w.bn),
		MaxRAM: game.RAM(game.PurchasedServerMaxRAM(&w.bn)) * game.GiB,
		Hosts:  []world.PurchasedServer{},
	}
	for _, id := range w.purchasedIDs() {
		s := &w.servers[id]
		ps.Hosts = append(ps.Hosts, world.PurchasedServer{Host: s.Hostname, RAM: s.MaxRAM, RAMUsed: s.RAMUsed})
	}
	return ps, nil
}

// serverCost is the price of a purchased server of ram, +Inf when ram is
// not a size the game sells.
func (w *World) serverCost(ram game.RAM) float64 {
	if ram <= 0 || ram%game.GiB != 0 {
		return math.Inf(1)
	}
	return game.PurchasedServerCost(float64(ram/game.GiB), &w.bn)
}

// PurchaseServer buys a server of ram named name. A name already in use
// is refused on 3.x and gets a "-0", "-1", … suffix on 2.6 (MECHANICS
// §6.2). The new server has root, one core and no files, links to home,
// and a world.ServerChanged announces it.
func (w *World) PurchaseServer(ctx context.Context, name string, ram game.RAM) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	w.settle()
	fail := func(err error) (string, error) {
		return "", &world.OpError{Op: "purchaseServer", Host: name, Err: err}
	}
	if name == "" {
		return fail(fmt.Errorf("empty name"))
	}
	if _, taken := w.byName[name]; taken {
		if w.ver != game.V261 {
			return fail(fmt.Errorf("a server named %q exists", name))
		}
		for i := 0; ; i++ {
			if n := name + "-" + strconv.Itoa(i); !w.hostTaken(n) {
				name = n
				break
			}
		}
	}
	if limit := game.PurchasedServerLimit(&w.bn); len(w.purchasedIDs()) >= limit {
		return fail(fmt.Errorf("the limit of %d purchased servers is reached", limit))
	}
	if err := w.pay("purchaseServer", name+" "+ram.String(), SpentServers, w.serverCost(ram)); err != nil {
		return "", err
	}
	w.addPurchased(name, ram)
	w.stats.ServersBought++
	w.emit(world.ServerChanged{At: w.now, Host: name})
	return name, nil
}

// hostTaken reports whether a server is named name.
func (w *World) hostTaken(name string) bool {
	_, ok := w.byName[name]
	return ok
}

// purchased returns the id of the purchased server host, or an error for
// op.
func (w *World) purchased(op, host string) (int32, error) {
	id, err := w.lookup(op, host)
	if err != nil {
		return 0, err
	}
	if id == 0 || !w.servers[id].PurchasedByPlayer {
		return 0, &world.OpError{Op: op, Host: host, Err: fmt.Errorf("not a purchased server")}
	}
	return id, nil
}

// UpgradeServer raises a purchased server's RAM to ram in place, for the
// difference of the two prices.
func (w *World) UpgradeServer(ctx context.Context, host string, ram game.RAM) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w.settle()
	id, err := w.purchased("upgradePurchasedServer", host)
	if err != nil {
		return err
	}
	s := &w.servers[id]
	if ram <= s.MaxRAM {
		return &world.OpError{Op: "upgradePurchasedServer", Host: host, Err: fmt.Errorf("%v is not more than its %v", ram, s.MaxRAM)}
	}
	if err := w.pay("upgradePurchasedServer", host+" "+ram.String(), SpentServers, w.serverCost(ram)-w.serverCost(s.MaxRAM)); err != nil {
		return err
	}
	s.MaxRAM = ram
	w.stats.ServerUpgrades++
	w.emit(world.ServerChanged{At: w.now, Host: host})
	return nil
}

// DeleteServer deletes a purchased server on which nothing runs.
func (w *World) DeleteServer(ctx context.Context, host string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	id, err := w.purchased("deleteServer", host)
	if err != nil {
		return err
	}
	s := &w.servers[id]
	if s.first >= 0 {
		return &world.OpError{Op: "deleteServer", Host: host, Err: fmt.Errorf("scripts are running on it")}
	}
	s.deleted = true
	delete(w.byName, host)
	home := &w.servers[0]
	home.links = slices.DeleteFunc(home.links, func(l int32) bool { return l == id })
	w.recordBuy("deleteServer", host, 0)
	w.emit(world.ServerChanged{At: w.now, Host: host})
	return nil
}

// Hacknet returns the hacknet nodes. The simulator has hacknet nodes only;
// in BitNode 9 (hacknet servers) it reports Servers and sells nothing.
func (w *World) Hacknet(ctx context.Context) (world.Hacknet, error) {
	if err := ctx.Err(); err != nil {
		return world.Hacknet{}, err
	}
	w.settle()
	h := world.Hacknet{Mults: w.hnMults, Servers: w.bitNode == 9, Nodes: []world.HacknetNode{}}
	for _, n := range w.hacknet {
		h.Nodes = append(h.Nodes, n.HacknetNode)
	}
	return h, nil
}

// BuyHacknetNode buys a hacknet node (level 1, 1 GB, 1 core).
func (w *World) BuyHacknetNode(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if w.bitNode == 9 {
		return 0, &world.OpError{Op: "purchaseNode", Err: world.ErrUnsupported}
	}
	w.settle()
	n := len(w.hacknet)
	if err := w.pay("purchaseNode", "hacknet-node-"+strconv.Itoa(n), SpentHacknet, game.HacknetNodeCost(n+1, w.hnMults.PurchaseCost)); err != nil {
		return 0, err
	}
	w.hacknet = append(w.hacknet, hacknetNode{HacknetNode: world.HacknetNode{Level: 1, RAM: 1, Cores: 1}})
	w.rateHacknet(n)
	return n, nil
}

// rateHacknet recomputes node i's production.
func (w *World) rateHacknet(i int) {
	h := &w.hacknet[i]
	h.rate = game.HacknetMoneyRate(h.Level, h.RAM, h.Cores, w.hnMults.Money, &w.bn)
	h.Production = h.rate
}

// UpgradeHacknet buys n steps of part for node index. A purchase past the
// part's maximum is refused whole.
func (w *World) UpgradeHacknet(ctx context.Context, index int, part world.HacknetPart, n int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	op := "upgrade" + part.String()
	if index < 0 || index >= len(w.hacknet) {
		return &world.OpError{Op: op, What: strconv.Itoa(index), Err: fmt.Errorf("no hacknet node %d", index)}
	}
	if n < 1 {
		return &world.OpError{Op: op, What: strconv.Itoa(index), Err: fmt.Errorf("count %d, want ≥ 1", n)}
	}
	w.settle()
	h := &w.hacknet[index]
	what := "hacknet-node-" + strconv.Itoa(index) + " +" + strconv.Itoa(n)
	var cost float64
	switch part {
	case world.HacknetLevel:
		cost = math.Inf(1)
		if h.Level+n <= game.HacknetNodeMaxLevel {
			cost = game.HacknetLevelCost(h.Level, n, w.hnMults.LevelCost, w.ver)
		}
	case world.HacknetRAM:
		cost = math.Inf(1)
		if h.RAM*math.Pow(2, float64(n)) <= game.HacknetNodeMaxRAM {
			cost = game.HacknetRAMCost(h.RAM, n, w.hnMults.RAMCost)
		}
	case world.HacknetCores:
		cost = math.Inf(1)
		if h.Cores+n <= game.HacknetNodeMaxCores {
			cost = game.HacknetCoreCost(h.Cores, n, w.hnMults.CoreCost)
		}
	default:
		return &world.OpError{Op: op, What: strconv.Itoa(index), Err: fmt.Errorf("unknown part %v", part)}
	}
	if err := w.pay(op, what, SpentHacknet, cost); err != nil {
		return err
	}
	switch part {
	case world.HacknetLevel:
		h.Level += n
	case world.HacknetRAM:
		h.RAM *= math.Pow(2, float64(n))
	case world.HacknetCores:
		h.Cores += n
	}
	w.rateHacknet(index)
	return nil
}

// SellHashes sells hashes for money. The simulator has no hacknet servers
// yet, so there are no hashes to sell.
func (w *World) SellHashes(ctx context.Context, count int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return &world.OpError{Op: "spendHashes", What: "Sell for Money", Err: fmt.Errorf("no hacknet servers: %w", world.ErrUnsupported)}
}

// UpgradeHomeRAM doubles home's RAM at the game's price.
func (w *World) UpgradeHomeRAM(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w.settle()
	home := &w.servers[0]
	gb := float64(home.MaxRAM / game.GiB)
	cost := game.HomeRAMUpgradeCost(gb, &w.bn)
	if home.MaxRAM*2 > maxHomeRAM {
		cost = math.Inf(1)
	}
	if err := w.pay("upgradeHomeRam", (home.MaxRAM * 2).String(), SpentHome, cost); err != nil {
		return err
	}
	home.MaxRAM *= 2
	w.emit(world.ServerChanged{At: w.now, Host: game.HomeHostname})
	return nil
}

// UpgradeHomeCores adds a core to home at the game's price.
func (w *World) UpgradeHomeCores(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w.settle()
	home := &w.servers[0]
	cost := game.HomeCoreUpgradeCost(home.Cores)
	if home.Cores >= maxHomeCores {
		cost = math.Inf(1)
	}
	if err := w.pay("upgradeHomeCores", strconv.Itoa(home.Cores+1), SpentHome, cost); err != nil {
		return err
	}
	home.Cores++
	w.emit(world.ServerChanged{At: w.now, Host: game.HomeHostname})
	return nil
}

// BuyTOR buys the TOR router.
func (w *World) BuyTOR(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if w.tor {
		return nil
	}
	w.settle()
	if err := w.pay("purchaseTor", "", SpentPrograms, world.TORCost); err != nil {
		return err
	}
	w.tor = true
	return nil
}

// BuyProgram buys a port opener on the dark web; the TOR router is needed.
// Buying one already owned does nothing.
func (w *World) BuyProgram(ctx context.Context, prog world.Program) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := prog.MarshalText(); err != nil {
		return &world.OpError{Op: "purchaseProgram", What: prog.String(), Err: world.ErrNoProgram}
	}
	if w.owns(prog) {
		return nil
	}
	if !w.tor {
		return &world.OpError{Op: "purchaseProgram", What: prog.String(), Err: fmt.Errorf("the TOR router is needed")}
	}
	w.settle()
	if err := w.pay("purchaseProgram", prog.String(), SpentPrograms, world.ProgramCost(prog)); err != nil {
		return err
	}
	w.programs = append(w.programs, prog)
	return nil
}
