package game

import "strings"

// RAM constants of scripts (MECHANICS §4.1), in GB.
const (
	ScriptBaseRAM = 1.6  // every script
	ScriptMaxRAM  = 1024 // cap per thread
	domRAM        = 25   // window, document
	hacknetRAM    = 4    // the hacknet identifier, 2.6.1 and 2.7
	v3HacknetRAM  = 0.5  // each hacknet function in v3 (#2502)

	// SingularityNoSF4 multiplies singularity costs for a player without
	// Source-File 4 (or at SF4.1); SF4.2 multiplies by 4, SF4.3 and BitNode
	// 4 by 1.
	SingularityNoSF4 = 16
)

// ramTable is one version's function costs.
type ramTable struct {
	cost map[string]float64 // flattened name → GB
	bare map[string]string  // bare identifier → flattened name it is charged as
	// hacknetIdent is the cost of the identifier hacknet itself.
	hacknetIdent float64
}

var ramTables = [...]*ramTable{
	V261: newRAMTable(ramCosts261[:], hacknetRAM),
	V3:   newRAMTable(v3Costs(v27Costs(ramCosts261[:])), 0),
}

// newRAMTable indexes costs. The static checker looks a bare identifier up
// among the top-level functions first, then depth-first through the
// namespaces in declaration order; the first match wins.
func newRAMTable(costs []fnCost, hacknetIdent float64) *ramTable {
	t := &ramTable{cost: make(map[string]float64, len(costs)), bare: map[string]string{}, hacknetIdent: hacknetIdent}
	for _, c := range costs {
		t.cost[c.name] = c.cost
	}
	for _, topLevel := range []bool{true, false} {
		for _, c := range costs {
			if strings.Contains(c.name, ".") == topLevel {
				continue
			}
			leaf := c.name[strings.LastIndex(c.name, ".")+1:]
			if _, ok := t.bare[leaf]; !ok {
				t.bare[leaf] = c.name
			}
		}
	}
	return t
}

// v27Costs applies the exact 2.6.1 → 2.7 differences of the cost tree.
func v27Costs(base []fnCost) []fnCost {
	changed := map[string]float64{
		"gang.getTaskNames":                 0,
		"gang.getEquipmentNames":            0,
		"bladeburner.getContractNames":      0,
		"bladeburner.getOperationNames":     0,
		"bladeburner.getBlackOpNames":       0,
		"bladeburner.getGeneralActionNames": 0,
		"bladeburner.getSkillNames":         0,
		"infiltration.getPossibleLocations": 0,
		"codingcontract.getContractTypes":   0,
		"getPurchasedServers":               1.05,
	}
	added := []fnCost{
		{"corporation.sellDivision", 20},
		{"singularity.getFactionEnemies", 3},
		{"singularity.getFactionWorkTypes", 1},
		{"go.getMoveHistory", 0},
		{"go.analysis.getStats", 0},
		{"grafting.waitForOngoingGrafting", 1},
		{"self", 0},
		{"ramOverride", 0},
		{"formulas.bladeburner.skillMaxUpgradeCount", 0},
	}
	return editCosts(base, changed, nil, nil, added)
}

// v3Costs applies the known v3 changes (ram-costs.json v3_changes) to the
// 2.7 tree: hacknet functions cost 0.5 each, the purchased-server functions
// move to ns.cloud, rm costs 0.6, every nextUpdate is free, stock's has*
// checks are renamed, codingcontract.getContract is new.
func v3Costs(base []fnCost) []fnCost {
	changed := map[string]float64{
		"rm":                        0.6,
		"corporation.nextUpdate":    0,
		"stock.nextUpdate":          0,
		"gang.nextUpdate":           0,
		"bladeburner.nextUpdate":    0,
		"gang.inGang":               0,
		"bladeburner.inBladeburner": 0,
	}
	for _, c := range base {
		if strings.HasPrefix(c.name, "hacknet.") {
			changed[c.name] = v3HacknetRAM
		}
	}
	removed := map[string]bool{
		"getPurchasedServerLimit": true, "getPurchasedServerMaxRam": true, "getPurchasedServerCost": true,
		"getPurchasedServerUpgradeCost": true, "upgradePurchasedServer": true, "renamePurchasedServer": true,
		"purchaseServer": true, "deleteServer": true, "getPurchasedServers": true,
	}
	renamed := map[string]string{
		"stock.hasWSEAccount":   "stock.hasWseAccount",
		"stock.hasTIXAPIAccess": "stock.hasTixApiAccess",
		"stock.has4SDataTIXAPI": "stock.has4SDataTixApi",
	}
	added := []fnCost{
		{"cloud.getServerLimit", 0.05},
		{"cloud.getRamLimit", 0.05},
		{"cloud.getServerCost", 0.25},
		{"cloud.getServerUpgradeCost", 0.1},
		{"cloud.getServerNames", 1.05},
		{"cloud.upgradeServer", 0.25},
		{"cloud.renameServer", 0},
		{"cloud.purchaseServer", 2.25},
		{"cloud.deleteServer", 2.25},
		{"codingcontract.getContract", 15},
	}
	return editCosts(base, changed, removed, renamed, added)
}

func editCosts(base []fnCost, changed map[string]float64, removed map[string]bool, renamed map[string]string, added []fnCost) []fnCost {
	out := make([]fnCost, 0, len(base)+len(added))
	for _, c := range base {
		if removed[c.name] {
			continue
		}
		if v, ok := changed[c.name]; ok {
			c.cost = v
		}
		if n, ok := renamed[c.name]; ok {
			c.name = n
		}
		out = append(out, c)
	}
	return append(out, added...)
}

func tableFor(v Version) *ramTable {
	if v < 0 || int(v) >= len(ramTables) {
		v = V3
	}
	return ramTables[v]
}

// FunctionRAM returns the RAM cost in GB of the Netscript function name,
// flattened as in "hack", "stock.getPrice" or "formulas.hacking.hackTime",
// in version v, and whether the function exists there. Singularity
// functions are given at their base cost, which applies in BitNode 4 or with
// Source-File 4.3; see SingularityNoSF4.
func FunctionRAM(name string, v Version) (float64, bool) {
	c, ok := tableFor(v).cost[name]
	return c, ok
}
