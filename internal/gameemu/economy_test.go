package gameemu

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"testing"

	"bbctl/internal/savefile"
	"bbctl/internal/sim"
)

// TestHacknetServersNS runs a script against the hacknet API of a
// simulated BitNode 9 and of BitNode 1 with Source-File 9, and checks the
// game's answers: servers' stats, the limit, hashes and their sale, and
// spendHashes' refusals; and that getResetInfo carries Source-File 9.
func TestHacknetServersNS(t *testing.T) {
	const src = `export async function main(ns) {
  const h = ns.hacknet, out = {};
  out.max = h.maxNumNodes();
  out.none = h.spendHashes("Sell for Money", "", 1);
  out.first = h.purchaseNode();
  out.level = h.upgradeLevel(0, 99);
  out.ram = h.upgradeRam(0, 6);
  out.core = h.upgradeCore(0, 15);
  out.tooMany = h.upgradeCore(0, 200);
  out.stats = h.getNodeStats(0);
  out.num = h.numNodes();
  while (h.numHashes() < 8) await ns.sleep(1000);
  out.cap = h.hashCapacity();
  out.zero = h.spendHashes("Sell for Money", "", 0);
  out.unknown = h.spendHashes("Buy a Pony", "", 1);
  try { h.spendHashes("Sell for Money", "", -1); out.negative = "no throw"; } catch (e) { out.negative = "threw"; }
  try { h.spendHashes("Improve Studying"); out.other = "no throw"; } catch (e) { out.other = "threw"; }
  out.sold = h.spendHashes("Sell for Money", "", 2);
  out.tooMuch = h.spendHashes("Sell for Money", "", 1e6);
  out.sf = [...ns.getResetInfo().ownedSF.entries()];
  ns.write("out.txt", JSON.stringify(out), "w");
}`
	type result struct {
		Max, First, Num                 float64
		None, Level, RAM, Core, TooMany bool
		Zero, Unknown, Sold, TooMuch    bool
		Negative, Other                 string
		Cap                             float64
		SF                              [][2]int
		Stats                           map[string]any
	}
	for _, c := range []struct {
		name string
		cfg  sim.Config
		sf   [][2]int
	}{
		{"BitNode 9", sim.Config{BitNode: 9}, [][2]int{}},
		{"Source-File 9", sim.Config{Player: sim.PlayerConfig{SourceFile9: 2, SourceFile4: 1}}, [][2]int{{4, 1}, {9, 2}}},
	} {
		c.cfg.Player.Money = 1e12
		sw, err := sim.New(c.cfg)
		if err != nil {
			t.Fatal(err)
		}
		g, err := New(Config{Sim: sw, SimRate: 1000, Logf: t.Logf})
		if err != nil {
			t.Fatal(err)
		}
		ram, err := g.StaticRAM(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.AddScript("home", "t.js", ram); err != nil { // what a push through the Remote API does
			t.Fatal(err)
		}
		run(t, g, src, 1)
		text, ok := g.File("home", "out.txt")
		var save []byte
		g.l.do(func() { save, err = g.simSave() })
		g.Close()
		if err != nil {
			t.Fatal(err)
		}
		checkSave(t, c.name, save, c.sf)
		if !ok {
			t.Fatalf("%s: the script wrote nothing (%+v)", c.name, g.Counters())
		}
		var r result
		if err := json.Unmarshal([]byte(text), &r); err != nil {
			t.Fatalf("%s: %v in %s", c.name, err, text)
		}
		want := result{Max: 20, First: 0, Num: 1, Level: true, RAM: true, Core: true, Cap: 64,
			Zero: true, Sold: true, Negative: "threw", Other: "threw", SF: c.sf}
		st := r.Stats
		r.Stats = nil
		if js1, js2 := mustJSON(r), mustJSON(want); js1 != js2 {
			t.Errorf("%s: got  %s\nwant %s", c.name, js1, js2)
		}
		if st["name"] != "hacknet-server-0" || st["level"] != 100.0 || st["ram"] != 64.0 || st["cores"] != 16.0 ||
			st["cache"] != 1.0 || st["hashCapacity"] != 64.0 || st["ramUsed"] != 0.0 || !(st["production"].(float64) > 0) {
			t.Errorf("%s: getNodeStats = %v", c.name, st)
		}
		if s := sw.Stats(); s.HashesSold-s.HashesOverflow != 8 {
			t.Errorf("%s: %v hashes sold by spendHashes, want 8", c.name, s.HashesSold-s.HashesOverflow)
		}
	}
}

// checkSave checks that the save holds the Source-Files sf and
// hacknet-server-0 as a HacknetServer, and that bbctl reads it.
func checkSave(t *testing.T, name string, save []byte, sf [][2]int) {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(save))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := savefile.Parse(raw); err != nil {
		t.Errorf("%s: the save does not parse: %v", name, err)
	}
	var top struct{ Data map[string]string }
	if err := json.Unmarshal(raw, &top); err != nil {
		t.Fatal(err)
	}
	var player struct {
		Data struct{ SourceFiles struct{ Data [][2]int } }
	}
	var servers map[string]struct{ Ctor string }
	if err := json.Unmarshal([]byte(top.Data["PlayerSave"]), &player); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(top.Data["AllServersSave"]), &servers); err != nil {
		t.Fatal(err)
	}
	if got := player.Data.SourceFiles.Data; mustJSON(got) != mustJSON(sf) {
		t.Errorf("%s: the save's Source-Files %v, want %v", name, got, sf)
	}
	if servers["hacknet-server-0"].Ctor != "HacknetServer" || servers["home"].Ctor != "Server" {
		t.Errorf("%s: the save's servers %v", name, servers)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
