package game

import (
	"math"
	"testing"

	"bbctl/internal/refdata"
)

// TestExampleInstance rebuilds servers.json's example_instance, a network
// the real game rolled in BitNode 1: Construct is fed the values the game
// drew and must give every constructed field the game recorded, and the
// neighbour lists must follow the link rule GenerateNetwork implements.
func TestExampleInstance(t *testing.T) {
	var f struct {
		ExampleInstance struct {
			Servers map[string]struct {
				RequiredHackingSkill int      `json:"requiredHackingSkill"`
				NumOpenPortsRequired int      `json:"numOpenPortsRequired"`
				HackDifficulty       float64  `json:"hackDifficulty"`
				MinDifficulty        float64  `json:"minDifficulty"`
				MoneyAvailable       float64  `json:"moneyAvailable"`
				MoneyMax             float64  `json:"moneyMax"`
				ServerGrowth         float64  `json:"serverGrowth"`
				MaxRAM               float64  `json:"maxRam"`
				ServersOnNetwork     []string `json:"serversOnNetwork"`
			} `json:"servers"`
		} `json:"example_instance"`
	}
	refdata.LoadJSON(t, "game/servers.json", &f)
	inst := f.ExampleInstance.Servers
	if len(inst) != 72 {
		t.Fatalf("%d servers in the instance, want 72", len(inst))
	}
	bn := DefaultBitNodeMults()
	layer := map[string]int{HomeHostname: 0}
	index := map[string]int{}
	for _, spec := range Catalogue() {
		layer[spec.Hostname] = spec.NetworkLayer
		index[spec.Hostname] = spec.Index
		got, ok := inst[spec.Hostname]
		if !ok {
			t.Fatalf("%s missing from the instance", spec.Hostname)
		}
		// The values the game drew, in its draw order.
		drawn := []float64{}
		if !spec.RAMExponent.Fixed() {
			drawn = append(drawn, math.Log2(got.MaxRAM))
		}
		if !spec.HackDifficulty.Fixed() {
			drawn = append(drawn, got.HackDifficulty)
		}
		if !spec.MoneyAvailable.Fixed() {
			drawn = append(drawn, got.MoneyAvailable)
		}
		if !spec.RequiredHackingSkill.Fixed() {
			drawn = append(drawn, float64(got.RequiredHackingSkill))
		}
		if !spec.ServerGrowth.Fixed() {
			drawn = append(drawn, got.ServerGrowth)
		}
		k := 0
		s := Construct(spec, func(lo, hi int64) int64 {
			v := int64(drawn[k])
			k++
			if v < lo || v > hi {
				t.Errorf("%s: drawn %d outside [%d, %d]", spec.Hostname, v, lo, hi)
			}
			return v
		}, &bn)
		if k != len(drawn) {
			t.Errorf("%s: %d draws, want %d", spec.Hostname, k, len(drawn))
		}
		if s.RequiredHackingSkill != got.RequiredHackingSkill || s.NumOpenPortsRequired != got.NumOpenPortsRequired ||
			s.HackDifficulty != got.HackDifficulty || s.MinDifficulty != got.MinDifficulty ||
			s.MoneyAvailable != got.MoneyAvailable || s.MoneyMax != got.MoneyMax ||
			s.ServerGrowth != got.ServerGrowth || s.MaxRAM.GB() != got.MaxRAM {
			t.Errorf("%s: constructed %+v\nthe game: %+v", spec.Hostname, s, got)
		}
	}
	// Scan order: home lists layer 1 in catalogue order; every other linked
	// server lists its parent (one layer up) first, then its children (one
	// layer down) in catalogue order; unlinked servers list nothing.
	for host, s := range inst {
		l := layer[host]
		nbs := s.ServersOnNetwork
		if host != HomeHostname && l == 0 {
			if len(nbs) != 0 {
				t.Errorf("%s: unlinked but has neighbours %v", host, nbs)
			}
			continue
		}
		children := nbs
		if host != HomeHostname {
			if len(nbs) == 0 || layer[nbs[0]] != l-1 {
				t.Errorf("%s (layer %d): first neighbour %v is not its parent", host, l, nbs)
				continue
			}
			children = nbs[1:]
		}
		for i, c := range children {
			if layer[c] != l+1 {
				t.Errorf("%s (layer %d): neighbour %s at layer %d", host, l, c, layer[c])
			}
			if i > 0 && index[children[i-1]] > index[c] {
				t.Errorf("%s: children out of catalogue order: %v", host, children)
			}
			if p := inst[c].ServersOnNetwork; len(p) == 0 || p[0] != host {
				t.Errorf("%s lists %s as child, whose parent is %v", host, c, p)
			}
		}
	}
}
