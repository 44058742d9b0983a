package controller

import (
	"slices"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
)

// firstMoney puts the quickest small preparation first, picked or not,
// and leaves the picks alone when none is quick and small.
func TestFirstMoney(t *testing.T) {
	gb := func(n float64) game.RAM { return game.RAM(n * float64(game.GiB)) }
	ram := gb(3200) // a thirty-second: 100 GB
	slow := hacking.Prospect{Host: "slow", ReadyIn: 300, Holds: []hacking.Hold{{Until: 300, RAM: gb(2000)}}}
	big := hacking.Prospect{Host: "big", ReadyIn: 30, Holds: []hacking.Hold{{Until: 30, RAM: gb(500)}}}
	small := hacking.Prospect{Host: "small", ReadyIn: 40, Holds: []hacking.Hold{{Until: 40, RAM: gb(80)}}}
	late := hacking.Prospect{Host: "late", ReadyIn: 600, Holds: []hacking.Hold{{Until: 600, RAM: gb(10)}}}
	for _, tt := range []struct {
		name       string
		ps, picked []hacking.Prospect
		want       []string
	}{
		{"added first", []hacking.Prospect{slow, big, small, late}, []hacking.Prospect{slow, big}, []string{"small", "slow", "big"}},
		{"moved first", []hacking.Prospect{slow, small}, []hacking.Prospect{slow, small}, []string{"small", "slow"}},
		{"none small and quick", []hacking.Prospect{slow, big, late}, []hacking.Prospect{slow}, []string{"slow"}},
	} {
		var got []string
		for _, p := range firstMoney(tt.ps, tt.picked, ram) {
			got = append(got, p.Host)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// keepEarning keeps the densest ready prospect when the picks harvest
// nothing, and nothing when a pick harvests or none is ready.
func TestKeepEarning(t *testing.T) {
	prep := hacking.Prospect{Host: "prep", ReadyIn: 300, Density: 5000}
	slow := hacking.Prospect{Host: "slow", Density: 600}
	quick := hacking.Prospect{Host: "quick", Density: 900}
	idle := hacking.Prospect{Host: "idle"}
	ready := map[string]bool{"slow": true, "quick": true, "idle": true}
	for _, tt := range []struct {
		name       string
		ps, picked []hacking.Prospect
		want       string
	}{
		{"the densest ready one", []hacking.Prospect{prep, slow, quick, idle}, []hacking.Prospect{prep}, "quick"},
		{"a pick harvests", []hacking.Prospect{prep, slow, quick}, []hacking.Prospect{prep, slow}, ""},
		{"none ready", []hacking.Prospect{prep}, []hacking.Prospect{prep}, ""},
		{"none earns", []hacking.Prospect{prep, idle}, []hacking.Prospect{prep}, ""},
	} {
		got := ""
		if p, ok := keepEarning(tt.ps, tt.picked, ready); ok {
			got = p.Host
		}
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
