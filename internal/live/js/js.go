// Package js holds the JavaScript that bbctl pushes into the game: the
// agent, which relays Netscript calls over a WebSocket, the modules and
// the three workers. The files are embedded in the binary; the bytes returned here are
// exactly the bytes bbctl pushes.
package js

import (
	"crypto/sha256"
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"bbctl/internal/world"
)

// AgentScript is where bbctl puts the agent on home.
const AgentScript = "bbctl/agent.js"

// Report ports: workers write their report to port ReportPort + pid %
// ReportPorts; the agent drains all of them.
const (
	ReportPort  = 31400
	ReportPorts = 16
	// PortCapacity is the game's default port capacity (MECHANICS §5).
	PortCapacity = 50
)

// Close codes bbctl sends an agent it refuses; the agent then stops
// instead of retrying.
const (
	TokenRefused = 4001 // the token is wrong
	AgentBusy    = 4002 // another agent (another pid) is connected
)

var (
	//go:embed agent.js
	agentSrc string
	//go:embed h.js
	hackSrc string
	//go:embed g.js
	growSrc string
	//go:embed w.js
	weakenSrc string
	//go:embed contracts.js
	contractsSrc string
	//go:embed relay.js
	relaySrc string
	//go:embed module.js
	moduleSrc string
	//go:embed facts.js
	factsSrc string
	//go:embed stocks.js
	stocksSrc string
	//go:embed economy.js
	economySrc string
	//go:embed singularity.js
	singularitySrc string
)

// TokenFile is where an agent given its token as an argument keeps it on
// home, for its later runs and the modules.
const TokenFile = "bbctl/token.txt"

// ContractsScript is where bbctl puts the contracts module on home.
const ContractsScript = "bbctl/contracts.js"

// Contracts returns the contracts module set to connect to url with
// token, like Agent.
func Contracts(url, token string) (string, error) {
	if err := check(url, token); err != nil {
		return "", err
	}
	return fill(contractsSrc, url, token)
}

// FactsScript is where bbctl puts the facts module on home.
const FactsScript = "bbctl/facts.js"

// Facts returns the facts module (the BitNode, its level and the servers'
// cores, for games whose save does not say) set to connect to url with
// token, like Agent.
func Facts(url, token string) (string, error) {
	if err := check(url, token); err != nil {
		return "", err
	}
	return fill(factsSrc, url, token)
}

// StocksScript is where bbctl puts the stocks module on home.
const StocksScript = "bbctl/stocks.js"

// Stocks returns the stocks module (market reads and orders for the stock
// trader) set to connect to url with token, like Agent.
func Stocks(url, token string) (string, error) {
	if err := check(url, token); err != nil {
		return "", err
	}
	return fill(stocksSrc, url, token)
}

// EconomyScript is where bbctl puts the economy module on home.
const EconomyScript = "bbctl/economy.js"

// Economy returns the economy module (purchased servers and hacknet nodes
// for the spender) set to connect to url with token, like Agent.
func Economy(url, token string) (string, error) {
	if err := check(url, token); err != nil {
		return "", err
	}
	return fill(economySrc, url, token)
}

// Agent returns agent.js set to connect to url (ws://host:port/agent) with
// token. The token must be a short run of letters, digits, '-' or '_'. An
// empty token makes an agent that takes the token from its first argument
// (and keeps it in TokenFile on home) or else from TokenFile.
func Agent(url, token string) (string, error) {
	if err := check(url, token); err != nil {
		return "", err
	}
	return fill(agentSrc, url, token)
}

// check validates the URL and token a script is filled with.
func check(url, token string) error {
	if !strings.HasPrefix(url, "ws://") && !strings.HasPrefix(url, "wss://") {
		return fmt.Errorf("agent url %q: want ws:// or wss://", url)
	}
	for _, r := range token {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("agent token: character %q not allowed", r)
		}
	}
	return nil
}

