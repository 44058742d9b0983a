package economy

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// Kind is what a candidate purchase buys.
type Kind string

// The kinds of purchase. The first six bbctl buys itself; the last four
// only the player can (without the Singularity API), so bbctl advises them.
const (
	KindHacknetNode   Kind = "hacknet_node"
	KindHacknetLevel  Kind = "hacknet_level"
	KindHacknetRAM    Kind = "hacknet_ram"
	KindHacknetCores  Kind = "hacknet_cores"
	KindServer        Kind = "server"
	KindServerUpgrade Kind = "server_upgrade"
	KindHomeRAM       Kind = "home_ram"
	KindHomeCores     Kind = "home_cores"
	KindProgram       Kind = "program" // a port opener, with the TOR router if it is not owned
)

// Spending groups, as Account.Spent and the bench name them.
const (
	SpentServers  = "servers"
	SpentHacknet  = "hacknet"
	SpentHome     = "home"
	SpentPrograms = "programs"
)

// Group returns the spending group of k.
func (k Kind) Group() string {
	switch k {
	case KindHacknetNode, KindHacknetLevel, KindHacknetRAM, KindHacknetCores:
		return SpentHacknet
	case KindServer, KindServerUpgrade:
		return SpentServers
	case KindHomeRAM, KindHomeCores:
		return SpentHome
	}
	return SpentPrograms
}

// PlayerOnly reports whether only the player can buy k without the
// Singularity API.
func (k Kind) PlayerOnly() bool {
	return k == KindHomeRAM || k == KindHomeCores || k == KindProgram
}

// Candidate is one purchase, with what it costs and what it adds.
type Candidate struct {
	Kind Kind `json:"kind"`
	Node int  `json:"node,omitempty"` // hacknet node index (KindHacknet{Level,RAM,Cores})
	// HacknetServer is true for a hacknet purchase where hacknet servers
	// (hashes) replace nodes: Node is then a hacknet server's index.
	HacknetServer bool          `json:"hacknet_server,omitempty"`
	Host          string        `json:"host,omitempty"`    // server name (KindServer, KindServerUpgrade)
	RAM           game.RAM      `json:"ram,omitempty"`     // the server's or home's RAM after the purchase
	Program       world.Program `json:"program,omitempty"` // KindProgram
	TOR           bool          `json:"tor,omitempty"`     // KindProgram: the TOR router is bought too
	Cost          float64       `json:"cost"`              // $
	Gain          float64       `json:"gain"`              // income added, $/s
	Payback       float64       `json:"payback"`           // Cost / Gain, seconds (+Inf without gain)
	// With, for a new hacknet server, is the upgrades on it that its
	// payback counts (Followups); nil when the server pays back best
	// alone.
	With *Followup `json:"with,omitempty"`
	// Unlocks is how many more servers a port opener roots (KindProgram).
	Unlocks int `json:"unlocks,omitempty"`
	// Yield is what following the advice yields, $/s: the controller's
	// steady income in the simulator on the farm with the purchase, less
	// that without (Config.Yield). Gain is the income ceiling's
	// difference, an upper bound; on small farms the batcher reaches
	// 0.55–0.75 of the ceiling, and the purchase's share of that differs
	// from farm to farm. Nil when not simulated (only the top advice is,
	// on farms up to a size).
	Yield *float64 `json:"yield,omitempty"`

	change Change // what the purchase changes on the farm (player purchases)
}

// MarshalJSON writes c with its payback as null when it never pays back
// (JSON has no infinity).
func (c Candidate) MarshalJSON() ([]byte, error) {
	type plain Candidate
	v := struct {
		plain
		Payback *float64 `json:"payback"`
	}{plain: plain(c)}
	if !math.IsInf(c.Payback, 0) && !math.IsNaN(c.Payback) {
		v.Payback = &c.Payback
	}
	return json.Marshal(v)
}

// withPayback sets c.Payback from its cost and gain.
func (c Candidate) withPayback() Candidate {
	c.Payback = math.Inf(1)
	if c.Gain > 0 && c.Cost >= 0 && !math.IsInf(c.Cost, 1) {
		c.Payback = c.Cost / c.Gain
	}
	return c
}

