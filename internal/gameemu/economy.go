package gameemu

import (
	"context"
	"math"
	"slices"
	"strconv"

	"github.com/dop251/goja"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// The purchase calls the economy module makes, backed by the simulator's
// economy (sim.World implements world.Economy): the purchased-server calls
// with the game's names for the version (top-level in 2.x, on ns.cloud in
// 3.x) and ns.hacknet, with the game's answers ("" or false or -1 for a
// refused purchase).

// economyCalls returns the purchased-server functions by their 2.x names
// (prefix "") or their ns.cloud names (prefix "cloud.").
func (pg *page) serverCalls(v3 bool) map[string]func(c goja.FunctionCall) any {
	w, ctx := pg.g.sim.w, context.Background()
	gb := func(v goja.Value) game.RAM { return game.RAM(math.Round(v.ToFloat() * 100)) }
	names := func(goja.FunctionCall) any {
		ps, err := w.PurchasedServers(ctx)
		if err != nil {
			pg.throw("%v", err)
		}
		out := make([]any, len(ps.Hosts))
		for i, h := range ps.Hosts {
			out[i] = h.Host
		}
		return pg.vm.NewArray(out...)
	}
	limits := func() world.PurchasedServers {
		ps, err := w.PurchasedServers(ctx)
		if err != nil {
			pg.throw("%v", err)
		}
		return ps
	}
	buy := func(c goja.FunctionCall) any {
		host, err := w.PurchaseServer(ctx, c.Argument(0).String(), gb(c.Argument(1)))
		if err != nil {
			return ""
		}
		return host
	}
	upgrade := func(c goja.FunctionCall) any {
		return w.UpgradeServer(ctx, c.Argument(0).String(), gb(c.Argument(1))) == nil
	}
	limit := func(goja.FunctionCall) any { return limits().Limit }
	maxRAM := func(goja.FunctionCall) any { return limits().MaxRAM.GB() }
	if v3 {
		return map[string]func(goja.FunctionCall) any{
			"getServerNames": names, "getServerLimit": limit, "getRamLimit": maxRAM,
			"purchaseServer": buy, "upgradeServer": upgrade,
		}
	}
	return map[string]func(goja.FunctionCall) any{
		"getPurchasedServers": names, "getPurchasedServerLimit": limit, "getPurchasedServerMaxRam": maxRAM,
		"purchaseServer": buy, "upgradePurchasedServer": upgrade,
	}
}

// cloudNS builds ns.cloud for p in 3.x: empty without a simulator.
func (pg *page) cloudNS(p *process) *goja.Object {
	obj := pg.vm.NewObject()
	if pg.g.sim == nil {
		return obj
	}
	def := pg.definer(p, obj, "cloud")
	for name, f := range pg.serverCalls(true) {
		def(name, f)
	}
	return obj
}

// definer returns what defines obj's functions for p: each, named
// prefix.name as the game names it, enters p's call and answers f's value
// as JavaScript's.
func (pg *page) definer(p *process, obj *goja.Object, prefix string) func(name string, f func(goja.FunctionCall) any) {
	return func(name string, f func(goja.FunctionCall) any) {
		obj.Set(name, func(c goja.FunctionCall) goja.Value {
			pg.enter(p, prefix+"."+name)
			return pg.vm.ToValue(f(c))
		})
	}
}

// hashUpgrades are the game's hash upgrades. Only "Sell for Money" is
// emulated; spendHashes throws for the others rather than pretend, and
// answers false for a name the game does not know, as the game does.
var hashUpgrades = []string{
	"Sell for Money", "Sell for Corporation Funds", "Reduce Minimum Security", "Increase Maximum Money",
	"Improve Studying", "Improve Gym Training", "Exchange for Corporation Research",
	"Exchange for Bladeburner Rank", "Exchange for Bladeburner SP", "Generate Coding Contract", "Company Favor",
}

// hacknetNS builds ns.hacknet for p over the simulator's hacknet: nodes,
// or where they replace nodes (BitNode 9, Source-File 9) hacknet servers
// with their hashes, as the game answers for each.
func (pg *page) hacknetNS(p *process) *goja.Object {
	vm := pg.vm
	hn := vm.NewObject()
	ctx := context.Background()
	def := pg.definer(p, hn, "hacknet")
	read := func() world.Hacknet {
		if pg.g.sim == nil {
			pg.throw("no hacknet in this emulated game")
		}
		h, err := pg.g.sim.w.Hacknet(ctx)
		if err != nil {
			pg.throw("%v", err)
		}
		return h
	}
	node := func(c goja.FunctionCall) world.HacknetNode {
		h := read()
		i := int(c.Argument(0).ToInteger())
		if i < 0 || i >= len(h.Nodes) {
			pg.throw("Index specified for Hacknet Node is out-of-bounds: %d", i)
		}
		return h.Nodes[i]
	}
	def("numNodes", func(goja.FunctionCall) any { return len(read().Nodes) })
	def("maxNumNodes", func(goja.FunctionCall) any {
		if h := read(); h.Servers {
			return h.MaxNodes
		}
		return math.Inf(1)
	})
	def("numHashes", func(goja.FunctionCall) any { return read().Hashes })
	def("hashCapacity", func(goja.FunctionCall) any { return read().HashCapacity })
	def("getNodeStats", func(c goja.FunctionCall) any {
		n := node(c)
		o := vm.NewObject()
		name := n.Host
		if name == "" {
			name = "hacknet-node-" + strconv.Itoa(int(c.Argument(0).ToInteger()))
		}
		o.Set("name", name)
		o.Set("level", n.Level)
		o.Set("ram", n.RAM)
		o.Set("cores", n.Cores)
		o.Set("production", n.Production)
		o.Set("totalProduction", n.Total)
		if n.Host != "" { // a hacknet server
			o.Set("cache", n.Cache)
			o.Set("hashCapacity", game.HacknetServerHashCapacity(n.Cache))
			o.Set("ramUsed", n.RAMUsed)
		}
		return o
	})
	def("purchaseNode", func(goja.FunctionCall) any {
		read()
		i, err := pg.g.sim.w.BuyHacknetNode(ctx)
		if err != nil {
			return -1
		}
		return i
	})
	for name, part := range map[string]world.HacknetPart{"upgradeLevel": world.HacknetLevel, "upgradeRam": world.HacknetRAM, "upgradeCore": world.HacknetCores} {
		part := part
		def(name, func(c goja.FunctionCall) any {
			node(c)
			n := 1
			if a := c.Argument(1); !goja.IsUndefined(a) {
				n = int(a.ToInteger())
			}
			return pg.g.sim.w.UpgradeHacknet(ctx, int(c.Argument(0).ToInteger()), part, n) == nil
		})
	}
	// spendHashes(upgName, upgTarget = "", count = 1): the count is
	// floored and may not be negative (the game throws); without hacknet
	// servers, for an unknown upgrade or without the hashes it is false.
	def("spendHashes", func(c goja.FunctionCall) any {
		name := c.Argument(0).String()
		count := 1.0
		if a := c.Argument(2); !goja.IsUndefined(a) {
			count = math.Floor(a.ToFloat())
		}
		if !(count >= 0) {
			pg.throw("hacknet.spendHashes: count may not be negative")
		}
		if !read().Servers || !slices.Contains(hashUpgrades, name) {
			return false
		}
		if name != "Sell for Money" {
			pg.throw("hacknet.spendHashes: the hash upgrade %q is not emulated", name)
		}
		if count == 0 {
			return true // the game sells nothing for nothing
		}
		if count > math.MaxInt32 {
			return false // more hashes than any store holds
		}
		return pg.g.sim.w.SellHashes(ctx, int(count)) == nil
	})
	return hn
}

// singularityNS builds ns.singularity for p: the purchases of the player's
// shop, backed by the simulator (sim.World implements world.PlayerShop).
// As in the game, every call throws without the Singularity API (Source-File
// 4, or BitNode 4), and a purchase the game refuses answers false; one
// already made (the TOR router, a program owned) answers true.
func (pg *page) singularityNS(p *process) *goja.Object {
	sg := pg.vm.NewObject()
	ctx := context.Background()
	define := pg.definer(p, sg, "singularity")
	def := func(name string, f func(c goja.FunctionCall) error) {
		define(name, func(c goja.FunctionCall) any {
			pl, err := pg.g.sim.w.Player(ctx)
			if err != nil {
				pg.throw("%v", err)
			}
			if pl.Singularity == 0 {
				pg.throw("singularity.%s: This singularity function requires Source-File 4 to run.", name)
			}
			return f(c) == nil
		})
	}
	if pg.g.sim == nil {
		return sg // no simulator, no shop
	}
	w := pg.g.sim.w
	def("purchaseTor", func(goja.FunctionCall) error { return w.BuyTOR(ctx) })
	def("purchaseProgram", func(c goja.FunctionCall) error {
		prog, err := world.ParseProgram(c.Argument(0).String())
		if err != nil {
			return err
		}
		return w.BuyProgram(ctx, prog)
	})
	def("upgradeHomeRam", func(goja.FunctionCall) error { return w.UpgradeHomeRAM(ctx) })
	def("upgradeHomeCores", func(goja.FunctionCall) error { return w.UpgradeHomeCores(ctx) })
	return sg
}
