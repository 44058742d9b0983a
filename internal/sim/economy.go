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

// hacknetNode is one simulated hacknet node, or hacknet server.
type hacknetNode struct {
	world.HacknetNode
	rate float64 // $/s of a node
	id   int32   // a hacknet server's server id
}

// Spending kinds, as Stats.Spent names them.
const (
	SpentServers  = "servers"
	SpentHacknet  = "hacknet"
	SpentHome     = "home"
	SpentPrograms = "programs"
)

// settle credits the hacknet production of every cycle completed since the
// last call: each node makes rate × 0.2 s per cycle, each hacknet server
// its hash rate × 0.2 s in hashes. Production changes only through
// purchases and, for hacknet servers, through the RAM scripts use there
// (exec, exit, kill, a RAM change), which all settle first; so crediting
// lazily gives what per-cycle crediting gives at every reading.
func (w *World) settle() {
	cycle := int64(w.now) / cycleMS
	n := cycle - w.hnCycle
	w.hnCycle = cycle
	if n <= 0 || len(w.hacknet) == 0 {
		return
	}
	if w.hnServers {
		w.settleHashes(n)
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

// settleHashes credits n cycles of the hacknet servers' hashes. As in the
// game's cycle, the hashes go to the store up to its capacity and what
// would overflow is sold at once at the "Sell for Money" rate. With the
// rates fixed over the n cycles, the store only rises, so capping once
// sells what capping every cycle would.
func (w *World) settleHashes(n int64) {
	made := 0.0
	for i := range w.hacknet {
		h := &w.hacknet[i]
		m := w.hashRate(h) * float64(n) * cycleMS / 1000
		h.Total += m
		made += m
	}
	w.stats.HashesMade += made
	w.hashes += made
	if over := w.hashes - w.hashCap; over > 0 {
		w.hashes = w.hashCap
		w.stats.HashesOverflow += over
		w.creditHashSale(over, game.MoneyPerSale*(over/game.HashesPerSale))
	}
}

// creditHashSale books the sale of hashes for money.
func (w *World) creditHashSale(hashes, money float64) {
	w.money += money
	w.stats.HacknetMoney += money
	w.stats.HashesSold += hashes
}

// hashRate is the hashes per second hacknet server h makes now, with the
// RAM scripts use on it (0 if they use all of it or more).
func (w *World) hashRate(h *hacknetNode) float64 {
	s := &w.servers[h.id]
	r := game.HacknetHashRate(h.Level, s.RAMUsed.GB(), s.MaxRAM.GB(), s.Cores, w.hnMults.Money, &w.bn)
	if !(r > 0) { // no RAM, all of it used, or over-committed (SetServerRAM)
		return 0
	}
	return r
}

// SourceFile9 is the player's Source-File 9 level (Config.Player), for an
// emulated game's save and getResetInfo.
func (w *World) SourceFile9() int { return w.sf9 }

// hacknetName is the name the game gives hacknet node (or server) i.
func (w *World) hacknetName(i int) string {
	if w.hnServers {
		return game.HacknetServerPrefix + strconv.Itoa(i)
	}
	return "hacknet-node-" + strconv.Itoa(i)
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

// purchasedIDs returns the ids of the purchased servers (not home, not
// hacknet servers), in creation order.
func (w *World) purchasedIDs() []int32 {
	var ids []int32
	for i := 1; i < len(w.servers); i++ {
		if s := &w.servers[i]; s.PurchasedByPlayer && !s.deleted && !s.hacknet {
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
	if id == 0 || !w.servers[id].PurchasedByPlayer || w.servers[id].hacknet {
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

// Hacknet returns the hacknet nodes, or the hacknet servers with the
// hashes stored and their capacity where they replace nodes (BitNode 9 or
// Source-File 9).
func (w *World) Hacknet(ctx context.Context) (world.Hacknet, error) {
	if err := ctx.Err(); err != nil {
		return world.Hacknet{}, err
	}
	w.settle()
	h := world.Hacknet{Mults: w.hnMults, Servers: w.hnServers, Nodes: make([]world.HacknetNode, 0, len(w.hacknet))}
	if w.hnServers {
		h.MaxNodes = game.HacknetServerMaxCount
		h.Hashes, h.HashCapacity = w.hashes, w.hashCap
	}
	for i := range w.hacknet {
		n := &w.hacknet[i]
		out := n.HacknetNode
		if w.hnServers {
			s := &w.servers[n.id]
			out.RAM, out.Cores, out.RAMUsed = s.MaxRAM.GB(), s.Cores, s.RAMUsed.GB()
			out.Production = w.hashRate(n)
		}
		h.Nodes = append(h.Nodes, out)
	}
	return h, nil
}

// BuyHacknetNode buys a hacknet node (level 1, 1 GB, 1 core), or where
// hacknet servers replace nodes a hacknet server: a server on the network
// named hacknet-server-<index>, rooted, 1 GB, 1 core, level 1, cache 1,
// linked both ways with home (a world.ServerChanged announces it), at most
// game.HacknetServerMaxCount of them.
func (w *World) BuyHacknetNode(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	w.settle()
	n := len(w.hacknet)
	name := w.hacknetName(n)
	if !w.hnServers {
		if err := w.pay("purchaseNode", name, SpentHacknet, game.HacknetNodeCost(n+1, w.hnMults.PurchaseCost)); err != nil {
			return 0, err
		}
		w.hacknet = append(w.hacknet, hacknetNode{HacknetNode: world.HacknetNode{Level: 1, RAM: 1, Cores: 1}})
		w.rateHacknet(n)
		return n, nil
	}
	if n >= game.HacknetServerMaxCount {
		return 0, &world.OpError{Op: "purchaseNode", What: name, Err: fmt.Errorf("the limit of %d hacknet servers is reached", game.HacknetServerMaxCount)}
	}
	if w.hostTaken(name) {
		return 0, &world.OpError{Op: "purchaseNode", What: name, Err: fmt.Errorf("a server named %q exists", name)}
	}
	if err := w.pay("purchaseNode", name, SpentHacknet, game.HacknetServerCost(n+1, w.hnMults.PurchaseCost)); err != nil {
		return 0, err
	}
	w.addPurchased(name, game.GiB)
	id := w.byName[name]
	w.servers[id].hacknet = true
	w.hacknet = append(w.hacknet, hacknetNode{HacknetNode: world.HacknetNode{Level: 1, RAM: 1, Cores: 1, Host: name, Cache: 1}, id: id})
	w.hashCap += game.HacknetServerHashCapacity(1)
	w.emit(world.ServerChanged{At: w.now, Host: name})
	return n, nil
}

// rateHacknet recomputes node i's production.
func (w *World) rateHacknet(i int) {
	h := &w.hacknet[i]
	h.rate = game.HacknetMoneyRate(h.Level, h.RAM, h.Cores, w.hnMults.Money, &w.bn)
	h.Production = h.rate
}

// UpgradeHacknet buys n steps of part for node (or hacknet server) index,
// at the prices of nodes or of hacknet servers. A purchase past the part's
// maximum is refused whole (the game buys up to the maximum instead;
// bbctl never asks for more). A hacknet server's RAM is its server's: an
// upgrade raises a world.ServerChanged, and so do cores, which are its
// server's cores.
func (w *World) UpgradeHacknet(ctx context.Context, index int, part world.HacknetPart, n int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	op := "upgrade" + part.String()
	if index < 0 || index >= len(w.hacknet) {
		what := "hacknet node"
		if w.hnServers {
			what = "hacknet server"
		}
		return &world.OpError{Op: op, What: strconv.Itoa(index), Err: fmt.Errorf("no %s %d", what, index)}
	}
	if n < 1 {
		return &world.OpError{Op: op, What: strconv.Itoa(index), Err: fmt.Errorf("count %d, want ≥ 1", n)}
	}
	if part < world.HacknetLevel || part > world.HacknetCores {
		return &world.OpError{Op: op, What: strconv.Itoa(index), Err: fmt.Errorf("unknown part %v", part)}
	}
	w.settle()
	h := &w.hacknet[index]
	what := w.hacknetName(index) + " +" + strconv.Itoa(n)
	if err := w.pay(op, what, SpentHacknet, w.upgradeCost(h, part, n)); err != nil {
		return err
	}
	if !w.hnServers {
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
	s := &w.servers[h.id]
	switch part {
	case world.HacknetLevel:
		h.Level += n
		return nil
	case world.HacknetRAM:
		s.MaxRAM <<= n
	case world.HacknetCores:
		s.Cores += n
	}
	w.emit(world.ServerChanged{At: w.now, Host: s.Hostname})
	return nil
}

// upgradeCost is the price of n steps of part for h, +Inf past the part's
// maximum.
func (w *World) upgradeCost(h *hacknetNode, part world.HacknetPart, n int) float64 {
	m := &w.hnMults
	if w.hnServers {
		s := &w.servers[h.id]
		ram := s.MaxRAM.GB()
		switch {
		case part == world.HacknetLevel && h.Level+n <= game.HacknetServerMaxLevel:
			return game.HacknetServerLevelCost(h.Level, n, m.LevelCost)
		case part == world.HacknetRAM && ram*math.Pow(2, float64(n)) <= game.HacknetServerMaxRAM:
			return game.HacknetServerRAMCost(ram, n, m.RAMCost)
		case part == world.HacknetCores && s.Cores+n <= game.HacknetServerMaxCores:
			return game.HacknetServerCoreCost(s.Cores, n, m.CoreCost)
		}
		return math.Inf(1)
	}
	switch {
	case part == world.HacknetLevel && h.Level+n <= game.HacknetNodeMaxLevel:
		return game.HacknetLevelCost(h.Level, n, m.LevelCost, w.ver)
	case part == world.HacknetRAM && h.RAM*math.Pow(2, float64(n)) <= game.HacknetNodeMaxRAM:
		return game.HacknetRAMCost(h.RAM, n, m.RAMCost)
	case part == world.HacknetCores && h.Cores+n <= game.HacknetNodeMaxCores:
		return game.HacknetCoreCost(h.Cores, n, m.CoreCost)
	}
	return math.Inf(1)
}

// SellHashes sells count × game.HashesPerSale of the hacknet servers'
// hashes for count × game.MoneyPerSale ("Sell for Money"). It sells
// nothing without hacknet servers, for a count below 1 or without the
// hashes for all count sales.
func (w *World) SellHashes(ctx context.Context, count int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	fail := func(err error) error {
		return &world.OpError{Op: "spendHashes", What: "Sell for Money", Err: err}
	}
	if !w.hnServers {
		return fail(fmt.Errorf("no hacknet servers in BitNode %d without Source-File 9: %w", w.bitNode, world.ErrUnsupported))
	}
	if len(w.hacknet) == 0 {
		return fail(fmt.Errorf("no hacknet servers"))
	}
	if count < 1 {
		return fail(fmt.Errorf("count %d, want ≥ 1", count))
	}
	w.settle()
	need := float64(game.HashesPerSale) * float64(count)
	if w.hashes < need {
		return fail(fmt.Errorf("%d sales need %.3f hashes, have %.3f", count, need, w.hashes))
	}
	w.hashes -= need
	w.creditHashSale(need, game.MoneyPerSale*float64(count))
	w.recordBuy("spendHashes", "Sell for Money ×"+strconv.Itoa(count), 0)
	return nil
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