// What names the purchase for a person.
func (c Candidate) What() string {
	unit := "node"
	if c.HacknetServer {
		unit = "server"
	}
	switch c.Kind {
	case KindHacknetNode:
		return "a hacknet " + unit
	case KindHacknetLevel:
		return fmt.Sprintf("a level for hacknet %s %d", unit, c.Node)
	case KindHacknetRAM:
		return fmt.Sprintf("RAM for hacknet %s %d", unit, c.Node)
	case KindHacknetCores:
		return fmt.Sprintf("a core for hacknet %s %d", unit, c.Node)
	case KindServer:
		return fmt.Sprintf("a %v server (%s)", c.RAM, c.Host)
	case KindServerUpgrade:
		return fmt.Sprintf("%s upgraded to %v", c.Host, c.RAM)
	case KindHomeRAM:
		return fmt.Sprintf("home RAM to %v", c.RAM)
	case KindHomeCores:
		return "a home core"
	case KindProgram:
		if c.TOR {
			return "the TOR router and " + c.Program.String()
		}
		return c.Program.String()
	}
	return string(c.Kind)
}

// WhatWith is What, followed for a new hacknet server weighed with the
// upgrades that follow it (With) by what its payback counts: "a hacknet
// server (with the 13 upgrades that follow: $12.417m for +$4.007k/s)".
func (c Candidate) WhatWith() string {
	if w := c.With; w != nil {
		return fmt.Sprintf("%s (with the %d upgrades that follow: %s for +%s/s)", c.What(), w.Upgrades, game.FormatMoney(w.Cost), game.FormatMoney(w.Gain))
	}
	return c.What()
}

// String describes the purchase, its cost, value and payback time, as the
// log and the advice show it: "buy FTPCrack.exe ($1.500m): unlocks 6
// servers, +$2.100k/s, pays back in 11m54s".
func (c Candidate) String() string {
	verb := "buy "
	if c.Kind == KindHomeRAM || c.Kind == KindServerUpgrade {
		verb = "upgrade "
		if c.Kind == KindServerUpgrade {
			verb = ""
		}
	}
	s := fmt.Sprintf("%s%s (%s): ", verb, c.What(), game.FormatMoney(c.Cost))
	if c.Unlocks > 0 {
		s += fmt.Sprintf("unlocks %d servers, ", c.Unlocks)
	}
	if c.Yield != nil {
		y := *c.Yield
		pay := math.Inf(1)
		if y > 0 {
			pay = c.Cost / y
		}
		return s + fmt.Sprintf("+%s/s at the income ceiling; following it yields %s/s in the simulator, pays back in %s",
			game.FormatMoney(c.Gain), signed(y), Duration(pay))
	}
	if w := c.With; w != nil {
		return s + fmt.Sprintf("+%s/s; with the %d upgrades on it that follow, %s for +%s/s, pays back in %s",
			game.FormatMoney(c.Gain), w.Upgrades, game.FormatMoney(w.Cost), game.FormatMoney(w.Gain), Duration(c.Payback))
	}
	return s + fmt.Sprintf("+%s/s, pays back in %s", game.FormatMoney(c.Gain), Duration(c.Payback))
}

// signed formats $/s with its sign: "+$55.9k", "-$2.4k".
func signed(x float64) string {
	if x < 0 {
		return "-" + game.FormatMoney(-x)
	}
	return "+" + game.FormatMoney(x)
}

// Duration formats seconds as 1h2m3s, or "never" for +Inf.
func Duration(sec float64) string {
	if math.IsInf(sec, 1) || math.IsNaN(sec) || sec > 1e12 {
		return "never"
	}
	s := int64(math.Round(sec))
	h, m := s/3600, s/60%60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm%02ds", m, s%60)
	}
	return fmt.Sprintf("%ds", s%60)
}

// HashMoney is the money one hash fetches when sold ("Sell for Money":
// game.MoneyPerSale for game.HashesPerSale hashes), $250,000.
const HashMoney = game.MoneyPerSale / game.HashesPerSale

