package game

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"bbctl/internal/refdata"
)

type serversFile struct {
	Count          int                 `json:"count"`
	CountWithMoney int                 `json:"count_with_money"`
	Servers        []json.RawMessage   `json:"servers"`
	Layers         map[string][]string `json:"layers"`
}

func TestCatalogueMatchesServersJSON(t *testing.T) {
	var f serversFile
	refdata.LoadJSON(t, "game/servers.json", &f)
	cat := Catalogue()
	if len(cat) != f.Count || len(f.Servers) != f.Count || f.Count != 71 {
		t.Fatalf("catalogue has %d servers, servers.json %d (count %d)", len(cat), len(f.Servers), f.Count)
	}
	withMoney := 0
	for i, raw := range f.Servers {
		// Every field of the file must be one the decoder knows.
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			t.Fatal(err)
		}
		known := map[string]bool{"index": true, "hostname": true, "organizationName": true, "specialName": true,
			"requiredHackingSkill": true, "numOpenPortsRequired": true, "hackDifficulty": true, "moneyAvailable": true,
			"serverGrowth": true, "maxRamExponent": true, "networkLayer": true, "literature": true}
		for k := range fields {
			if !known[k] {
				t.Errorf("server %d: field %q not modelled", i, k)
			}
		}
		want, err := SpecFromJSON(raw)
		if err != nil {
			t.Fatalf("server %d: %v", i, err)
		}
		got := cat[i]
		if len(want.Literature) == 0 {
			want.Literature = nil
		}
		if len(got.Literature) == 0 {
			got.Literature = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("server %d:\n got %+v\nwant %+v", i, got, want)
		}
		if got.Index != i {
			t.Errorf("server %d: index %d", i, got.Index)
		}
		if !got.MoneyAvailable.IsZero() {
			withMoney++
		}
	}
	if withMoney != f.CountWithMoney {
		t.Errorf("%d servers with money, want %d", withMoney, f.CountWithMoney)
	}
	// The layer lists are the catalogue's layers in catalogue order.
	for l := 1; l <= NetworkLayers; l++ {
		var got []string
		for _, s := range cat {
			if s.NetworkLayer == l {
				got = append(got, s.Hostname)
			}
		}
		if want := f.Layers[itoaLayer(l)]; !reflect.DeepEqual(got, want) {
			t.Errorf("layer %d: %v, want %v", l, got, want)
		}
	}
}

func itoaLayer(l int) string { b, _ := json.Marshal(l); return string(b) }

func TestCatalogueIsACopy(t *testing.T) {
	a := Catalogue()
	a[0].Hostname = "changed"
	a[67].Literature[0] = "changed"
	b := Catalogue()
	if b[0].Hostname == "changed" || b[67].Literature[0] == "changed" {
		t.Fatal("Catalogue returns shared storage")
	}
}

type bitnodesFile struct {
	Defaults map[string]float64 `json:"defaults"`
	BitNodes map[string]struct {
		Name        string             `json:"name"`
		Tagline     string             `json:"tagline"`
		Difficulty  int                `json:"difficulty"`
		Level       int                `json:"level"`
		Multipliers map[string]float64 `json:"multipliers"`
	} `json:"bitnodes"`
	BN12Levels map[string]map[string]float64 `json:"bn12_levels"`
}

