package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/dashboard"
	"bbctl/internal/logline"
	"bbctl/internal/market"
	"bbctl/internal/scenario"
	"bbctl/internal/sim"
	"bbctl/internal/simrun"
)

func TestStocksBacktestJSON(t *testing.T) {
	out, errOut, code := runCmd(t, "", "stocks", "backtest", "--4s", "--hours", "0.5", "--seeds", "2", "--seed", "7", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if rep["mode"] != "4s" {
		t.Errorf("mode %v", rep["mode"])
	}
	runs := rep["runs"].([]any)
	if len(runs) != 2 {
		t.Fatalf("%d runs", len(runs))
	}
	r := runs[1].(map[string]any)
	if r["seed"] != 8.0 {
		t.Errorf("seed %v", r["seed"])
	}
	for _, k := range []string{"bbctl", "seed_rule", "common_4s"} {
		res, ok := r[k].(map[string]any)
		if !ok {
			t.Fatalf("no %s in %v", k, r)
		}
		for _, f := range []string{"profit", "return", "max_drawdown", "trades"} {
			if _, ok := res[f]; !ok {
				t.Errorf("%s has no %s", k, f)
			}
		}
	}
	out, _, code = runCmd(t, "", "stocks", "backtest", "--no-4s", "--hours", "0.2", "--seeds", "1", "--json")
	if code != exitOK || !strings.Contains(out, `"mode": "no-4s"`) || strings.Contains(out, "common_4s") {
		t.Errorf("no-4s: exit %d\n%s", code, out)
	}
}

func TestStocksBacktestTable(t *testing.T) {
	out, errOut, code := runCmd(t, "", "stocks", "backtest", "--hours", "0.2", "--seeds", "1")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"seed_rule", "common_4s", "bbctl", "max dd"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "1/1") && !strings.Contains(errOut, "0/1") {
		t.Errorf("no progress on stderr: %q", errOut)
	}
}

func TestStocksUsage(t *testing.T) {
	for _, args := range [][]string{
		{"stocks"},
		{"stocks", "nope"},
		{"stocks", "backtest", "--4s", "--no-4s"},
		{"stocks", "backtest", "--hours", "-1"},
		{"stocks", "backtest", "--capital", "0"},
		{"stocks", "backtest", "--seeds", "0"},
		{"stocks", "backtest", "--seed", "4294967295", "--seeds", "2"},
		{"stocks", "backtest", "extra"},
	} {
		_, errOut, code := runCmd(t, "", args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, exitUsage, errOut)
		}
		if lines := strings.Count(strings.TrimSpace(errOut), "\n"); code == exitUsage && len(args) > 2 && lines > 0 && !strings.Contains(errOut, "Usage") {
			t.Errorf("%v: more than one line: %q", args, errOut)
		}
	}
}

// TestServeForeignDataFile: a data directory whose bbctl.db is not bbctl's
// stops serve with an error naming the file; the file is left alone.
func TestServeForeignDataFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "bbctl.db")
	junk := []byte("not a database, but somebody's notes that must not be lost............")
	if err := os.WriteFile(db, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCmd(t, "", "serve", "--port", strconv.Itoa(freePort(t)), "--token-file", filepath.Join(dir, "tok"),
		"--data-dir", dir, "--dashboard", "off")
	if code != exitError || !strings.Contains(errOut, db) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if b, _ := os.ReadFile(db); string(b) != string(junk) {
		t.Error("the foreign file was changed")
	}
}

// TestStocksLiquidate asks a dashboard serving a simulated run with the
// market to liquidate, and one without a trader, and one that is not there.
func TestStocksLiquidate(t *testing.T) {
	sc, err := scenario.Load("mid")
	if err != nil {
		t.Fatal(err)
	}
	hub := dashboard.New(dashboard.Options{Title: "liquidate test"})
	srv, err := dashboard.Listen("127.0.0.1:0", hub.Handler())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := simrun.Run(ctx, simrun.Options{Scenario: sc, Speed: 600, Duration: time.Hour, Log: logline.Loud(t.Errorf, hub.Log),
			Stocks: &sim.StocksConfig{Access: market.Access{WSE: true, TIX: true, API4S: true}},
			Hook: func(c *controller.Controller, w *sim.World) error {
				hub.Step(c, w.Stats().MoneyGained)
				return nil
			}})
		hub.Finish()
		done <- err
	}()
	defer func() { cancel(); <-done }()
	addr := strings.TrimSuffix(strings.TrimPrefix(srv.URL(), "http://"), "/")
	for end := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		res, err := http.Get(srv.URL() + "api/stocks")
		if err == nil {
			var v dashboard.StocksView
			json.NewDecoder(res.Body).Decode(&v)
			res.Body.Close()
			if v.Running && v.Trades > 0 {
				break
			}
		}
		if time.Now().After(end) {
			t.Fatal("no stock trades on the dashboard")
		}
	}
	out, errOut, code := runCmd(t, "", "stocks", "liquidate", "--dashboard", addr)
	if code != exitOK || !strings.Contains(out, "being sold") {
		t.Fatalf("liquidate: exit %d, %q %q", code, out, errOut)
	}
	out, errOut, code = runCmd(t, "", "stocks", "liquidate", "--resume", "--dashboard", addr)
	if code != exitOK || !strings.Contains(out, "trades again") {
		t.Fatalf("resume: exit %d, %q %q", code, out, errOut)
	}
	_, errOut, code = runCmd(t, "", "stocks", "liquidate", "--dashboard", "127.0.0.1:"+strconv.Itoa(freePort(t)))
	if code != exitError || !strings.Contains(errOut, "no bbctl dashboard") {
		t.Errorf("nothing listening: exit %d, %q", code, errOut)
	}
	_, _, code = runCmd(t, "", "stocks", "liquidate", "--dashboard", "nohostport")
	if code != exitUsage {
		t.Errorf("bad address: exit %d", code)
	}
}