// HacknetCandidates returns the hacknet purchases: the next node (while
// the limit allows), and one more level, RAM doubling and core for each
// node, with the production each adds by the game's formulas. Where
// hacknet servers replace nodes (h.Servers), they are the servers', and
// the income a purchase adds is the hashes it adds at the price they sell
// for (HashMoney each).
func HacknetCandidates(h world.Hacknet, bn *game.BitNodeMults, ver game.Version) []Candidate {
	if h.Servers {
		return hashServerCandidates(h, bn)
	}
	m := h.Mults
	rate := func(level int, ram float64, cores int) float64 {
		return game.HacknetMoneyRate(level, ram, cores, m.Money, bn)
	}
	var out []Candidate
	if h.MaxNodes == 0 || len(h.Nodes) < h.MaxNodes {
		out = append(out, Candidate{Kind: KindHacknetNode, Node: len(h.Nodes),
			Cost: game.HacknetNodeCost(len(h.Nodes)+1, m.PurchaseCost), Gain: rate(1, 1, 1)}.withPayback())
	}
	for i, n := range h.Nodes {
		now := rate(n.Level, n.RAM, n.Cores)
		if n.Level < game.HacknetNodeMaxLevel {
			out = append(out, Candidate{Kind: KindHacknetLevel, Node: i,
				Cost: game.HacknetLevelCost(n.Level, 1, m.LevelCost, ver), Gain: rate(n.Level+1, n.RAM, n.Cores) - now}.withPayback())
		}
		if n.RAM < game.HacknetNodeMaxRAM {
			out = append(out, Candidate{Kind: KindHacknetRAM, Node: i,
				Cost: game.HacknetRAMCost(n.RAM, 1, m.RAMCost), Gain: rate(n.Level, 2*n.RAM, n.Cores) - now}.withPayback())
		}
		if n.Cores < game.HacknetNodeMaxCores {
			out = append(out, Candidate{Kind: KindHacknetCores, Node: i,
				Cost: game.HacknetCoreCost(n.Cores, 1, m.CoreCost), Gain: rate(n.Level, n.RAM, n.Cores+1) - now}.withPayback())
		}
	}
	return out
}

// hashServerCandidates is HacknetCandidates for hacknet servers: a new
// server is level 1 with 1 GB and 1 core; a server's hash rate falls with
// the RAM its scripts use (RAMUsed), which a RAM doubling halves in share.
func hashServerCandidates(h world.Hacknet, bn *game.BitNodeMults) []Candidate {
	m := h.Mults
	rate := func(level int, used, ram float64, cores int) float64 {
		return game.HacknetHashRate(level, used, ram, cores, m.Money, bn) * HashMoney
	}
	var out []Candidate
	if len(h.Nodes) < hashServerLimit(h) {
		out = append(out, Candidate{Kind: KindHacknetNode, Node: len(h.Nodes), HacknetServer: true,
			Cost: game.HacknetServerCost(len(h.Nodes)+1, m.PurchaseCost), Gain: rate(1, 0, 1, 1)}.withPayback())
	}
	for i, n := range h.Nodes {
		used := min(n.RAMUsed, n.RAM)
		now := rate(n.Level, used, n.RAM, n.Cores)
		if n.Level < game.HacknetServerMaxLevel {
			out = append(out, Candidate{Kind: KindHacknetLevel, Node: i, HacknetServer: true,
				Cost: game.HacknetServerLevelCost(n.Level, 1, m.LevelCost), Gain: rate(n.Level+1, used, n.RAM, n.Cores) - now}.withPayback())
		}
		if n.RAM < game.HacknetServerMaxRAM {
			out = append(out, Candidate{Kind: KindHacknetRAM, Node: i, HacknetServer: true,
				Cost: game.HacknetServerRAMCost(n.RAM, 1, m.RAMCost), Gain: rate(n.Level, used, 2*n.RAM, n.Cores) - now}.withPayback())
		}
		if n.Cores < game.HacknetServerMaxCores {
			out = append(out, Candidate{Kind: KindHacknetCores, Node: i, HacknetServer: true,
				Cost: game.HacknetServerCoreCost(n.Cores, 1, m.CoreCost), Gain: rate(n.Level, used, n.RAM, n.Cores+1) - now}.withPayback())
		}
	}
	return out
}

// hashServerLimit is how many hacknet servers h may have: its limit, or
// the game's 20 where the world does not say.
func hashServerLimit(h world.Hacknet) int {
	if h.MaxNodes > 0 {
		return min(h.MaxNodes, game.HacknetServerMaxCount)
	}
	return game.HacknetServerMaxCount
}

// Apply returns h after buying c (a hacknet candidate), with the
// production of the changed node (hashes/s for a hacknet server)
// recomputed.
func Apply(h world.Hacknet, c Candidate, bn *game.BitNodeMults) world.Hacknet {
	nodes := append([]world.HacknetNode(nil), h.Nodes...)
	switch c.Kind {
	case KindHacknetNode:
		n := world.HacknetNode{Level: 1, RAM: 1, Cores: 1}
		if h.Servers {
			n.Host, n.Cache = game.HacknetServerPrefix+strconv.Itoa(len(nodes)), 1
			h.HashCapacity += game.HacknetServerHashCapacity(n.Cache)
		}
		nodes = append(nodes, n)
		c.Node = len(nodes) - 1
	case KindHacknetLevel:
		nodes[c.Node].Level++
	case KindHacknetRAM:
		nodes[c.Node].RAM *= 2
	case KindHacknetCores:
		nodes[c.Node].Cores++
	default:
		return h
	}
	n := &nodes[c.Node]
	if h.Servers {
		n.Production = game.HacknetHashRate(n.Level, min(n.RAMUsed, n.RAM), n.RAM, n.Cores, h.Mults.Money, bn)
	} else {
		n.Production = game.HacknetMoneyRate(n.Level, n.RAM, n.Cores, h.Mults.Money, bn)
	}
	h.Nodes = nodes
	return h
}

