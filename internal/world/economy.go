package world

import (
	"context"
	"errors"
	"fmt"

	"bbctl/internal/game"
)

// ErrNotEnoughMoney is the error of a purchase the player cannot afford.
var ErrNotEnoughMoney = errors.New("not enough money")

// Economy is what a world offers for spending money: purchased ("cloud")
// servers and hacknet nodes. It is separate from World because not every
// world has it (the live world needs the agent's economy module); a
// service type-asserts for it and reports its absence rather than faking it.
//
// Prices are not asked of the world: they follow from the game's formulas
// (package game) with the BitNode's multipliers (Player.BitNode) and the
// hacknet multipliers that Hacknet reports.
type Economy interface {
	// PurchasedServers lists the player's purchased servers and the
	// BitNode's limits on them.
	PurchasedServers(ctx context.Context) (PurchasedServers, error)
	// PurchaseServer buys a server of ram (a power of two GB) named name
	// and returns the hostname the game gave it.
	PurchaseServer(ctx context.Context, name string, ram game.RAM) (string, error)
	// UpgradeServer raises a purchased server's RAM in place to ram,
	// paying the difference of the two prices.
	UpgradeServer(ctx context.Context, host string, ram game.RAM) error
	// DeleteServer deletes a purchased server; it fails while scripts run
	// on it.
	DeleteServer(ctx context.Context, host string) error

	// Hacknet reads the hacknet nodes, the player's hacknet multipliers
	// and the node limit.
	Hacknet(ctx context.Context) (Hacknet, error)
	// BuyHacknetNode buys the next node and returns its index.
	BuyHacknetNode(ctx context.Context) (int, error)
	// UpgradeHacknet buys n steps of part (levels, RAM doublings or
	// cores) for node (or hacknet server) index.
	UpgradeHacknet(ctx context.Context, index int, part HacknetPart, n int) error
	// SellHashes spends the hacknet servers' hashes on count sales of
	// "Sell for Money" (game.HashesPerSale hashes for game.MoneyPerSale
	// each). It fails, selling nothing, without hacknet servers or without
	// the hashes for all count sales.
	SellHashes(ctx context.Context, count int) error
}

// PurchasedServers are the player's purchased servers and their limits.
type PurchasedServers struct {
	Hosts  []PurchasedServer `json:"hosts"`
	Limit  int               `json:"limit"`   // how many the BitNode allows
	MaxRAM game.RAM          `json:"max_ram"` // the largest RAM one may have
}

// PurchasedServer is one purchased server.
type PurchasedServer struct {
	Host    string   `json:"host"`
	RAM     game.RAM `json:"ram"`
	RAMUsed game.RAM `json:"ram_used"` // by every script running there
}

// Hacknet is the state of the player's hacknet.
type Hacknet struct {
	Nodes    []HacknetNode `json:"nodes"`
	MaxNodes int           `json:"max_nodes"` // 0: no limit
	Mults    HacknetMults  `json:"mults"`
	// Servers is true where hacknet servers (hashes) replace nodes (BitNode
	// 9 or Source-File 9). Then Nodes are the hacknet servers.
	Servers bool `json:"servers"`
	// Hashes are the hashes stored, HashCapacity the most the servers'
	// caches hold (0 without hacknet servers). The game sells what would
	// overflow for money by itself, at the "Sell for Money" rate.
	Hashes       float64 `json:"hashes,omitempty"`
	HashCapacity float64 `json:"hash_capacity,omitempty"`
}

// HacknetNode is one hacknet node, or one hacknet server where
// Hacknet.Servers says so.
type HacknetNode struct {
	Level int     `json:"level"`
	RAM   float64 `json:"ram"` // GB
	Cores int     `json:"cores"`
	// Production is $/s now for a node, hashes/s for a server.
	Production float64 `json:"production"`
	// Total is the $ (node) or hashes (server) made since it was bought.
	Total float64 `json:"total"`

	// Hacknet servers only. A hacknet server is a server on the network
	// (Host, linked to home, rooted): scripts may run there, and the RAM
	// they use lowers its hash rate in proportion. bbctl runs none there.
	Host    string  `json:"host,omitempty"`
	RAMUsed float64 `json:"ram_used,omitempty"` // GB used by scripts
	Cache   int     `json:"cache,omitempty"`    // cache level: 32·2^cache hashes of capacity
}

// HacknetMults are the player's hacknet multipliers (mults.hacknet_node_*).
type HacknetMults struct {
	Money        float64 `json:"money"`
	PurchaseCost float64 `json:"purchase_cost"`
	LevelCost    float64 `json:"level_cost"`
	RAMCost      float64 `json:"ram_cost"`
	CoreCost     float64 `json:"core_cost"`
}

// DefaultHacknetMults are the multipliers of a player without
// augmentations: all 1.
func DefaultHacknetMults() HacknetMults { return HacknetMults{1, 1, 1, 1, 1} }

// HacknetPart is what a hacknet upgrade buys.
type HacknetPart uint8

// The parts of a hacknet node or server that can be upgraded. A hacknet
// server's cache is not among them: it adds capacity, not income, and
// bbctl sells its hashes before they fill it.
const (
	HacknetLevel HacknetPart = iota + 1
	HacknetRAM
	HacknetCores
)

func (p HacknetPart) String() string {
	switch p {
	case HacknetLevel:
		return "level"
	case HacknetRAM:
		return "ram"
	case HacknetCores:
		return "cores"
	}
	return fmt.Sprintf("HacknetPart(%d)", uint8(p))
}

// PlayerShop is what only the player can buy without the Singularity API:
// home upgrades, the TOR router and programs. A world that offers it (the
// simulator, or a live game with Source-File 4) lets bbctl buy them itself;
// elsewhere bbctl advises the player instead.
type PlayerShop interface {
	// UpgradeHomeRAM doubles home's RAM.
	UpgradeHomeRAM(ctx context.Context) error
	// UpgradeHomeCores adds one core to home.
	UpgradeHomeCores(ctx context.Context) error
	// BuyTOR buys the TOR router.
	BuyTOR(ctx context.Context) error
	// BuyProgram buys a port opener from the dark web (TOR needed).
	BuyProgram(ctx context.Context, prog Program) error
}

// Dark-web prices (MECHANICS §6.3), the same in every BitNode.
const (
	TORCost = 200e3
)

// ProgramCost returns the dark-web price of prog.
func ProgramCost(prog Program) float64 {
	switch prog {
	case BruteSSH:
		return 500e3
	case FTPCrack:
		return 1.5e6
	case RelaySMTP:
		return 5e6
	case HTTPWorm:
		return 30e6
	case SQLInject:
		return 250e6
	}
	return 0
}
