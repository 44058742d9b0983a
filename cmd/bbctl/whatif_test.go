package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWhatIfFlags: a what-if flag gives the figures of a scenario file
// with the same change written in.
func TestWhatIfFlags(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bigger.json")
	sc := `{"name":"early --home-ram 64GB","seed":1,"player":{"hacking":1},"home":{"ram":"64GB"},"contracts_per_hour":6,"duration":"1h"}`
	if err := os.WriteFile(file, []byte(sc), 0o644); err != nil {
		t.Fatal(err)
	}
	flagged := figures(t, "bench", "--json", "--duration", "20m", "--scenario", "early", "--home-ram", "64GB")
	written := figures(t, "bench", "--json", "--duration", "20m", "--scenario", file)
	if flagged != written {
		t.Errorf("--home-ram 64GB:\n%s\nthe same in a file:\n%s", flagged, written)
	}
	for _, bad := range [][]string{
		{"bench", "--hacking", "0"}, {"sim", "--home-cores", "9"}, {"ceiling", "--home-ram", "3GB"},
		{"bench", "--add-servers", "1x8GB"}, {"ceiling", "--openers", "Nope"}, {"ceiling", "--add-servers", "25"},
		{"ceiling", "--compare"}, {"ceiling", "--compare", "--bogus 1"}, {"ceiling", "--compare", "--hacking 800 more"},
		{"ceiling", "--compare", ""},
	} {
		_, stderr, code := runCmd(t, "", bad...)
		if code != exitUsage || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", bad, code, stderr)
		}
	}
}

// TestCompare checks the compare table's arithmetic against separate
// ceiling runs.
func TestCompare(t *testing.T) {
	out, stderr, code := runCmd(t, "", "ceiling", "--scenario", "early", "--hacking", "100", "--json",
		"--compare", "--add-servers 10x64GB", "--home-cores 2 --openers BruteSSH", "--hacking 150")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r compareReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Changes) != 3 || r.Hacking != 100 || r.IncomePerSec <= 0 {
		t.Fatalf("report %+v", r)
	}
	single := func(args ...string) ceilingReport {
		out, stderr, code := runCmd(t, "", append([]string{"ceiling", "--scenario", "early", "--hacking", "100", "--json"}, args...)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		var c ceilingReport
		if err := json.Unmarshal([]byte(out), &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	want := []struct {
		args  []string
		money float64
	}{
		{[]string{"--add-servers", "10x64GB"}, 10 * 64 * 55000},
		{[]string{"--home-cores", "2", "--openers", "BruteSSH"}, 1e9*7.5 + 500e3},
		{[]string{"--hacking", "150"}, 0},
	}
	for i, w := range want {
		c, row := single(w.args...), r.Changes[i]
		if row.IncomePerSec != c.IncomePerSec || row.GainPerSec != c.IncomePerSec-r.IncomePerSec {
			t.Errorf("%s: income %v gain %v, alone %v over %v", row.Change, row.IncomePerSec, row.GainPerSec, c.IncomePerSec, r.IncomePerSec)
		}
		if math.Abs(row.Cost.Money-w.money) > 1e-6 {
			t.Errorf("%s: cost %v, want %v", row.Change, row.Cost.Money, w.money)
		}
		switch {
		case w.money > 0 && row.GainPerSec > 0:
			if row.PaybackSeconds == nil || math.Abs(*row.PaybackSeconds-w.money/row.GainPerSec) > 1e-9**row.PaybackSeconds {
				t.Errorf("%s: payback %v", row.Change, row.PaybackSeconds)
			}
		case row.PaybackSeconds != nil:
			t.Errorf("%s: payback %v without a cost or a gain", row.Change, *row.PaybackSeconds)
		}
	}
	if c := r.Changes[2]; c.Cost.Exp <= 0 || c.Hacking != 150 || r.ExpPerSec <= 0 || c.ReachSeconds == nil ||
		math.Abs(*c.ReachSeconds-c.Cost.Exp/r.ExpPerSec) > 1e-9**c.ReachSeconds {
		t.Errorf("--hacking 150: %+v (exp/s %v)", c, r.ExpPerSec)
	}
	if r.Changes[0].ReachSeconds != nil {
		t.Errorf("--add-servers: reach_seconds %v without a level", *r.Changes[0].ReachSeconds)
	}
	text, _, code := runCmd(t, "", "ceiling", "--scenario", "early", "--compare", "--add-servers 10x64GB")
	if code != exitOK || !strings.Contains(text, "payback") || !strings.Contains(text, "--add-servers 10x64GB") {
		t.Errorf("text:\n%s", text)
	}
}
