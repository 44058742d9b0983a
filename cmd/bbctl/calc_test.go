package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/refdata"
)

// runCmd runs bbctl with args and stdin and returns stdout, stderr and the
// exit code.
func runCmd(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), env{strings.NewReader(stdin), &out, &errb}, args)
	return out.String(), errb.String(), code
}

// TestCalcJSONLAllVectors pipes every row of formula-vectors.json through
// "bbctl calc --jsonl" and compares each out with the file's.
func TestCalcJSONLAllVectors(t *testing.T) {
	b, err := os.ReadFile(refdata.Path(t, "game/formula-vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Sections map[string]struct {
			Rows []json.RawMessage `json:"rows"`
		} `json:"sections"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	var in bytes.Buffer
	var rows []json.RawMessage
	for _, sec := range f.Sections {
		for _, r := range sec.Rows {
			rows = append(rows, r)
			in.Write(r)
			in.WriteByte('\n')
		}
	}
	if len(rows) != 5655 {
		t.Fatalf("%d rows, want 5655", len(rows))
	}
	stdout, stderr, code := runCmd(t, in.String(), "calc", "--jsonl")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != len(rows) {
		t.Fatalf("%d output lines for %d rows", len(lines), len(rows))
	}
	sameText := 0
	for i, line := range lines {
		var got, want struct {
			Fn    string          `json:"fn"`
			In    json.RawMessage `json:"in"`
			Out   json.RawMessage `json:"out"`
			Error string          `json:"error"`
		}
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, line)
		}
		json.Unmarshal(rows[i], &want)
		if got.Error != "" || got.Fn != want.Fn || !bytes.Equal(compact(got.In), compact(want.In)) {
			t.Fatalf("line %d: %s\nfrom %s", i+1, line, rows[i])
		}
		if !sameOut(got.Out, want.Out) {
			t.Errorf("line %d: out %s, want %s", i+1, got.Out, want.Out)
		}
		if bytes.Equal(compact(got.Out), compact(want.Out)) {
			sameText++
		}
	}
	t.Logf("%d of %d outs textually identical to the file", sameText, len(rows))
	// Bit-identical values must also print as JavaScript prints them; only
	// the few values an ulp away may differ in text.
	if sameText < len(rows)-100 {
		t.Errorf("only %d of %d outs are textually identical", sameText, len(rows))
	}
}

func compact(b []byte) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return b
	}
	return buf.Bytes()
}

// sameOut compares two outs: numbers within 1e-12 relative (exact for
// non-finite), objects field by field.
func sameOut(a, b json.RawMessage) bool {
	var x, y game.Number
	if json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil {
		fx, fy := float64(x), float64(y)
		if math.IsNaN(fy) {
			return math.IsNaN(fx)
		}
		return fx == fy || math.Abs(fx-fy) <= 1e-12*math.Abs(fy)
	}
	var ox, oy map[string]game.Number
	if json.Unmarshal(a, &ox) != nil || json.Unmarshal(b, &oy) != nil || len(ox) != len(oy) {
		return false
	}
	for k, v := range oy {
		if w, ok := ox[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestCalcJSONLErrorsKeepGoing(t *testing.T) {
	in := strings.Join([]string{
		`{"fn":"coreBonus","in":{"cores":2}}`,
		`{"fn":"noSuchFn","in":{}}`,
		`not json`,
		``,
		`{"fn":"coreBonus","in":{"cores":"x"}}`,
		`{"fn":"coreBonus","in":{}}`,
		`{"fn":"hackChance","in":{"server":{"hostname":"a","bogus":1},"person":{"hacking":1}}}`,
		`{"fn":"purchasedServerCost","in":{"ram":8,"bn":{"bitnode":"99"}}}`,
		`{"fn":"weakenEffect","in":{"threads":1,"cores":1}}`,
	}, "\n")
	stdout, stderr, code := runCmd(t, in, "calc", "--jsonl")
	if code != exitError || !strings.Contains(stderr, "6 of 8 rows failed") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 8 {
		t.Fatalf("%d lines: %s", len(lines), stdout)
	}
	wantErr := []string{"", `unknown fn \"noSuchFn\"`, "line 3: not a JSON row", "not a number", "missing in.cores", `unknown field \"bogus\"`, "BitNode 99", ""}
	for i, w := range wantErr {
		hasErr := strings.Contains(lines[i], `"error"`)
		if (w == "") == hasErr || !strings.Contains(lines[i], w) {
			t.Errorf("line %d = %s, want error containing %q", i+1, lines[i], w)
		}
	}
	if !strings.Contains(lines[0], `"out":1.0625`) || !strings.Contains(lines[7], `"out":0.05`) {
		t.Errorf("good rows: %s / %s", lines[0], lines[7])
	}
}

func FuzzCalcJSONLRow(f *testing.F) {
	f.Add([]byte(`{"fn":"numCycleForGrowthCorrected","in":{"server":{"hostname":"n00dles","hackDifficulty":1,"serverGrowth":3000,"moneyAvailable":70000,"moneyMax":1750000},"targetMoney":1750000,"startMoney":0,"cores":1,"person":{"hacking":1,"intelligence":0,"mults":{"hacking_grow":1}},"bn":{"bitnode":"1","ServerGrowthRate":1}}}`))
	f.Add([]byte(`{"fn":"serverConstruction","in":{"hostname":"ecorp","rolls":"min","metadata":{"hackDifficulty":99,"moneyAvailable":{"max":7,"min":3},"networkLayer":15},"bn":{"bitnode":"12.3"}}}`))
	f.Add([]byte(`{"fn":"hacknetLevelUpgradeCost","in":{"startLevel":1,"levels":"Infinity","costMult":1}}`))
	f.Add([]byte(`{"fn":"calculateSkill","in":{"exp":"NaN","mult":1}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		row, err := evalJSONLLine(line)
		if (err != nil) != (row.Error != "") {
			t.Fatalf("error %v but row.Error %q", err, row.Error)
		}
		if _, err := json.Marshal(row); err != nil {
			t.Fatalf("result does not encode: %v", err)
		}
	})
}

func TestCalcTopics(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"calc", "hack", "--server", "phantasy", "--hacking", "900"}, exitOK, []string{"chance", "hack time", "HWGW"}},
		{[]string{"calc", "grow", "--server", "joesguns", "--from", "50%", "--to", "100%", "--hacking", "100", "--version", "2.6.1"}, exitOK, []string{"threads           992 "}},
		{[]string{"calc", "weaken", "--threads", "7", "--cores", "2"}, exitOK, []string{"remove 0.371875 security"}},
		{[]string{"calc", "level", "--exp", "1000"}, exitOK, []string{"hacking level 34"}},
		{[]string{"calc", "level", "--level", "100"}, exitOK, []string{"11255.317546552918"}},
		{[]string{"calc", "cost", "--server-ram", "1TB"}, exitOK, []string{"$56.320m", "up to 25"}},
		{[]string{"calc", "cost", "--home-ram", "8GB", "--home-cores", "1"}, exitOK, []string{"$1.010m", "$7.500b"}},
		{[]string{"calc", "hacknet", "--level", "1"}, exitOK, []string{"$1.50/s"}},
		{[]string{"calc"}, exitUsage, nil},
		{[]string{"calc", "nope"}, exitUsage, nil},
		{[]string{"calc", "hack", "--server", "nosuch"}, exitUsage, nil},
		{[]string{"calc", "hack"}, exitUsage, nil},
		{[]string{"calc", "grow", "--server", "n00dles", "--from", "x"}, exitUsage, nil},
		{[]string{"calc", "level"}, exitUsage, nil},
		{[]string{"calc", "cost", "--bitnode", "15"}, exitUsage, nil},
		{[]string{"calc", "weaken", "--version", "9"}, exitUsage, nil},
		{[]string{"calc", "--help"}, exitOK, []string{"Topics:", "bbctl calc grow"}},
		{[]string{"calc", "hack", "--help"}, exitOK, nil},
	}
	for _, tt := range tests {
		stdout, stderr, code := runCmd(t, "", tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d (%s)", tt.args, code, tt.code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, stdout)
			}
		}
	}
}

func TestCalcJSONOutput(t *testing.T) {
	stdout, _, code := runCmd(t, "", "calc", "grow", "--server", "n00dles", "--from", "0", "--to", "100%", "--json", "--version", "2.6.1")
	if code != exitOK {
		t.Fatal(code)
	}
	var r struct {
		Threads float64 `json:"threads"`
		From    float64 `json:"from"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil || r.Threads != 94 || r.From != 0 {
		t.Errorf("%v %+v: %s", err, r, stdout)
	}
	stdout, _, _ = runCmd(t, "", "calc", "cost", "--server-ram", "3", "--json")
	if !strings.Contains(stdout, `"cost": "Infinity"`) {
		t.Errorf("invalid RAM should cost Infinity: %s", stdout)
	}
}

func TestCalcRAM(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("w.js", "export async function main(ns) { await ns.weaken(ns.args[0]); }")
	write("lib/x.js", "export function x(ns) { return ns.getServer('home'); }")
	write("main.js", `import { x } from "lib/x.js"; export async function main(ns) { x(ns); ns.hacknet.numNodes(); }`)
	stdout, stderr, code := runCmd(t, "", "calc", "ram", "--root", dir, "w.js", "main.js")
	if code != exitOK || !strings.Contains(stdout, "w.js: 1.75GB") || !strings.Contains(stdout, "main.js: 4.1GB") {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	stdout, _, code = runCmd(t, "", "calc", "ram", "--root", dir, "--version", "2.6.1", "--json", "main.js", "missing.js")
	if code != exitError {
		t.Errorf("a missing script must fail: exit %d", code)
	}
	var r []struct {
		File  string  `json:"file"`
		RAM   float64 `json:"ram"`
		Error string  `json:"error"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil || len(r) != 2 || r[0].RAM != 7.6 || r[1].Error == "" {
		t.Errorf("%v %+v", err, r)
	}
	if _, _, code := runCmd(t, "", "calc", "ram"); code != exitUsage {
		t.Errorf("no file: exit %d", code)
	}
}
