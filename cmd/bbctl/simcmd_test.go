package main

import (
	"encoding/json"
	"strings"
	"testing"

	"bbctl/internal/longtest"
)

func TestBenchJSON(t *testing.T) {
	out, errOut, code := runCmd(t, "", "bench", "--scenario", "mid", "--duration", "30m", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var sum map[string]any
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("bench --json printed %q: %v", out, err)
	}
	if sum["scenario"] != "mid" || sum["scheduler"] != "bbctl" || sum["game_seconds"] != 1800.0 {
		t.Errorf("summary %v", sum)
	}
	lc, _ := sum["leak_check"].(map[string]any)
	if lc["ok"] != true {
		t.Errorf("leak check %v", lc)
	}
}

// TestBenchBoth runs both schedulers on mid for 40 game-minutes, long
// enough for both to earn: a long test (BBCTL_LONG=1). TestBenchBothShape
// checks the output on a short run.
func TestBenchBoth(t *testing.T) {
	longtest.Skip(t)
	out, errOut, code := runCmd(t, "", "bench", "--scenario", "mid", "--duration", "40m", "--scheduler", "both", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var both struct {
		Bbctl, Seed  map[string]any
		OursOverSeed float64 `json:"ours_over_seed"`
	}
	if err := json.Unmarshal([]byte(out), &both); err != nil {
		t.Fatal(err)
	}
	if both.Bbctl["scheduler"] != "bbctl" || both.Seed["scheduler"] != "seed" || both.OursOverSeed <= 0 {
		t.Errorf("both: %+v", both)
	}
}

func TestBenchBothShape(t *testing.T) {
	out, errOut, code := runCmd(t, "", "bench", "--scenario", "early", "--duration", "10m", "--scheduler", "both", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var both struct {
		Bbctl, Seed  map[string]any
		OursOverSeed *float64 `json:"ours_over_seed"`
	}
	if err := json.Unmarshal([]byte(out), &both); err != nil {
		t.Fatal(err)
	}
	if both.Bbctl["scheduler"] != "bbctl" || both.Seed["scheduler"] != "seed" || both.OursOverSeed == nil {
		t.Errorf("both: %s", out)
	}
}

func TestSimSummary(t *testing.T) {
	out, errOut, code := runCmd(t, "", "sim", "--scenario", "early", "--duration", "5m", "--speed", "max", "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"scenario early", "money gained", "leak check       ok"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "0:01:00  money") {
		t.Errorf("no progress line per game minute on a non-terminal:\n%s", errOut)
	}
}

// TestDashboardNotLoopback checks that a dashboard on a non-loopback
// address is served with a warning, as --listen warns.
func TestDashboardNotLoopback(t *testing.T) {
	_, errOut, code := runCmd(t, "", "sim", "--scenario", "early", "--duration", "1m", "--speed", "max", "--quiet", "--dashboard", "0.0.0.0:0")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "WARN the dashboard listens on 0.0.0.0:0, which is not loopback") {
		t.Errorf("no warning:\n%s", errOut)
	}
}

func TestSimBenchUsage(t *testing.T) {
	for _, args := range [][]string{
		{"sim", "--speed", "fast"},
		{"sim", "--speed", "-3"},
		{"sim", "--duration", "-1m"},
		{"sim", "extra"},
		{"bench", "--scheduler", "greedy"},
		{"bench", "--bogus"},
	} {
		if _, _, code := runCmd(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if _, errOut, code := runCmd(t, "", "sim", "--scenario", "no-such"); code != exitError || !strings.Contains(errOut, "early, faults, fresh, fresh-bn9, late, mid") {
		t.Errorf("unknown scenario: exit %d, %q", code, errOut)
	}
}