// Production returns the hacknet's production in $/s: hacknet servers'
// hashes count at the price they sell for (HashMoney each).
func Production(h world.Hacknet) float64 {
	t := 0.0
	for _, n := range h.Nodes {
		t += n.Production
	}
	if h.Servers {
		return t * HashMoney
	}
	return t
}

// Followup is a new hacknet server together with the upgrades on it that
// the spender buys after it: their number, and the cost and income of the
// server with them.
type Followup struct {
	Upgrades int     `json:"upgrades"`
	Cost     float64 `json:"cost"` // $: the server's price and the upgrades'
	Gain     float64 `json:"gain"` // $/s: the server's income with them
}

// Followups gives the new hacknet server among cands (h.Servers only) the
// payback of the server together with the upgrades on it that follow. A
// server's price grows 3.2× from one to the next, so a bare new server
// soon pays back too slowly, while its first levels, RAM and cores are
// cheap beside the same upgrades on servers already high — and the spender
// buys each of them as soon as it is the best, within the horizon. So the
// server is weighed with the best-paying run of its own upgrades: those a
// lone new server would get, best payback first and each within horizon
// seconds, cut where the payback of the whole (server and upgrades) is
// lowest. Where that beats the server alone, the candidate's Payback is
// the whole's and With says what it counts; Cost and Gain stay the
// server's. Hacknet nodes, whose price grows 1.85× a node, are weighed
// alone.
func Followups(cands []Candidate, h world.Hacknet, horizon float64, bn *game.BitNodeMults, ver game.Version) []Candidate {
	if !h.Servers {
		return cands
	}
	for i, c := range cands {
		if c.Kind != KindHacknetNode || !(c.Gain > 0) {
			continue
		}
		lone := world.Hacknet{Servers: true, MaxNodes: 1, Mults: h.Mults}
		lone = Apply(lone, c, bn)
		cost, gain, best := c.Cost, c.Gain, c.Payback
		var with *Followup
		for n := 1; n <= maxFollowups; n++ {
			up, ok := bestWithin(HacknetCandidates(lone, bn, ver), math.Inf(1), horizon)
			if !ok {
				break
			}
			lone = Apply(lone, up, bn)
			cost, gain = cost+up.Cost, gain+up.Gain
			if cost/gain < best {
				best, with = cost/gain, &Followup{Upgrades: n, Cost: cost, Gain: gain}
			}
		}
		if with != nil {
			cands[i].Payback, cands[i].With = best, with
		}
	}
	return cands
}

// maxFollowups bounds the upgrades Followups weighs after a server (a
// lone server's upgrades within an hour are a dozen or two).
const maxFollowups = 200

// bestWithin returns the candidate with the best payback that costs at
// most money and pays back within horizon seconds.
func bestWithin(cands []Candidate, money, horizon float64) (Candidate, bool) {
	var best *Candidate
	for i, c := range cands {
		if c.Cost <= money && c.Payback <= horizon && (best == nil || c.Payback < best.Payback) {
			best = &cands[i]
		}
	}
	if best == nil {
		return Candidate{}, false
	}
	return *best, true
}

// HacknetPlan returns the hacknet purchases that pay back within horizon
// seconds and fit a budget of money, best payback first (a new hacknet
// server with the upgrades that follow it, Followups): each step buys the
// best candidate that still fits, as "bbctl hacknet plan" shows them.
// Purchases that do not fit are skipped for cheaper ones; the plan ends
// when nothing within the horizon fits.
func HacknetPlan(h world.Hacknet, money, horizon float64, bn *game.BitNodeMults, ver game.Version) []Candidate {
	var plan []Candidate
	for len(plan) < 10000 {
		best, ok := bestWithin(Followups(HacknetCandidates(h, bn, ver), h, horizon, bn, ver), money, horizon)
		if !ok {
			break
		}
		if best.Kind == KindHacknetNode {
			best.Node = len(h.Nodes)
		}
		plan = append(plan, best)
		money -= best.Cost
		h = Apply(h, best, bn)
	}
	return plan
}
