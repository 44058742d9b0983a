// Package savefile reads, from a Bitburner save, the facts bbctl needs and
// the in-game agent cannot afford to ask for: the BitNode and its level
// (ns.getResetInfo costs 1 GB) and each server's cores (ns.getServer costs
// 2 GB). The Remote API hands the save over for free (getSaveFile, game
// 2.8.1 and later).
//
// A save is JSON: {"ctor":"BitburnerSaveObject","data":{...}} whose
// PlayerSave and AllServersSave fields are themselves JSON texts. The
// player's Source-Files, and the levels a BitNode's options override, are
// JSONMaps: {"ctor":"JSONMap","data":[[key,value],...]}.
package savefile

import (
	"encoding/json"
	"fmt"
	"math"

	"bbctl/internal/game"
)

// Facts are what bbctl reads from a save.
type Facts struct {
	BitNode      int            // the current BitNode
	BitNodeLevel int            // its level: the active Source-File level for it, plus one
	Cores        map[string]int // CPU cores by hostname
	// Singularity is the Singularity API's level (game.SingularityLevel):
	// 0 without it.
	Singularity int
	// Stocks are the player's stock-market purchases; nil when the save
	// does not say.
	Stocks *StockAccess
}

// StockAccess is what the player bought of the stock market (the player's
// hasWseAccount, hasTixApiAccess, has4SData and has4SDataTixApi).
type StockAccess struct {
	WSE, TIX, Data4S, API4S bool
}

// wrapped is the game's serialised class: {"ctor": name, "data": value}.
type wrapped[T any] struct {
	Ctor string `json:"ctor"`
	Data T      `json:"data"`
}

// Parse reads the facts from a save's JSON text (rfa.SaveFile.JSON).
func Parse(save []byte) (Facts, error) {
	var top wrapped[struct {
		PlayerSave     *string `json:"PlayerSave"`
		AllServersSave *string `json:"AllServersSave"`
	}]
	if err := json.Unmarshal(save, &top); err != nil {
		return Facts{}, fmt.Errorf("save: %w", err)
	}
	if top.Ctor != "BitburnerSaveObject" {
		return Facts{}, fmt.Errorf("save: ctor %q, want BitburnerSaveObject", top.Ctor)
	}
	if top.Data.PlayerSave == nil || top.Data.AllServersSave == nil {
		return Facts{}, fmt.Errorf("save: no PlayerSave or AllServersSave")
	}
	f, err := parsePlayer(*top.Data.PlayerSave)
	if err != nil {
		return Facts{}, err
	}
	if f.Cores, err = parseServers(*top.Data.AllServersSave); err != nil {
		return Facts{}, err
	}
	return f, nil
}

func parsePlayer(text string) (Facts, error) {
	var p wrapped[struct {
		BitNodeN       *float64         `json:"bitNodeN"`
		SourceFiles    *json.RawMessage `json:"sourceFiles"`
		BitNodeOptions struct {
			SourceFileOverrides *json.RawMessage `json:"sourceFileOverrides"`
		} `json:"bitNodeOptions"`
		WSE    *bool `json:"hasWseAccount"`
		TIX    *bool `json:"hasTixApiAccess"`
		Data4S *bool `json:"has4SData"`
		API4S  *bool `json:"has4SDataTixApi"`
	}]
	if err := json.Unmarshal([]byte(text), &p); err != nil {
		return Facts{}, fmt.Errorf("save: PlayerSave: %w", err)
	}
	if p.Ctor != "PlayerObject" {
		return Facts{}, fmt.Errorf("save: PlayerSave: ctor %q, want PlayerObject", p.Ctor)
	}
	if p.Data.BitNodeN == nil {
		return Facts{}, fmt.Errorf("save: PlayerSave: no bitNodeN")
	}
	n, ok := count(*p.Data.BitNodeN)
	if !ok || n < 1 {
		return Facts{}, fmt.Errorf("save: PlayerSave: bitNodeN %v is not a BitNode number", *p.Data.BitNodeN)
	}
	owned, err := levels(p.Data.SourceFiles, "sourceFiles")
	if err != nil {
		return Facts{}, err
	}
	overrides, err := levels(p.Data.BitNodeOptions.SourceFileOverrides, "bitNodeOptions.sourceFileOverrides")
	if err != nil {
		return Facts{}, err
	}
	// The active level is the override when the BitNode's options set
	// one, else the level owned.
	lvl, ok := overrides[n]
	if !ok {
		lvl = owned[n]
	}
	sf4, ok := overrides[4]
	if !ok {
		sf4 = owned[4]
	}
	f := Facts{BitNode: n, BitNodeLevel: lvl + 1, Singularity: game.SingularityLevel(n, sf4)}
	d := &p.Data
	if d.WSE != nil || d.TIX != nil || d.Data4S != nil || d.API4S != nil {
		is := func(b *bool) bool { return b != nil && *b }
		f.Stocks = &StockAccess{WSE: is(d.WSE), TIX: is(d.TIX), Data4S: is(d.Data4S), API4S: is(d.API4S)}
	}
	return f, nil
}

// levels decodes a JSONMap of Source-File levels by BitNode number; a
// missing map is empty.
func levels(raw *json.RawMessage, field string) (map[int]int, error) {
	out := map[int]int{}
	if raw == nil || string(*raw) == "null" {
		return out, nil
	}
	var m wrapped[[][]float64]
	if err := json.Unmarshal(*raw, &m); err != nil {
		return nil, fmt.Errorf("save: PlayerSave: %s: %w", field, err)
	}
	if m.Ctor != "JSONMap" {
		return nil, fmt.Errorf("save: PlayerSave: %s: ctor %q, want JSONMap", field, m.Ctor)
	}
	for _, kv := range m.Data {
		if len(kv) != 2 {
			return nil, fmt.Errorf("save: PlayerSave: %s: entry %v is not a [BitNode, level] pair", field, kv)
		}
		n, okN := count(kv[0])
		l, okL := count(kv[1])
		if !okN || !okL || n < 1 {
			return nil, fmt.Errorf("save: PlayerSave: %s: entry %v is not a [BitNode, level] pair", field, kv)
		}
		out[n] = l
	}
	return out, nil
}

func parseServers(text string) (map[string]int, error) {
	var all map[string]wrapped[struct {
		Hostname string   `json:"hostname"`
		CPUCores *float64 `json:"cpuCores"`
	}]
	if err := json.Unmarshal([]byte(text), &all); err != nil {
		return nil, fmt.Errorf("save: AllServersSave: %w", err)
	}
	cores := make(map[string]int, len(all))
	for key, s := range all {
		if s.Data.CPUCores == nil {
			continue // not a server with cores (or not one bbctl knows)
		}
		c, ok := count(*s.Data.CPUCores)
		if !ok || c < 1 {
			return nil, fmt.Errorf("save: AllServersSave: %s: cpuCores %v, want a whole number ≥ 1", key, *s.Data.CPUCores)
		}
		host := s.Data.Hostname
		if host == "" {
			host = key
		}
		cores[host] = c
	}
	return cores, nil
}

// count converts a JSON number that must be a whole, non-negative count.
func count(x float64) (int, bool) {
	if x < 0 || x > 1<<31 || x != math.Trunc(x) {
		return 0, false
	}
	return int(x), true
}
