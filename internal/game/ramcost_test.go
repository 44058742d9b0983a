package game

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"bbctl/internal/refdata"
)

type ramCostsFile struct {
	Base               float64            `json:"base"`
	MaxPerThread       float64            `json:"max_per_thread"`
	SpecialIdentifiers map[string]float64 `json:"special_identifiers"`
	Functions          json.RawMessage    `json:"functions"`
	SF4Scaling         map[string]struct {
		NoSF4 float64 `json:"no_sf4_or_sf4_level_1"`
		SF42  float64 `json:"sf4_level_2"`
		SF43  float64 `json:"sf4_level_3_or_in_bn4"`
	} `json:"singularity_sf4_scaling"`
	IdentifierCosts map[string]struct {
		ChargedAs *string `json:"charged_as"`
		Cost      float64 `json:"cost"`
	} `json:"identifier_costs"`
	ScriptExamples []struct {
		Name    string   `json:"name"`
		Code    string   `json:"code"`
		RAM     float64  `json:"ram_per_thread"`
		Charged []Charge `json:"charged"`
	} `json:"script_examples"`
	V27 struct {
		Changed map[string]map[string]float64 `json:"changed"`
		Added   map[string]float64            `json:"added"`
		Removed []string                      `json:"removed"`
	} `json:"v2_7_changes"`
	V3 struct {
		Cloud map[string]float64 `json:"cloud"`
	} `json:"v3_changes"`
}

// orderedCosts decodes a JSON object of name → cost keeping its order.
func orderedCosts(t *testing.T, raw json.RawMessage) []fnCost {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var out []fnCost
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var v float64
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, fnCost{k.(string), v})
	}
	return out
}

func loadRAMCosts(t *testing.T) ramCostsFile {
	var f ramCostsFile
	refdata.LoadJSON(t, "game/ram-costs.json", &f)
	return f
}

func TestRAMTableMatchesRAMCostsJSON(t *testing.T) {
	f := loadRAMCosts(t)
	if f.Base != ScriptBaseRAM || f.MaxPerThread != ScriptMaxRAM {
		t.Errorf("base %v max %v", f.Base, f.MaxPerThread)
	}
	want := map[string]float64{"window": domRAM, "document": domRAM, "hacknet": hacknetRAM}
	for k, v := range f.SpecialIdentifiers {
		if want[k] != v {
			t.Errorf("special identifier %s = %v, want %v", k, want[k], v)
		}
	}
	fns := orderedCosts(t, f.Functions)
	if len(fns) != len(ramCosts261) {
		t.Fatalf("%d functions in the file, %d here", len(fns), len(ramCosts261))
	}
	for i, c := range fns {
		if ramCosts261[i] != c {
			t.Errorf("function %d: %v, want %v", i, ramCosts261[i], c)
		}
		if got, ok := FunctionRAM(c.name, V261); !ok || got != c.cost {
			t.Errorf("FunctionRAM(%s, V261) = %v, %v; want %v", c.name, got, ok, c.cost)
		}
	}
	for name, s := range f.SF4Scaling {
		base, _ := FunctionRAM(name, V261)
		if base*SingularityNoSF4 != s.NoSF4 || base*4 != s.SF42 || base != s.SF43 {
			t.Errorf("%s: base %v, scaling %+v", name, base, s)
		}
	}
}

func TestIdentifierCosts(t *testing.T) {
	f := loadRAMCosts(t)
	if len(f.IdentifierCosts) != 460 {
		t.Fatalf("%d identifiers", len(f.IdentifierCosts))
	}
	for id, want := range f.IdentifierCosts {
		src := "export async function main(ns) { " + id + "; }"
		ram, charges, err := ScriptRAM(src, V261)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if want.ChargedAs == nil {
			if len(charges) != 0 || ram != GB(ScriptBaseRAM) {
				t.Errorf("%s: charged %v (%v), want nothing", id, charges, ram)
			}
			continue
		}
		if len(charges) != 1 {
			t.Errorf("%s: charges %v, want %s", id, charges, *want.ChargedAs)
			continue
		}
		// The file names go.cheat.x and go.analysis.x as cheat.x, analysis.x.
		if c := charges[0]; (c.Name != *want.ChargedAs && c.Name != "go."+*want.ChargedAs) || c.Cost != want.Cost {
			t.Errorf("%s: charged %v, want %s %v", id, c, *want.ChargedAs, want.Cost)
		}
		if w := GB(ScriptBaseRAM + want.Cost); ram != w {
			t.Errorf("%s: RAM %v, want %v", id, ram, w)
		}
	}
}

