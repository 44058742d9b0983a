package main

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/gameemu"
	"bbctl/internal/logline"
	"bbctl/internal/scenario"
	"bbctl/internal/sim"
	"bbctl/internal/simrun"
)

// TestSnapshotEmulatedGame takes "bbctl snapshot" of the emulated game
// backed by the simulator's world of the mid scenario (through the Remote
// API, the save or the facts module, and the real agent), and checks that
// the snapshot is that world: every server and field, and bench figures
// within 1 % of running the controller on the world directly (the run's
// own settings — seed, frozen exp, length, contracts — are the player's to
// choose, so they are copied over). With a save (2.8.1 and later) and
// without one (2.6, 2.7: the facts module reads the BitNode and cores).
func TestSnapshotEmulatedGame(t *testing.T) {
	for _, tt := range []struct {
		name    string
		bitNode int
		noSave  bool
	}{{"save", 1, false}, {"no save", 2, true}} {
		t.Run(tt.name, func(t *testing.T) {
			mid, err := scenario.Load("mid")
			if err != nil {
				t.Fatal(err)
			}
			mid.Home.Cores = 3 // cores come from the save or the facts module
			mid.BitNode = tt.bitNode
			sw := mustSim(t, mid)
			out := filepath.Join(t.TempDir(), "mygame.json")
			stdout, stderr := snapshotCmd(t, gameemu.Config{Sim: sw, SimRate: 1, NoSaveFile: tt.noSave}, "--out", out)
			if stdout != "" || !strings.Contains(stderr, "wrote "+out) {
				t.Errorf("stdout %q, stderr:\n%s", stdout, stderr)
			}
			snap, err := scenario.Load(out)
			if err != nil {
				t.Fatal(err)
			}
			if tt.noSave != strings.Contains(snap.Description, "facts.js") {
				t.Errorf("description %q", snap.Description)
			}
			checkSnapshot(t, mid, sw, snap)
		})
	}
}

// snapshotCmd runs "bbctl snapshot ARGS" against an emulated game made
// from cfg, on a free port with a token of its own, starting the agent as
// a player does, and returns the command's stdout and stderr.
func snapshotCmd(t *testing.T, cfg gameemu.Config, args ...string) (string, string) {
	t.Helper()
	g, err := gameemu.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, stderr, code := runAsync(ctx,
		append([]string{"snapshot", "--port", strconv.Itoa(port), "--token-file", filepath.Join(t.TempDir(), "tok"), "--timeout", "30s"}, args...)...)
	connectGame(t, ctx, g, port)
	eventually(t, "the agent to be pushed", func() bool { _, ok := g.File("home", "bbctl/agent.js"); return ok })
	if _, err := g.Run("home", "bbctl/agent.js", 1); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-code:
		if c != exitOK {
			t.Fatalf("snapshot: exit %d:\n%s", c, stderr.String())
		}
	case <-time.After(40 * time.Second):
		t.Fatalf("snapshot did not finish:\n%s", stderr.String())
	}
	return stdout.String(), stderr.String()
}

// runAsync runs bbctl with args until ctx ends, and returns its output
// buffers and a channel that receives its exit code.
func runAsync(ctx context.Context, args ...string) (stdout, stderr *lockedBuffer, code <-chan int) {
	stdout, stderr = &lockedBuffer{}, &lockedBuffer{}
	c := make(chan int, 1)
	go func() {
		c <- run(ctx, env{stdin: strings.NewReader(""), stdout: stdout, stderr: stderr}, args)
	}()
	return stdout, stderr, c
}

