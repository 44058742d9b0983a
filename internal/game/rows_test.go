package game

import (
	"encoding/json"
	"math"
	"testing"

	"bbctl/internal/refdata"
)

func TestFormatNumber(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1, "1"}, {-2.5, "-2.5"}, {0.30000000000000004, "0.30000000000000004"},
		{1e-6, "0.000001"}, {1.5e-6, "0.0000015"}, {7.870370370370371e-7, "7.870370370370371e-7"},
		{3.195296523517383e-8, "3.195296523517383e-8"}, {1e21, "1e+21"}, {123456789012345680000, "123456789012345680000"},
		{1745830543125, "1745830543125"}, {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
	} {
		if got := FormatNumber(c.x); got != c.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}

func TestNumberJSON(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{{math.Inf(1), `"Infinity"`}, {math.Inf(-1), `"-Infinity"`}, {math.NaN(), `"NaN"`}, {0.25, `0.25`}} {
		b, err := json.Marshal(Number(c.x))
		if err != nil || string(b) != c.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", c.x, b, err, c.want)
		}
		var back Number
		if err := json.Unmarshal(b, &back); err != nil || !(float64(back) == c.x || math.IsNaN(c.x) && math.IsNaN(float64(back))) {
			t.Errorf("round trip of %v: %v, %v", c.x, back, err)
		}
	}
	for _, bad := range []string{`"inf"`, `true`, `"1"`, `{}`} {
		var n Number
		if err := json.Unmarshal([]byte(bad), &n); err == nil {
			t.Errorf("Unmarshal(%s): no error", bad)
		}
	}
}

func TestEvalRowErrors(t *testing.T) {
	for _, c := range []struct{ fn, in string }{
		{"nope", `{}`},
		{"hackChance", `{}`},
		{"hackChance", `{"server":{},"person":{"hacking":0}}`},
		{"coreBonus", `{"cores":1.5}`},
		{"coreBonus", `{"cores":1, "extra":2}`},
		{"weakenEffect", `{"threads":1,"cores":1,"bn":{"bitnode":"1","NoSuchMult":2}}`},
		{"weakenEffect", `{"threads":1,"cores":1,"bn":{"bitnode":1}}`},
		{"serverConstruction", `{"hostname":"x","rolls":"mid","metadata":{}}`},
		{"serverConstruction", `{"hostname":"x","rolls":"min","metadata":{"moneyAvailable":{"min":5,"max":1}}}`},
		{"serverConstruction", `{"hostname":"x","rolls":"min","metadata":{"maxRamExponent":99}}`},
		{"calculateExp", `{"skill":1e300,"mult":1}`},
	} {
		if _, err := EvalRow(c.fn, json.RawMessage(c.in)); err == nil {
			t.Errorf("EvalRow(%s, %s): no error", c.fn, c.in)
		}
	}
	if _, err := EvalRow("coreBonus", nil); err == nil {
		t.Error("EvalRow with no input: no error")
	}
}

func FuzzEvalRow(f *testing.F) {
	f.Add("numCycleForGrowthCorrected", `{"server":{"hostname":"n00dles","hackDifficulty":1,"serverGrowth":3000,"moneyAvailable":70000,"moneyMax":1750000},"targetMoney":1750000,"startMoney":0,"cores":1,"person":{"hacking":1,"intelligence":0,"mults":{"hacking_grow":1}},"bn":{"bitnode":"1","ServerGrowthRate":1}}`)
	f.Add("serverConstruction", `{"hostname":"ecorp","rolls":"max","metadata":{"hackDifficulty":{"min":1,"max":99},"maxRamExponent":{"min":1,"max":9},"networkLayer":15},"bn":{"bitnode":"12.3"}}`)
	f.Add("hacknetRamUpgradeCost", `{"startRam":1,"levels":1e15,"costMult":1}`)
	f.Add("hackTime", `{"server":{"hackDifficulty":"NaN"},"person":{"hacking":5},"bn":{}}`)
	f.Fuzz(func(t *testing.T, fn, in string) {
		out, err := EvalRow(fn, json.RawMessage(in))
		if err != nil {
			return
		}
		if _, err := json.Marshal(out); err != nil {
			t.Fatalf("%s(%s) = %v does not encode: %v", fn, in, out, err)
		}
	})
}

// TestRowFunctionsMatchAboutFns checks that EvalRow knows exactly the
// functions formula-vectors.json defines.
func TestRowFunctionsMatchAboutFns(t *testing.T) {
	var f struct {
		About struct {
			Fns map[string]string `json:"fns"`
		} `json:"about"`
	}
	refdata.LoadJSON(t, "game/formula-vectors.json", &f)
	known := map[string]bool{}
	for _, fn := range RowFunctions() {
		known[fn] = true
		if _, ok := f.About.Fns[fn]; !ok {
			t.Errorf("%s is not in about.fns", fn)
		}
	}
	for fn := range f.About.Fns {
		if !known[fn] {
			t.Errorf("about.fns defines %s, which EvalRow does not know", fn)
		}
	}
}