// fill puts url, token and the code the scripts share (relay.js; module.js
// for the modules) into a script that connects to bbctl.
func fill(src, url, token string) (string, error) {
	s := strings.Replace(src, "// __BBCTL_RELAY__ (bbctl puts relay.js here)\n", relaySrc, 1)
	s = strings.Replace(s, "// __BBCTL_MODULE__ (bbctl puts module.js here)\n", moduleSrc, 1)
	s = strings.Replace(s, `"__BBCTL_URL__"`, strconv.Quote(url), 1)
	s = strings.Replace(s, `"__BBCTL_TOKEN__"`, strconv.Quote(token), 1)
	return s, nil
}

// Worker returns the source of the worker script that performs op.
func Worker(op world.Op) string {
	switch op {
	case world.OpHack:
		return hackSrc
	case world.OpGrow:
		return growSrc
	case world.OpWeaken:
		return weakenSrc
	}
	return ""
}

// WorkersMark returns the name of the text file bbctl copies beside the
// workers: it names a digest of their bytes, so a server that holds it
// holds the current workers and needs no copy (a check the agent makes with
// fileExists, without the Remote API).
func WorkersMark() string {
	h := sha256.New()
	for _, src := range []string{hackSrc, growSrc, weakenSrc} {
		h.Write([]byte(src))
		h.Write([]byte{0})
	}
	return fmt.Sprintf("bbctl/workers-%x.txt", h.Sum(nil)[:6])
}

// Workers returns the worker scripts by file name (world.HackScript …).
func Workers() map[string]string {
	return map[string]string{
		world.HackScript:   hackSrc,
		world.GrowScript:   growSrc,
		world.WeakenScript: weakenSrc,
	}
}

// A Shop is one kind of purchase that only the player could make without
// the Singularity API, made through one Singularity function. Each has its
// own module (Singularity), which names no other such function: the game
// charges a script for every one its text names, at 16 times its RAM at
// Source-File 4.1, so a module for all four would need 161.6 GB where each
// of these needs 33.6 or 49.6.
type Shop uint8

// The shops, one module each.
const (
	ShopTOR       Shop = iota + 1 // the TOR router
	ShopProgram                   // a port opener from the dark web
	ShopHomeRAM                   // home RAM doubled
	ShopHomeCores                 // one more home core
)

// Shops returns every shop.
func Shops() []Shop { return []Shop{ShopTOR, ShopProgram, ShopHomeRAM, ShopHomeCores} }

// shops names each shop: its module, its script's stem and its function.
var shops = map[Shop]struct{ name, fn string }{
	ShopTOR:       {"tor", "purchaseTor"},
	ShopProgram:   {"program", "purchaseProgram"},
	ShopHomeRAM:   {"home-ram", "upgradeHomeRam"},
	ShopHomeCores: {"home-cores", "upgradeHomeCores"},
}

// Module is the name s's module says in its hello: "singularity-tor".
func (s Shop) Module() string { return "singularity-" + shops[s].name }

// Script is where bbctl puts s's module on home: "bbctl/singularity-tor.js".
func (s Shop) Script() string { return "bbctl/singularity-" + shops[s].name + ".js" }

// Fn is the Singularity function s's module calls: "purchaseTor".
func (s Shop) Fn() string { return shops[s].fn }

// RetiredSingularityModule is the name of the module an older bbctl made
// for all four purchases (bbctl/singularity.js): one still running from
// before is told to exit.
const RetiredSingularityModule = "singularity"

// Singularity returns the module of shop s (it answers "buy", called with
// the function's arguments) set to connect to url with token, like Agent.
func Singularity(s Shop, url, token string) (string, error) {
	if err := check(url, token); err != nil {
		return "", err
	}
	if _, ok := shops[s]; !ok {
		return "", fmt.Errorf("singularity module: unknown shop %d", s)
	}
	src, err := fill(singularitySrc, url, token)
	if err != nil {
		return "", err
	}
	src = strings.Replace(src, `"__BBCTL_SHOP__"`, strconv.Quote(s.Module()), 1)
	return strings.Replace(src, "__BBCTL_SHOP_FN__", s.Fn(), 1), nil
}