// checkSnapshot checks that snap is the world sw of scenario sc: every
// server with every field the simulator plays (and the agent's RAM held on
// home, as in the game), and bench figures within 1 % of running sc
// directly (without an agent).
func checkSnapshot(t *testing.T, sc scenario.Scenario, sw *sim.World, snap scenario.Scenario) {
	t.Helper()
	bg := context.Background()
	hosts := sw.Hosts()
	if len(snap.Servers) != len(hosts) {
		t.Fatalf("%d servers, the world has %d", len(snap.Servers), len(hosts))
	}
	listed := map[string]scenario.Server{}
	for _, s := range snap.Servers {
		listed[s.Hostname] = s
	}
	for _, h := range hosts {
		want, _ := sw.Server(bg, h)
		links, _ := sw.Scan(bg, h)
		got, ok := listed[h]
		if !ok {
			t.Errorf("%s missing", h)
			continue
		}
		w := scenario.ServerFrom(want, links)
		w.Organization = "" // a name only: the agent does not read it
		w.Depth, w.Parent = got.Depth, got.Parent
		if h == "home" {
			// The agent's RAM, held while the snapshot was taken (the
			// game has closed since).
			if got.RAMUsed < scenario.RAM(game.GB(1.6)) || got.RAMUsed > scenario.RAM(game.GB(8)) {
				t.Errorf("home: ram_used %v, want the agent's", game.RAM(got.RAMUsed))
			}
			w.RAMUsed = got.RAMUsed
		}
		if !sameServer(got, w) {
			t.Errorf("%s:\n got %+v\nwant %+v", h, got, w)
		}
	}
	p, _ := sw.Player(bg)
	if snap.BitNode != sc.BitNode || snap.Player.Exp != p.HackingExp || len(snap.Player.Openers) != len(p.Programs) {
		t.Errorf("snapshot: BitNode %d, player %+v; want BitNode %d, player %+v", snap.BitNode, snap.Player, sc.BitNode, p)
	}
	snap.Seed, snap.Player.FreezeExp, snap.ContractsPerHour = sc.Seed, sc.Player.FreezeExp, sc.ContractsPerHour
	d := 40 * time.Minute
	direct, err := simrun.Run(bg, simrun.Options{Scenario: sc, Duration: d, Log: logline.Loud(t.Errorf, nil)})
	if err != nil {
		t.Fatal(err)
	}
	copied, err := simrun.Run(bg, simrun.Options{Scenario: snap, Duration: d, Log: logline.Loud(t.Errorf, nil)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name      string
		got, want float64
	}{
		{"income_per_sec", copied.IncomePerSec, direct.IncomePerSec},
		{"ceiling_per_sec", copied.CeilingPerSec, direct.CeilingPerSec},
		{"money_gained", copied.MoneyGained, direct.MoneyGained},
	} {
		t.Logf("%s: snapshot %.6g, direct %.6g (%+.3f %%)", f.name, f.got, f.want, 100*(f.got/f.want-1))
		if math.Abs(f.got/f.want-1) > 0.01 {
			t.Errorf("%s: snapshot %v, direct %v: more than 1 %% apart", f.name, f.got, f.want)
		}
	}
}

// TestSnapshotOldGame: a game before 2.8.1 that is not the simulator's
// (the emulated game's own network): the snapshot says how it read the
// BitNode and cores, and simulates.
func TestSnapshotOldGame(t *testing.T) {
	stdout, _ := snapshotCmd(t, gameemu.Config{Hacking: 42, Money: 1e6}, "--name", "old")
	sc, err := scenario.Parse([]byte(stdout), "stdout")
	if err != nil {
		t.Fatalf("%v:\n%s", err, stdout)
	}
	if sc.Name != "old" || sc.Player.Hacking != 42 && sc.Player.Exp == 0 || sc.Player.Money != 1e6 ||
		!strings.Contains(sc.Description, "no save") || len(sc.Servers) < 2 {
		t.Errorf("snapshot of an old game: %+v", sc)
	}
	if _, err := simrun.Ceiling(context.Background(), mustSim(t, sc), sc); err != nil {
		t.Errorf("the snapshot does not simulate: %v", err)
	}
}

func mustSim(t *testing.T, sc scenario.Scenario) *sim.World {
	t.Helper()
	w, err := sim.New(sc.SimConfig())
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// sameServer compares two servers of a scenario by their JSON.
func sameServer(a, b scenario.Server) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestSnapshotUsage(t *testing.T) {
	for _, args := range [][]string{
		{"snapshot", "--timeout", "0s"}, {"snapshot", "--duration", "-1h"}, {"snapshot", "--name", "a b"},
		{"snapshot", "extra"}, {"snapshot", "--port", "0"},
	} {
		if _, stderr, code := runCmd(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, %s", args, code, stderr)
		}
	}
	// Nobody connects: a one-line error after the timeout.
	_, stderr, code := runCmd(t, "", "snapshot", "--port", strconv.Itoa(freePort(t)), "--token-file",
		filepath.Join(t.TempDir(), "tok"), "--timeout", "200ms")
	if code != exitError || !strings.Contains(stderr, "no game and agent within 200ms") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// TestServeDashboardSnapshot: the dashboard of bbctl serve offers the game
// as a scenario file while the controller plays it.
func TestServeDashboardSnapshot(t *testing.T) {
	mid, err := scenario.Load("mid")
	if err != nil {
		t.Fatal(err)
	}
	sw := mustSim(t, mid)
	g, err := gameemu.New(gameemu.Config{Sim: sw, SimRate: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	dir := t.TempDir()
	port, dash := freePort(t), freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, stderr, code := runAsync(ctx, "serve", "--port", strconv.Itoa(port), "--token-file", filepath.Join(dir, "tok"),
		"--dashboard", "127.0.0.1:"+strconv.Itoa(dash), "--no-contracts")
	url := "http://127.0.0.1:" + strconv.Itoa(dash) + "/api/snapshot"
	eventually(t, "the dashboard", func() bool { return strings.Contains(stderr.String(), "dashboard at") })
	// Before the agent: a clear refusal.
	if res, err := http.Get(url); err != nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("snapshot before the agent: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	connectGame(t, ctx, g, port)
	eventually(t, "the agent to be pushed", func() bool { _, ok := g.File("home", "bbctl/agent.js"); return ok })
	if _, err := g.Run("home", "bbctl/agent.js", 1); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the agent to connect", func() bool { return strings.Contains(stderr.String(), "agent: pid") })
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/snapshot: %d %s", res.StatusCode, body)
	}
	sc, err := scenario.Parse(body, "download")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Servers) != len(sw.Hosts()) || sc.HomeCores() != 4 || sc.HomeRAM() != 1024*game.GiB || sc.Name != "mygame" {
		t.Errorf("downloaded %d servers (want %d), home %v with %d cores, name %q", len(sc.Servers), len(sw.Hosts()), sc.HomeRAM(), sc.HomeCores(), sc.Name)
	}
	cancel()
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("serve: exit %d", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestBadSnapshots: a broken scenario file gets a one-line error naming
// the file and the field, from every command that reads one.
func TestBadSnapshots(t *testing.T) {
	dir := t.TempDir()
	home := `{"hostname":"home","links":["n00dles"],"ram":"64GB","min_security":1,"security":1}`
	n00dles := `{"hostname":"n00dles","links":["home"],"ram":4,"money_max":1e6,"money":1e5,"min_security":1,"security":1,"growth":3000}`
	doc := func(servers string) string {
		return `{"name":"mygame","duration":"1h","player":{"hacking":10},"servers":[` + servers + `]}`
	}
	huge := filepath.Join(dir, "huge.json")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil { // 100 MB of zeros, sparse
		t.Fatal(err)
	}
	f.Close()
	tests := []struct {
		name, text, want string
	}{
		{"empty.json", doc(``), "servers: empty"},
		{"nohome.json", doc(n00dles), `servers: no server named "home"`},
		{"link.json", doc(home + `,` + strings.Replace(n00dles, `["home"]`, `["home","CSEC"]`, 1)), `servers[1] (n00dles).links: "CSEC" is not a listed server`},
		{"negram.json", doc(home + `,` + strings.Replace(n00dles, `"ram":4`, `"ram":-4`, 1)), "servers[1].ram -4"},
		{"negmoney.json", doc(home + `,` + strings.Replace(n00dles, `"money":1e5`, `"money":-1`, 1)), "servers[1] (n00dles).money -1"},
		{"huge.json", "", "larger than 1 MB"},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, tt.name)
		if tt.text != "" {
			if err := os.WriteFile(path, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, cmd := range []string{"ceiling", "bench", "sim"} {
			_, stderr, code := runCmd(t, "", cmd, "--scenario", path, "--dashboard", "off")
			if cmd != "sim" {
				_, stderr, code = runCmd(t, "", cmd, "--scenario", path)
			}
			msg := strings.TrimSpace(stderr)
			if code == exitOK || !strings.Contains(msg, tt.want) || !strings.Contains(msg, tt.name) || strings.Contains(msg, "\n") {
				t.Errorf("%s %s: exit %d, stderr %q; want one line naming the file and saying %q", cmd, tt.name, code, stderr, tt.want)
			}
		}
	}
}
