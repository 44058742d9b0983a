package rfa

import "strings"

// API describes the differences between game versions that matter to bbctl
// (MECHANICS §1). Detect it from the definitions file with DetectAPI, or from
// the agent's report.
type API struct {
	V3           bool // 3.x: ns.cloud, typed contract answers, NS1 removed
	Cloud        bool // purchased servers are ns.cloud.*
	StockRenamed bool // hasWseAccount, hasTixApiAccess, has4SDataTixApi
	RAMOverride  bool // ns.ramOverride exists (2.6.2+)
	// Extensions are the file extensions pushFile accepts.
	Extensions []string
}

// DetectAPI reads the game's NetscriptDefinitions.d.ts and reports which
// API it describes. Unknown or empty text yields the 2.6 API.
func DetectAPI(defs string) API {
	a := API{
		Cloud:        strings.Contains(defs, "cloud: Cloud") || strings.Contains(defs, "interface Cloud"),
		StockRenamed: strings.Contains(defs, "hasTixApiAccess"),
		RAMOverride:  strings.Contains(defs, "ramOverride("),
	}
	a.V3 = a.Cloud || a.StockRenamed
	a.Extensions = []string{".js", ".script", ".txt", ".json"}
	if strings.Contains(defs, ".tsx") { // 2.7+
		a.Extensions = append(a.Extensions, ".jsx", ".ts", ".tsx")
	}
	if a.V3 { // NS1 .script files are gone; .css is new
		a.Extensions = []string{".js", ".txt", ".json", ".jsx", ".ts", ".tsx", ".css"}
	}
	return a
}

// Version returns a short name of the API generation: "2.6" or "3.x".
func (a API) Version() string {
	if a.V3 {
		return "3.x"
	}
	return "2.6"
}