// multsMap returns m as key → value through its JSON tags.
func multsMap(t *testing.T, m BitNodeMults) map[string]float64 {
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]float64
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBitNodesMatchBitnodesJSON(t *testing.T) {
	var f bitnodesFile
	refdata.LoadJSON(t, "game/bitnodes.json", &f)
	if len(f.Defaults) != 52 {
		t.Fatalf("defaults has %d keys, want 52", len(f.Defaults))
	}
	if got := multsMap(t, DefaultBitNodeMults()); !reflect.DeepEqual(got, f.Defaults) {
		t.Errorf("defaults:\n got %v\nwant %v", got, f.Defaults)
	}
	if reflect.TypeOf(BitNodeMults{}).NumField() != 52 {
		t.Errorf("BitNodeMults has %d fields, want 52", reflect.TypeOf(BitNodeMults{}).NumField())
	}
	nodes := BitNodes()
	if len(f.BitNodes) != 14 || len(nodes) != 14 {
		t.Fatalf("%d BitNodes in the file, %d here, want 14", len(f.BitNodes), len(nodes))
	}
	for n := 1; n <= 14; n++ {
		want := f.BitNodes[itoaLayer(n)]
		m, err := BitNodeMultipliers(n, want.Level)
		if err != nil {
			t.Fatal(err)
		}
		got := multsMap(t, m)
		for k, w := range want.Multipliers {
			if g, ok := got[k]; !ok || g != w {
				t.Errorf("BitNode %d %s = %v, want %v", n, k, g, w)
			}
		}
		if len(got) != len(want.Multipliers) {
			t.Errorf("BitNode %d: %d keys, want %d", n, len(got), len(want.Multipliers))
		}
		nd := nodes[n-1]
		if nd.Number != n || nd.Name != want.Name || nd.Tagline != want.Tagline || nd.Difficulty != want.Difficulty {
			t.Errorf("BitNode %d: %+v, want %q %q %d", n, nd, want.Name, want.Tagline, want.Difficulty)
		}
	}
	if len(f.BN12Levels) < 5 {
		t.Fatalf("only %d BN12 levels", len(f.BN12Levels))
	}
	for lvl, want := range f.BN12Levels {
		var level int
		if err := json.Unmarshal([]byte(lvl), &level); err != nil {
			t.Fatal(err)
		}
		m, err := BitNodeMultipliers(12, level)
		if err != nil {
			t.Fatal(err)
		}
		got := multsMap(t, m)
		if !reflect.DeepEqual(got, want) {
			for k := range want {
				if got[k] != want[k] {
					t.Errorf("BN12 level %d %s = %v, want %v", level, k, got[k], want[k])
				}
			}
		}
	}
}

func TestBitNodeMultipliersRejectsBadInput(t *testing.T) {
	for _, c := range []struct{ n, level int }{{0, 1}, {15, 1}, {-1, 1}, {1, 0}, {12, -3}} {
		if _, err := BitNodeMultipliers(c.n, c.level); err == nil {
			t.Errorf("BitNodeMultipliers(%d, %d): no error", c.n, c.level)
		}
	}
	if _, err := ParseBitNode("12.x"); err == nil {
		t.Error("ParseBitNode(12.x): no error")
	}
	m, err := ParseBitNode("12.2")
	if err != nil || m.ServerStartingSecurity != 1.5 || m.HackingLevelMultiplier != 1/math.Pow(1.02, 2) {
		t.Errorf("ParseBitNode(12.2) = %v, %v", m.HackingLevelMultiplier, err)
	}
}

func TestGenerateNetwork(t *testing.T) {
	cat := Catalogue()
	for _, v := range []Version{V261, V3} {
		for seed := uint64(1); seed <= 20; seed++ {
			bn, _ := BitNodeMultipliers(int(seed%14)+1, 1)
			n := GenerateNetwork(rand.New(rand.NewPCG(seed, 0)), &bn, v)
			if len(n.Servers) != 71 { // home + 71 − darkweb
				t.Fatalf("%d servers, want 71", len(n.Servers))
			}
			if n.Servers[0].Hostname != HomeHostname || n.Lookup(DarkwebHostname) != nil {
				t.Fatal("home must be first and darkweb absent")
			}
			if h := n.Home(); h.MaxRAM != 8*GiB || h.Cores != 1 || !h.HasAdminRights || !h.PurchasedByPlayer {
				t.Errorf("home: %+v", h.Server)
			}
			// Catalogue order after home.
			j := 1
			for _, spec := range cat {
				if spec.Hostname == DarkwebHostname {
					continue
				}
				s := n.Servers[j]
				j++
				if s.Hostname != spec.Hostname || s.Layer != spec.NetworkLayer {
					t.Fatalf("server %d: %s layer %d, want %s layer %d", j-1, s.Hostname, s.Layer, spec.Hostname, spec.NetworkLayer)
				}
				checkRolled(t, spec, s.Server, &bn)
				switch {
				case v == V261 && s.Cores != 1:
					t.Errorf("%s: %d cores in 2.6.1", s.Hostname, s.Cores)
				case v == V3 && s.Layer > 0 && (s.Cores < (s.Layer+1)/2 || s.Cores > s.Layer):
					t.Errorf("%s: %d cores at layer %d", s.Hostname, s.Cores, s.Layer)
				case s.Layer == 0 && s.Cores != 1:
					t.Errorf("%s: unlinked server with %d cores", s.Hostname, s.Cores)
				}
			}
			checkTree(t, n)
			// Determinism: the same seed gives the same network.
			again := GenerateNetwork(rand.New(rand.NewPCG(seed, 0)), &bn, v)
			if !reflect.DeepEqual(n.Servers, again.Servers) {
				t.Fatalf("seed %d: two networks differ", seed)
			}
		}
	}
	a := GenerateNetwork(rand.New(rand.NewPCG(1, 0)), ptr(DefaultBitNodeMults()), V3)
	b := GenerateNetwork(rand.New(rand.NewPCG(2, 0)), ptr(DefaultBitNodeMults()), V3)
	if reflect.DeepEqual(a.Servers, b.Servers) {
		t.Error("seeds 1 and 2 give the same network")
	}
}

