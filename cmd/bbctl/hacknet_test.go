package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestHacknetPlanCommand(t *testing.T) {
	out, errOut, code := runCmd(t, "", "hacknet", "plan", "--money", "3000", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r hacknetPlanReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	// The first node, then three levels ($500, $520, $540.80).
	if len(r.Purchases) != 4 || r.Purchases[0].Kind != "hacknet_node" || r.Purchases[3].Kind != "hacknet_level" || r.After != 6 {
		t.Errorf("plan %+v", r)
	}
	out, _, code = runCmd(t, "", "hacknet", "plan", "--money", "1m", "--nodes", "10/2/1,5/1/1", "--return-time", "2h", "--spend", "0.5")
	if code != exitOK || !strings.Contains(out, "budget $500.000k of $1.000m") {
		t.Errorf("exit %d, output %q", code, out)
	}
}

func TestHacknetPlanRejects(t *testing.T) {
	for _, args := range [][]string{
		{"hacknet"},
		{"hacknet", "buy"},
		{"hacknet", "plan"},
		{"hacknet", "plan", "--money", "-5"},
		{"hacknet", "plan", "--money", "5", "--spend", "1.5"},
		{"hacknet", "plan", "--money", "5", "--spend", "0"},
		{"hacknet", "plan", "--money", "5", "--return-time", "-1h"},
		{"hacknet", "plan", "--money", "5", "--nodes", "3/3/1"},
		{"hacknet", "plan", "--money", "5", "--nodes", "-2"},
		{"hacknet", "plan", "--money", "5", "--bitnode", "15"},
		{"hacknet", "plan", "--bogus"},
		{"hacknet", "plan", "--money", "5", "extra"},
	} {
		_, errOut, code := runCmd(t, "", args...)
		if code != exitUsage || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and one line", args, code, errOut)
		}
	}
}

func TestBenchSpenderRejects(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "--scenario", "fresh", "--spender", "lavish"},
		{"bench", "--scenario", "fresh", "--spender", "all", "--scheduler", "both"},
		{"economy", "--spender", "all"},
		{"serve", "--spender", "old"},
		{"serve", "--spend-fraction", "2"},
		{"serve", "--reserve", "-5"},
	} {
		_, errOut, code := runCmd(t, "", args...)
		if code != exitUsage || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and one line", args, code, errOut)
		}
	}
}
