package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/world"
)

// TestBackgroundYield checks the live advice's simulated yield: the first
// ask starts one simulation and answers "not yet", asks while it runs
// start no other, the answer comes once it is done, for that farm and
// change only, and an error is said once and then worked out again.
func TestBackgroundYield(t *testing.T) {
	calls := make(chan economy.Change, 8)
	release := make(chan error)
	b := &backgroundYield{done: map[yieldKey]yieldResult{}, sim: func(_ context.Context, _ economy.Farm, ch economy.Change) (float64, bool, error) {
		calls <- ch
		if err := <-release; err != nil {
			return 0, false, err
		}
		return 1000 * float64(ch.Ports), true, nil
	}}
	ctx := context.Background()
	farm := economy.Farm{Player: world.Player{Hacking: 150}, Servers: []game.Server{{Hostname: "home", MaxRAM: 64 * game.GiB, HasAdminRights: true}}}
	one := economy.Change{Ports: 1}
	ask := func(f economy.Farm, ch economy.Change) (float64, bool, error) {
		t.Helper()
		return b.yield(ctx, f, ch)
	}
	waitDone := func() {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			b.mu.Lock()
			running := b.running
			b.mu.Unlock()
			if !running {
				return
			}
		}
		t.Fatal("the simulation never ended")
	}
	if _, ok, err := ask(farm, one); ok || err != nil {
		t.Fatalf("first ask: %v, %v; want not yet", ok, err)
	}
	if ch := <-calls; ch != one {
		t.Fatalf("simulated %+v, want %+v", ch, one)
	}
	if _, ok, _ := ask(farm, economy.Change{Ports: 2}); ok {
		t.Fatal("an ask while one runs was answered")
	}
	release <- nil
	waitDone()
	if len(calls) != 0 {
		t.Fatalf("%d more simulations started while one ran", len(calls))
	}
	if y, ok, err := ask(farm, one); !ok || err != nil || y != 1000 {
		t.Fatalf("after the simulation: %v, %v, %v; want 1000", y, ok, err)
	}
	bigger := farm
	bigger.Player.Hacking = 151
	if _, ok, _ := ask(bigger, one); ok {
		t.Fatal("another level was answered from the first")
	}
	<-calls
	release <- errors.New("boom")
	waitDone()
	if _, ok, err := ask(bigger, one); ok || err == nil {
		t.Fatalf("after a failed simulation: %v, %v; want the error", ok, err)
	}
	if _, ok, err := ask(bigger, one); ok || err != nil {
		t.Fatalf("asked again after the error: %v, %v; want not yet", ok, err)
	}
	<-calls
	release <- nil
	waitDone()
	if y, ok, err := ask(bigger, one); !ok || err != nil || y != 1000 {
		t.Fatalf("worked out again: %v, %v, %v", y, ok, err)
	}
}
