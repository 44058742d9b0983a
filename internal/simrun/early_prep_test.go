package simrun

import (
	"context"
	"strings"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/logline"
	"bbctl/internal/scenario"
)

// TestEarlyPrepInvests runs early for eight game-hours. From 1:17
// harakiri-sushi, the steady plan's target since 0:17, is prepared: it
// holds two thirds of the 108 GB until 3:43, and hours 2–3 hack $36.1m
// against $120.7m had n00dles kept the RAM. It is an investment, and it
// pays: from 5:20 on the run is ahead of one that never prepares it
// ($771m against $523m by 8:00), and every later start ends lower (1:45:
// $751m; 3:00: $658m). It checks that harakiri-sushi is ready by 4:00
// and that the eight hours hack at least $700m (docs/performance.md). A
// rule that weighs the preparation over a window of a few hours, as first
// tried for this, fails it. About 2 s.
func TestEarlyPrepInvests(t *testing.T) {
	sc := load(t, "early")
	var readyAt time.Duration
	sum, err := Run(context.Background(), Options{Scenario: sc, Duration: 8 * time.Hour,
		Log: logline.Loud(t.Errorf, func(l controller.LogLine) {
			if readyAt == 0 && l.Msg == "harakiri-sushi ready: harvesting" {
				readyAt = time.Duration(l.At) * time.Millisecond
			}
		})})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("harakiri-sushi ready at %v; 8 hours: $%.4gm", readyAt, sum.MoneyGained/1e6)
	if readyAt == 0 || readyAt > 4*time.Hour {
		t.Errorf("harakiri-sushi ready at %v, want by 4h", readyAt)
	}
	if sum.MoneyGained < 700e6 || sum.HacksDesynced != 0 {
		t.Errorf("8 hours: $%.4gm hacked, %d desynced; want at least $700m and none", sum.MoneyGained/1e6, sum.HacksDesynced)
	}
}

// TestEarlyRestart restarts bbctl at 0:31 of an early game. The new
// controller takes the steady plan it finds (harakiri-sushi) as settled
// only if preparing it pays within three hours; it would take 4.2 hours,
// so it waits a horizon, as a target new to the plan does, and n00dles
// keeps the RAM: the first hour earns as without the restart ($34.30m).
// Before, the preparation began five minutes after the restart and the
// hour earned $19.6m, under issue 13's $20.3m. It checks at least $28m,
// the log's verdict, none desynced, no leak. About 1 s.
func TestEarlyRestart(t *testing.T) {
	sc := load(t, "early")
	sc.Faults.RestartAt = []scenario.Duration{scenario.Duration(31 * time.Minute)}
	waits := false
	sum, err := Run(context.Background(), Options{Scenario: sc, Duration: time.Hour,
		Log: logline.Loud(t.Errorf, func(l controller.LogLine) {
			waits = waits || strings.HasPrefix(l.Msg, "harakiri-sushi: preparation waits a horizon")
		})})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Restarts) != 1 {
		t.Fatalf("restarts %+v", sum.Restarts)
	}
	if !waits {
		t.Error("no log of harakiri-sushi's preparation waiting after the restart")
	}
	t.Logf("first hour $%.4gm", sum.MoneyFirstHour/1e6)
	if sum.MoneyFirstHour < 28e6 || sum.HacksDesynced != 0 {
		t.Errorf("first hour with a restart at 0:31: $%.4gm, %d desynced; want at least $28m and none", sum.MoneyFirstHour/1e6, sum.HacksDesynced)
	}
	if !sum.LeakCheck.OK {
		t.Errorf("leak check: %v", sum.LeakCheck.Problems)
	}
}