func ptr[T any](v T) *T { return &v }

// checkRolled checks that s is a construction of spec with values inside
// its ranges.
func checkRolled(t *testing.T, spec ServerSpec, s Server, bn *BitNodeMults) {
	t.Helper()
	in := func(r Range, x float64) bool { return r.IsZero() || (x >= r.Min && x <= r.Max) }
	base := s.MoneyAvailable / bn.ServerStartingMoney
	if bn.ServerStartingMoney != 0 && !in(spec.MoneyAvailable, math.Round(base)) {
		t.Errorf("%s: money %v outside %v", s.Hostname, s.MoneyAvailable, spec.MoneyAvailable)
	}
	if spec.Hostname != WorldDaemonHostname && !in(spec.RequiredHackingSkill, float64(s.RequiredHackingSkill)) {
		t.Errorf("%s: required level %d outside %v", s.Hostname, s.RequiredHackingSkill, spec.RequiredHackingSkill)
	}
	if !in(spec.ServerGrowth, s.ServerGrowth) {
		t.Errorf("%s: growth %v outside %v", s.Hostname, s.ServerGrowth, spec.ServerGrowth)
	}
	if s.HackDifficulty != s.BaseDifficulty || s.MinDifficulty > s.HackDifficulty || s.MinDifficulty < 1 || s.HackDifficulty > 100 {
		t.Errorf("%s: security %v base %v min %v", s.Hostname, s.HackDifficulty, s.BaseDifficulty, s.MinDifficulty)
	}
	if spec.RAMExponent.IsZero() != (s.MaxRAM == 0) {
		t.Errorf("%s: RAM %v with exponent %v", s.Hostname, s.MaxRAM, spec.RAMExponent)
	}
	if s.HasAdminRights || s.NumOpenPortsRequired != spec.NumOpenPortsRequired {
		t.Errorf("%s: root %v ports %d", s.Hostname, s.HasAdminRights, s.NumOpenPortsRequired)
	}
}

// checkTree checks that the links form a tree rooted at home in which every
// server of layer L is L hops from home, its parent is in layer L−1 and
// scan order is parent first, then children in catalogue order.
func checkTree(t *testing.T, n *Network) {
	t.Helper()
	depth := map[string]int{HomeHostname: 0}
	queue := []string{HomeHostname}
	edges := 0
	for len(queue) > 0 {
		h := queue[0]
		queue = queue[1:]
		s := n.Lookup(h)
		for k, nb := range s.Links {
			o := n.Lookup(nb)
			if o == nil {
				t.Fatalf("%s links to unknown %s", h, nb)
			}
			edges++
			if h != HomeHostname && k == 0 {
				if nb != s.Parent {
					t.Errorf("%s: first link %s, parent %s", h, nb, s.Parent)
				}
				continue
			}
			if o.Parent != h {
				t.Errorf("%s: link %d to %s whose parent is %s", h, k, nb, o.Parent)
			}
			if _, seen := depth[nb]; seen {
				t.Fatalf("cycle through %s", nb)
			}
			depth[nb] = depth[h] + 1
			if k > 1 || (h == HomeHostname && k > 0) {
				prev := n.Lookup(s.Links[k-1])
				if n.index[prev.Hostname] > n.index[nb] {
					t.Errorf("%s: children out of catalogue order: %s before %s", h, prev.Hostname, nb)
				}
			}
			queue = append(queue, nb)
		}
	}
	for _, s := range n.Servers {
		d, ok := depth[s.Hostname]
		switch {
		case s.Layer == 0 && s.Hostname != HomeHostname:
			if ok || len(s.Links) != 0 || s.Parent != "" {
				t.Errorf("%s: unlinked server is linked", s.Hostname)
			}
		case !ok:
			t.Errorf("%s unreachable from home", s.Hostname)
		case d != s.Layer:
			t.Errorf("%s: %d hops from home at layer %d", s.Hostname, d, s.Layer)
		}
	}
	if edges != 2*(len(depth)-1) {
		t.Errorf("%d link ends for %d servers: not a tree", edges, len(depth))
	}
}