func TestScriptExamples(t *testing.T) {
	f := loadRAMCosts(t)
	if len(f.ScriptExamples) < 10 {
		t.Fatalf("only %d examples", len(f.ScriptExamples))
	}
	for _, ex := range f.ScriptExamples {
		ram, charges, err := ScriptRAM(ex.Code, V261)
		if err != nil {
			t.Errorf("%s: %v", ex.Name, err)
			continue
		}
		if ram != GB(ex.RAM) {
			t.Errorf("%s: %v, want %v", ex.Name, ram, ex.RAM)
		}
		var want []Charge
		for _, c := range ex.Charged {
			if c.Name != "Max Ram Cap" { // the file's marker for the cap
				want = append(want, c)
			}
		}
		if len(charges) != len(want) {
			t.Errorf("%s: charges %v, want %v", ex.Name, charges, want)
			continue
		}
		for i := range want {
			if charges[i] != want[i] {
				t.Errorf("%s: charge %d %v, want %v", ex.Name, i, charges[i], want[i])
			}
		}
	}
}

func TestV27AndV3Changes(t *testing.T) {
	f := loadRAMCosts(t)
	v27 := map[string]float64{}
	for _, c := range v27Costs(ramCosts261[:]) {
		v27[c.name] = c.cost
	}
	base := map[string]float64{}
	for _, c := range ramCosts261 {
		base[c.name] = c.cost
	}
	for name, ch := range f.V27.Changed {
		if base[name] != ch["2.6.1"] || v27[name] != ch["2.7dev"] {
			t.Errorf("%s: 2.6.1 %v, 2.7 %v; want %v", name, base[name], v27[name], ch)
		}
	}
	for name, c := range f.V27.Added {
		if got, ok := v27[name]; !ok || got != c {
			t.Errorf("2.7 added %s: %v %v, want %v", name, got, ok, c)
		}
		if _, ok := base[name]; ok {
			t.Errorf("%s already in 2.6.1", name)
		}
	}
	// Nothing else differs.
	diff := 0
	for name, c := range v27 {
		if b, ok := base[name]; !ok || b != c {
			diff++
		}
	}
	if diff != len(f.V27.Changed)+len(f.V27.Added) || len(v27) != len(base)+len(f.V27.Added)-len(f.V27.Removed) {
		t.Errorf("2.7 differs from 2.6.1 in %d functions, want %d", diff, len(f.V27.Changed)+len(f.V27.Added))
	}
	for name, c := range f.V3.Cloud {
		if got, ok := FunctionRAM(name, V3); !ok || got != c {
			t.Errorf("v3 %s = %v %v, want %v", name, got, ok, c)
		}
	}
	for _, c := range []struct {
		name string
		cost float64
		ok   bool
	}{
		{"hacknet.numNodes", 0.5, true}, {"rm", 0.6, true}, {"stock.nextUpdate", 0, true},
		{"stock.hasWseAccount", 0.05, true}, {"stock.hasWSEAccount", 0, false},
		{"codingcontract.getContract", 15, true}, {"codingcontract.getContractTypes", 0, true},
		{"getPurchasedServers", 0, false}, {"ramOverride", 0, true}, {"hack", 0.1, true},
	} {
		if got, ok := FunctionRAM(c.name, V3); ok != c.ok || got != c.cost {
			t.Errorf("FunctionRAM(%s, V3) = %v, %v; want %v, %v", c.name, got, ok, c.cost, c.ok)
		}
	}
	if _, ok := FunctionRAM("ramOverride", V261); ok {
		t.Error("ramOverride exists in 2.6.1")
	}
}

