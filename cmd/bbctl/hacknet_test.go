package main

import (
	"encoding/json"
	"math"
	"os"
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

// TestHacknetPlanServers: BitNode 9 (or --servers, Source-File 9) plans
// hacknet servers at their prices: $2m buys the first three servers ($50k,
// $160k, $512k) and a level for the first two ($550k each), $1.822m in
// all, for 0.005 hashes/s = $1,250/s.
func TestHacknetPlanServers(t *testing.T) {
	for _, args := range [][]string{
		{"hacknet", "plan", "--money", "2m", "--bitnode", "9", "--json"},
		{"hacknet", "plan", "--money", "2m", "--servers", "--json"},
	} {
		out, errOut, code := runCmd(t, "", args...)
		if code != exitOK {
			t.Fatalf("%q: exit %d: %s", args, code, errOut)
		}
		var r hacknetPlanReport
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		var what []string
		for _, p := range r.Purchases {
			what = append(what, p.What)
		}
		want := "a hacknet server; a hacknet server; a hacknet server; a level for hacknet server 0; a level for hacknet server 1"
		if !r.Servers || strings.Join(what, "; ") != want || math.Abs(r.Spent-1.822e6) > 1e-6 ||
			math.Abs(r.After-1250) > 1e-9 || math.Abs(r.HashRateAfter-0.005) > 1e-12 {
			t.Errorf("%q: plan %+v", args, r)
		}
	}
	// Servers given as level/ram/cores: level 10, 8 GB, 2 cores makes
	// 0.01·1.07³·1.2 hashes/s; a 300/8192/128 server is at every limit.
	out, errOut, code := runCmd(t, "", "hacknet", "plan", "--money", "1", "--servers", "--nodes", "10/8/2,300/8192/128", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r hacknetPlanReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	rate := 0.01*math.Pow(1.07, 3)*1.2 + 0.3*math.Pow(1.07, 13)*(1+127.0/5)
	if len(r.Purchases) != 0 || math.Abs(r.HashRate-rate) > 1e-12 || math.Abs(r.Production-rate*250000) > 1e-6 {
		t.Errorf("hash rate %v ($%v/s), want %v", r.HashRate, r.Production, rate)
	}
	out, _, code = runCmd(t, "", "hacknet", "plan", "--money", "2m", "--bitnode", "9")
	if code != exitOK || !strings.Contains(out, "(0 → 0.005 hashes/s, sold at $1m per 4)") || !strings.Contains(out, "a level for hacknet server 1") {
		t.Errorf("exit %d, output %q", code, out)
	}
}

// TestHacknetPlanFollowups: with three servers at level 12, 4 GB and 4
// cores, $20m buys a fourth server first, weighed with the 13 upgrades on
// it that follow ($12.417m for $4,007/s: 51m39s), and those upgrades next.
func TestHacknetPlanFollowups(t *testing.T) {
	out, errOut, code := runCmd(t, "", "hacknet", "plan", "--bitnode", "9", "--money", "20m", "--nodes", "12/4/4,12/4/4,12/4/4", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r hacknetPlanReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Purchases) < 14 || r.Purchases[0].What != "a hacknet server" || r.Purchases[0].With == nil || r.Purchases[0].With.Upgrades != 13 ||
		math.Abs(r.Purchases[0].Payback-3098.739) > 0.001 {
		t.Fatalf("plan %+v", r.Purchases)
	}
	for _, p := range r.Purchases[1:14] {
		if !strings.HasSuffix(p.What, "hacknet server 3") {
			t.Errorf("after the server: %s", p.What)
		}
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
		{"hacknet", "plan", "--money", "5", "--servers", "--nodes", "21"},
		{"hacknet", "plan", "--money", "5", "--bitnode", "9", "--nodes", "301/1/1"},
		{"hacknet", "plan", "--money", "5", "--servers", "--nodes", "1/16384/1"},
		{"hacknet", "plan", "--money", "5", "--servers", "--nodes", "1/1/129"},
		{"hacknet", "plan", "--money", "5", "--servers", "--nodes", strings.Repeat("1/1/1,", 20) + "1/1/1"},
		{"hacknet", "plan", "--money", "5", "--nodes", "1/128/1"},
		{"hacknet", "plan", "--money", "5", "--servers=maybe"},
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
		{"serve", "--hashes", "spend"},
		{"serve", "--hashes", ""},
	} {
		_, errOut, code := runCmd(t, "", args...)
		if code != exitUsage || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and one line", args, code, errOut)
		}
	}
}

// TestHacknetPlanDocs: the hacknet server plans shown in docs/economy.md
// are what the command prints.
func TestHacknetPlanDocs(t *testing.T) {
	doc, err := os.ReadFile("../../docs/economy.md")
	if err != nil {
		t.Skipf("docs/economy.md: %v", err)
	}
	for _, cmd := range []string{"bbctl hacknet plan --bitnode 9 --money 2m", "bbctl hacknet plan --money 3000"} {
		i := strings.Index(string(doc), "$ "+cmd+"\n")
		if i < 0 {
			t.Errorf("docs/economy.md shows no %q", cmd)
			continue
		}
		block := string(doc[i+len("$ "+cmd+"\n"):])
		block = block[:strings.Index(block, "```")]
		out, errOut, code := runCmd(t, "", strings.Fields(cmd)[1:]...)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", cmd, code, errOut)
		}
		if got, want := trimLines(out), trimLines(block); got != want {
			t.Errorf("%s prints\n%s\ndocs/economy.md shows\n%s", cmd, got, want)
		}
	}
}

// trimLines drops the indentation and trailing spaces of every line of s.
func trimLines(s string) string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		out = append(out, strings.TrimSpace(l))
	}
	return strings.Join(out, "\n")
}
