package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestCeiling(t *testing.T) {
	ceiling := func(args ...string) ceilingReport {
		t.Helper()
		stdout, stderr, code := runCmd(t, "", append([]string{"ceiling", "--json"}, args...)...)
		if code != exitOK {
			t.Fatalf("ceiling %v: exit %d: %s", args, code, stderr)
		}
		var r ceilingReport
		if err := json.Unmarshal([]byte(stdout), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	mid := ceiling()
	// The bench of mid reports this ceiling (docs/performance.md).
	if mid.Scenario != "mid" || mid.Hacking != 500 || math.Abs(mid.IncomePerSec-42.58e6) > 0.01e6 {
		t.Errorf("mid: %s at hacking %d, $%.0f/s; want mid at 500, $42.58m/s", mid.Scenario, mid.Hacking, mid.IncomePerSec)
	}
	// The income is the targets', and each target's is its batches'.
	sum, ramGBs := 0.0, 0.0
	for _, tg := range mid.Targets {
		sum += tg.IncomePerSec
		inc := 0.0
		for _, b := range tg.Batches {
			inc += b.PerSec * b.Money
			ramGBs += b.PerSec * b.RAMSeconds
			if b.Hack < 1 || b.Grow < 1 || b.Weaken1 < 1 || b.Weaken2 < 1 || b.Cores < 1 {
				t.Errorf("%s: batch %+v", tg.Host, b)
			}
		}
		if math.Abs(inc-tg.IncomePerSec) > 1e-6*tg.IncomePerSec {
			t.Errorf("%s: batches earn $%.0f/s, the target $%.0f/s", tg.Host, inc, tg.IncomePerSec)
		}
	}
	if math.Abs(sum-mid.IncomePerSec) > 1e-6*sum || len(mid.Binding) == 0 || mid.Binding[0] != "ram" {
		t.Errorf("targets sum to $%.0f/s of $%.0f/s; bound by %v", sum, mid.IncomePerSec, mid.Binding)
	}
	// mid's workers: 1 TB of home, 25 × 256 GB and 1,580 GB on the servers
	// its openers root; RAM binds, so the batches hold all of it.
	if total := 1024 + 25*256 + 1580.0; ramGBs > total*(1+1e-9) || ramGBs < 0.99*total {
		t.Errorf("the batches hold %.0f GB on average, want all of %.0f GB (RAM binds)", ramGBs, total)
	}
	// A lower level can hack less, and no better.
	low := ceiling("--hacking", "50")
	if low.Hacking != 50 || low.IncomePerSec <= 0 || low.IncomePerSec >= mid.IncomePerSec {
		t.Errorf("at hacking 50: $%.0f/s, at 500: $%.0f/s", low.IncomePerSec, mid.IncomePerSec)
	}

	text, _, code := runCmd(t, "", "ceiling", "--scenario", "early")
	if code != exitOK || !strings.Contains(text, "at hacking 1: at most $") || !strings.Contains(text, "n00dles") {
		t.Errorf("early, as text (exit %d):\n%s", code, text)
	}
	for _, args := range [][]string{{"--hacking", "-3"}, {"extra"}, {"--scenario", "nowhere"}} {
		if _, stderr, code := runCmd(t, "", append([]string{"ceiling"}, args...)...); code == exitOK || stderr == "" {
			t.Errorf("ceiling %v: exit %d, stderr %q; want a failure that says why", args, code, stderr)
		}
	}
}