func TestScriptRAM(t *testing.T) {
	tests := []struct {
		name string
		src  string
		v    Version
		want float64
	}{
		{"hacknet v3", "export async function main(ns) { ns.hacknet.numNodes(); ns.hacknet.purchaseNode(); }", V3, 2.6},
		{"hacknet 2.6.1", "export async function main(ns) { ns.hacknet.numNodes(); ns.hacknet.purchaseNode(); }", V261, 5.6},
		{"string not charged", `export async function main(ns) { ns.print("hack grow weaken"); }`, V261, 1.6},
		{"single quotes", `export async function main(ns) { ns.print('exec'); }`, V261, 1.6},
		{"comments", "// ns.hack\n/* ns.exec() */ export async function main(ns) {}", V261, 1.6},
		{"template text", "export async function main(ns) { ns.print(`hack ${ns.getHostname()} exec`); }", V261, 1.65},
		{"nested template", "export async function main(ns) { ns.print(`a ${`b ${ns.hack}`} c`); }", V261, 1.7},
		{"regex", `export async function main(ns) { const r = /exec|hack/g; return r.test("x"); }`, V261, 1.6},
		{"division is not a regex", "export async function main(ns) { const a = 4 / 2; const b = a / ns.hack; }", V261, 1.7},
		{"escaped quote", `export async function main(ns) { ns.print("a\"exec"); ns.weaken(); }`, V261, 1.75},
		{"override v3", "export async function main(ns) {\n  ns.ramOverride(4.567);\n  ns.exec();\n}", V3, 4.57},
		{"override ignored in 2.6.1", "export async function main(ns) { ns.ramOverride(4); ns.exec(); }", V261, 2.9},
		{"override not first", "export async function main(ns) { ns.exec(); ns.ramOverride(4); }", V3, 2.9},
		{"override below base", "export async function main(ns) { ns.ramOverride(1); ns.exec(); }", V3, 2.9},
		{"singularity without SF4", "export async function main(ns) { ns.singularity.connect('a'); }", V3, 33.6},
		{"cloud in v3", "export async function main(ns) { ns.cloud.getServerNames(); }", V3, 2.65},
		{"http import", `import { x } from "https://example.com/x.js"; export async function main(ns) {}`, V261, 1.6},
		{"window property", "export async function main(ns) { globalThis.window; }", V3, 26.6},
	}
	for _, tt := range tests {
		ram, charges, err := ScriptRAM(tt.src, tt.v)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if ram != GB(tt.want) {
			t.Errorf("%s: %v (%v), want %vGB", tt.name, ram, charges, tt.want)
		}
	}
	for _, bad := range []string{
		`import { a } from "lib/a.js"; export async function main(ns) {}`,
		`export async function main(ns) { ns.print("unterminated); }`,
		"export async function main(ns) { /* open",
		"export async function main(ns) { ns.print(`open ${ns.hack); }",
	} {
		if _, _, err := ScriptRAM(bad, V3); err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
}

func FuzzScriptRAM(f *testing.F) {
	f.Add("export async function main(ns) { await ns.hack(ns.args[0]); }")
	f.Add("const a = `x ${`y ${z}`}`; /re[/]/g.test(a) // c")
	f.Add("export function main(ns){ns.ramOverride(2.5)}")
	f.Fuzz(func(t *testing.T, src string) {
		ram, charges, err := ScriptRAM(src, V3)
		if err != nil {
			return
		}
		if ram < GB(ScriptBaseRAM) || ram > GB(ScriptMaxRAM) && len(charges) > 0 {
			t.Fatalf("RAM %v out of range for %q", ram, src)
		}
	})
}

func TestScriptRAMFiles(t *testing.T) {
	files := map[string]string{
		"main.js":        `import { a } from "lib/a.js"; import * as b from "./lib/b"; export async function main(ns) { a(ns); b.f(ns); }`,
		"lib/a.js":       `export function a(ns) { ns.hack("x"); } export { c } from "../util/c.js";`,
		"lib/b.js":       `import { a } from "/lib/a.js"; export function f(ns) { ns.grow("x"); return import("./d.js"); }`,
		"lib/d.js":       `export function main(ns) { ns.ramOverride(100); ns.weaken("x"); }`,
		"util/c.js":      `import "https://example.com/x.js"; export const c = (ns) => ns.scan();`,
		"broken.js":      `import { z } from "nope.js"; export async function main(ns) {}`,
		"override.js":    `export async function main(ns) { ns.ramOverride(3); } import { a } from "lib/a.js";`,
		"bad-syntax.js":  `import { q } from "lib/q.js"; export async function main(ns) {}`,
		"lib/q.js":       "const s = 'unterminated;",
		"self-import.js": `import { main as m } from "./self-import.js"; export async function main(ns) { ns.exec(); }`,
	}
	read := func(p string) (string, error) {
		src, ok := files[p]
		if !ok {
			return "", fmt.Errorf("no file %s", p)
		}
		return src, nil
	}
	ram, charges, err := ScriptRAMFiles("main.js", read, V3)
	// hack 0.1 + grow 0.15 + weaken 0.15 + scan 0.2; d.js's override is ignored.
	if err != nil || ram != GB(2.2) || len(charges) != 4 {
		t.Errorf("main.js: %v %v %v, want 2.2GB from 4 charges", ram, charges, err)
	}
	if ram, _, err := ScriptRAMFiles("/override.js", read, V3); err != nil || ram != GB(3) {
		t.Errorf("override.js: %v %v, want 3GB", ram, err)
	}
	if ram, _, err := ScriptRAMFiles("self-import.js", read, V261); err != nil || ram != GB(2.9) {
		t.Errorf("self-import.js: %v %v, want 2.9GB", ram, err)
	}
	for _, bad := range []string{"broken.js", "bad-syntax.js", "missing.js"} {
		if _, _, err := ScriptRAMFiles(bad, read, V3); err == nil {
			t.Errorf("%s: no error", bad)
		} else if !strings.Contains(err.Error(), ".js") {
			t.Errorf("%s: error %q does not name the file", bad, err)
		}
	}
}

// TestSingularity checks the Singularity API's level (BitNode 4 opens it in
// full; elsewhere the Source-File 4 level, at most 3) and what its
// functions' RAM is multiplied by there.
func TestSingularity(t *testing.T) {
	for _, tt := range []struct {
		node, sf4, level int
		mult             float64
	}{
		{1, 0, 0, 16}, {1, 1, 1, 16}, {1, 2, 2, 4}, {1, 3, 3, 1}, {5, 7, 3, 1}, {4, 0, 3, 1}, {4, 2, 3, 1}, {1, -1, 0, 16},
	} {
		level := SingularityLevel(tt.node, tt.sf4)
		if level != tt.level || SingularityRAMMult(level) != tt.mult {
			t.Errorf("BitNode %d, Source-File 4.%d: level %d ×%v, want %d ×%v", tt.node, tt.sf4, level, SingularityRAMMult(level), tt.level, tt.mult)
		}
	}
	charges := []Charge{{"singularity.purchaseTor", 32}, {"hack", 0.1}}
	if got := AtSingularity(charges, 3); got != GB(1.6+2+0.1) {
		t.Errorf("AtSingularity at level 3 = %v, want 3.7GB", got)
	}
	src := "export async function main(ns) { ns.singularity.purchaseTor(); }"
	for level, want := range map[int]RAM{0: GB(1.6 + 32), 2: GB(1.6 + 8), 3: GB(1.6 + 2)} {
		if got, err := ScriptRAMAt(src, V3, level); err != nil || got != want {
			t.Errorf("ScriptRAMAt at level %d = %v, %v; want %v", level, got, err, want)
		}
	}
}
