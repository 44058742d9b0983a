package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"bbctl/internal/longtest"
	"bbctl/internal/scenario"
)

// TestServersRoundTrip: a scenario whose servers are the list "bbctl world
// --seed S --json" prints, as it is, gives exactly the ceiling and bench
// figures of the scenario that rolls the network from S, for every
// built-in scenario. Runs are shortened (the bench compares every figure
// the run prints; the late world's full three hours take minutes). The
// default run checks early; every built-in one is a long test
// (BBCTL_LONG=1).
func TestServersRoundTrip(t *testing.T) {
	durations := map[string]string{"early": "30m", "mid": "20m", "faults": "32m", "late": "2m"}
	names := []string{"early"}
	if longtest.Enabled() {
		names = scenario.Builtin()
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			d, ok := durations[name]
			if !ok {
				d = "10m"
			}
			file := serversScenario(t, name)
			for _, args := range [][]string{{"ceiling", "--json"}, {"bench", "--json", "--duration", d}} {
				seeded := figures(t, append(args, "--scenario", name)...)
				listed := figures(t, append(args, "--scenario", file)...)
				if seeded != listed {
					t.Errorf("%v differs:\nseed-rolled:\n%s\nservers list:\n%s", args[:1], seeded, listed)
				}
			}
		})
	}
}

// TestServersRoundTripWorlds: for every built-in scenario, the simulated
// world of its servers list from "bbctl world --json" starts exactly as
// the seed-rolled one (every server, field and link, in order, and the
// player), the precondition of identical runs in a deterministic
// simulator; the runs themselves are compared by TestServersRoundTrip.
func TestServersRoundTripWorlds(t *testing.T) {
	ctx := context.Background()
	for _, name := range scenario.Builtin() {
		seeded, err := scenario.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		listed, err := scenario.Load(serversScenario(t, name))
		if err != nil {
			t.Fatal(err)
		}
		a, b := mustSim(t, seeded), mustSim(t, listed)
		if ha, hb := a.Hosts(), b.Hosts(); !slices.Equal(ha, hb) {
			t.Fatalf("%s: hosts differ:\n%v\n%v", name, ha, hb)
		}
		for _, h := range a.Hosts() {
			sa, _ := a.Server(ctx, h)
			sb, _ := b.Server(ctx, h)
			la, _ := a.Scan(ctx, h)
			lb, _ := b.Scan(ctx, h)
			if sa != sb || !slices.Equal(la, lb) {
				t.Errorf("%s: %s differs:\n%+v %v\n%+v %v", name, h, sa, la, sb, lb)
			}
		}
		pa, _ := a.Player(ctx)
		pb, _ := b.Player(ctx)
		if !reflect.DeepEqual(pa, pb) {
			t.Errorf("%s: player %+v, want %+v", name, pb, pa)
		}
	}
}

// serversScenario writes the built-in scenario name with its network as
// an explicit servers list taken from "bbctl world --json", and returns
// the file's path.
func serversScenario(t *testing.T, name string) string {
	t.Helper()
	sc, err := scenario.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCmd(t, "", "world", "--json", "--seed", fmt.Sprint(sc.Seed),
		"--bitnode", fmt.Sprintf("%d.%d", sc.BitNode, sc.BitNodeLevel))
	if code != exitOK {
		t.Fatalf("world: exit %d: %s", code, stderr)
	}
	var w struct {
		Servers json.RawMessage `json:"servers"`
	}
	if err := json.Unmarshal([]byte(out), &w); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m["servers"] = w.Servers
	b, err = json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), name+".json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

var wallTime = regexp.MustCompile(`"wall_seconds": [0-9.e+-]+`)

// figures runs a command and returns its JSON output without wall time.
func figures(t *testing.T, args ...string) string {
	t.Helper()
	out, stderr, code := runCmd(t, "", args...)
	if code != exitOK {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	return wallTime.ReplaceAllString(out, `"wall_seconds": 0`)
}
