package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"bbctl/internal/gameemu"
)

// lockedBuffer is a bytes.Buffer safe for concurrent use.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// connectGame connects an emulated game's Remote API to port, retrying
// until bbctl listens.
func connectGame(t *testing.T, ctx context.Context, g *gameemu.Game, port int) {
	t.Helper()
	go func() {
		for ctx.Err() == nil {
			g.ConnectRFA(ctx, "ws://127.0.0.1:"+strconv.Itoa(port))
			time.Sleep(20 * time.Millisecond)
		}
	}()
}

func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestServePushesAndGuides(t *testing.T) {
	port := freePort(t)
	dir := t.TempDir()
	var out, errOut lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut},
			[]string{"serve", "--port", strconv.Itoa(port), "--token-file", filepath.Join(dir, "tok"), "--sync", dir, "--data-dir", filepath.Join(dir, "data")})
	}()
	g, err := gameemu.New(gameemu.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	connectGame(t, ctx, g, port)
	eventually(t, "the agent to be pushed", func() bool { _, ok := g.File("home", "bbctl/agent.js"); return ok })
	eventually(t, "the instructions", func() bool { return strings.Contains(out.String(), "run bbctl/agent.js") })
	tok, err := os.ReadFile(filepath.Join(dir, "tok"))
	if err != nil || len(strings.TrimSpace(string(tok))) < 16 {
		t.Fatalf("token file: %q, %v", tok, err)
	}
	if agent, _ := g.File("home", "bbctl/agent.js"); !strings.Contains(agent, strings.TrimSpace(string(tok))) {
		t.Error("the pushed agent does not carry the token")
	}
	// File sync: a new file in the folder reaches home.
	os.WriteFile(filepath.Join(dir, "mine.js"), []byte("export async function main(ns) {}"), 0o644)
	eventually(t, "the synced file", func() bool { _, ok := g.File("home", "mine.js"); return ok })
	// The agent connects and stays.
	if _, err := g.Run("home", "bbctl/agent.js", 1); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the agent to connect", func() bool { return strings.Contains(errOut.String(), "agent: pid") })
	cancel()
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("exit code %d; stderr:\n%s", c, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	// One line says what ran, what it earned and what still runs.
	if !regexp.MustCompile(`stopped after \d+s; the controller ran \d+s, its hacks earned \$[0-9.]+[kmbtq]?, money now \$[0-9.]+[kmbtq]?; `).MatchString(errOut.String()) {
		t.Errorf("no shutdown summary:\n%s", errOut.String())
	}
}

func TestServeUsage(t *testing.T) {
	var out, errOut lockedBuffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}
	for _, args := range [][]string{
		{"serve", "--port", "0"},
		{"serve", "extra"},
		{"sync"},
		{"sync", "frob"},
		{"sync", "push", "--timeout", "-1s"},
		{"serve", "--origin", "["},
		{"sync", "push", "--origin", "https://example.com/game"},
	} {
		if c := run(context.Background(), e, args); c != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, c, exitUsage)
		}
	}
	bad := filepath.Join(t.TempDir(), "tok")
	os.WriteFile(bad, []byte("short"), 0o600)
	if c := run(context.Background(), e, []string{"serve", "--token-file", bad, "--port", strconv.Itoa(freePort(t))}); c != exitError {
		t.Errorf("bad token file: exit %d, want %d", c, exitError)
	}
	if !strings.Contains(errOut.String(), bad) {
		t.Errorf("the error does not name the token file: %s", errOut.String())
	}
	// A token file in a folder that does not exist is an error, not a
	// new tree of folders.
	missing := filepath.Join(t.TempDir(), "no", "such", "tok")
	if c := run(context.Background(), e, []string{"serve", "--token-file", missing, "--port", strconv.Itoa(freePort(t))}); c != exitError {
		t.Errorf("token file in a missing folder: exit %d, want %d", c, exitError)
	}
	if _, err := os.Stat(filepath.Dir(missing)); err == nil {
		t.Errorf("serve made the folder %s", filepath.Dir(missing))
	}
	if !strings.Contains(errOut.String(), "does not exist") {
		t.Errorf("the error does not say the folder is missing: %s", errOut.String())
	}
}

func TestSyncPush(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ok.js"), []byte("export async function main(ns) {}"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad name.js"), []byte("x"), 0o644)
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	g, err := gameemu.New(gameemu.Config{V3: true})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	connectGame(t, ctx, g, port)
	var out, errOut lockedBuffer
	c := run(ctx, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut},
		[]string{"sync", "push", "--dir", dir, "--port", strconv.Itoa(port), "--timeout", "10s", "--json"})
	if c != exitError {
		t.Errorf("exit %d, want %d (one file refused); stderr: %s", c, exitError, errOut.String())
	}
	if !strings.Contains(out.String(), `"error": "rfa pushFile: game refused pushFile: Invalid file path: bad name.js"`) {
		t.Errorf("JSON does not carry the game's reason:\n%s", out.String())
	}
	if _, ok := g.File("home", "ok.js"); !ok {
		t.Error("ok.js was not pushed")
	}
}

// TestServeDashboardLive runs serve against an emulated game and reads its
// dashboard: the header shows the time of day and the time since bbctl
// started (the live game's clock is the wall's Unix time), and the income
// ceiling is known, with the ratio, as in bbctl sim.
func TestServeDashboardLive(t *testing.T) {
	port, dport := freePort(t), freePort(t)
	dir := t.TempDir()
	var out, errOut lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut},
			[]string{"serve", "--port", strconv.Itoa(port), "--token-file", filepath.Join(dir, "tok"),
				"--dashboard", "127.0.0.1:" + strconv.Itoa(dport), "--no-contracts"})
	}()
	g, err := gameemu.New(gameemu.Config{Hacking: 50})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	connectGame(t, ctx, g, port)
	eventually(t, "the agent to be pushed", func() bool { _, ok := g.File("home", "bbctl/agent.js"); return ok })
	if _, err := g.Run("home", "bbctl/agent.js", 1); err != nil {
		t.Fatal(err)
	}
	var st struct {
		Started   bool    `json:"started"`
		Clock     string  `json:"clock"`
		WallClock bool    `json:"wall_clock"`
		Ceiling   float64 `json:"ceiling"`
		Ratio     float64 `json:"ratio"`
	}
	url := "http://127.0.0.1:" + strconv.Itoa(dport) + "/api/status"
	eventually(t, "the dashboard's ceiling", func() bool {
		res, err := http.Get(url)
		if err != nil {
			return false
		}
		defer res.Body.Close()
		return json.NewDecoder(res.Body).Decode(&st) == nil && st.Ceiling > 0
	})
	if !st.WallClock || !regexp.MustCompile(`^\d\d:\d\d:\d\d · running 0:00:\d\d$`).MatchString(st.Clock) {
		t.Errorf("the header's clock is %q (wall clock %v), want the time of day and the time since the start", st.Clock, st.WallClock)
	}
	if strings.Contains(errOut.String(), "contracts") {
		t.Errorf("with --no-contracts the log speaks of contracts:\n%s", errOut.String())
	}
	cancel()
	<-code
}
