package filesync_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"bbctl/internal/filesync"
	"bbctl/internal/gameemu"
	"bbctl/internal/input"
	"bbctl/internal/rfa"
)

func TestParseConfig(t *testing.T) {
	c, err := filesync.ParseConfig([]byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, filesync.DefaultConfig()) {
		t.Errorf("{} = %+v, want the defaults", c)
	}
	d := filesync.DefaultConfig()
	if d.Port != 12525 || d.ScriptsFolder != "." || d.AllowDeletingFiles || d.PushAllOnConnection ||
		!reflect.DeepEqual(d.AllowedFiletypes, []string{".js", ".script", ".txt"}) || d.DefinitionFile.Location != "NetScriptDefinitions.d.ts" {
		t.Errorf("defaults = %+v, want bitburner-filesync's", d)
	}
	c, err = filesync.ParseConfig([]byte(`{"allowedFiletypes":[".js"],"allowDeletingFiles":true,"port":9999,
		"scriptsFolder":"src","exclude":["node_modules"],"quiet":true,"dry":true,
		"definitionFile":{"update":true,"location":"defs.d.ts"},"pushAllOnConnection":true}`))
	if err != nil || c.Port != 9999 || !c.DefinitionFile.Update || c.ScriptsFolder != "src" || !c.Dry {
		t.Errorf("full config = %+v, %v", c, err)
	}
	for _, bad := range []struct{ in, want string }{
		{`{"prot":1}`, `unknown field "prot"`},
		{`{"port":0}`, "port 0"},
		{`{"port":"x"}`, "port"},
		{`{"allowedFiletypes":["js"]}`, `"js"`},
		{`{"allowedFiletypes":[]}`, "allowedFiletypes is empty"},
		{`{"scriptsFolder":""}`, "scriptsFolder"},
		{`{"exclude":["[" ]}`, `"["`},
		{`{"definitionFile":{"update":true,"location":""}}`, "definitionFile.location"},
		{`{} {}`, "more than one"},
	} {
		if _, err := filesync.ParseConfig([]byte(bad.in)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseConfig(%s) = %v, want an error with %q", bad.in, err, bad.want)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(`{"port":12525,"exclude":["a*"]}`))
	f.Add([]byte(`{"allowedFiletypes":[".js"]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := filesync.ParseConfig(b)
		if err == nil && c.Validate() != nil {
			t.Fatalf("accepted an invalid config %+v", c)
		}
	})
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPushAllReportsPerFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"a.js": "A", "lib/b.js": "B", "notes.txt": "N", "x.exe": "X", "bad name.js": "bad",
		"node_modules/m.js": "M", "old.script": "S",
	})
	_, c, g := gameemu.StartWithRFA(t, gameemu.Config{V3: true})
	cfg := filesync.DefaultConfig()
	cfg.ScriptsFolder = dir
	cfg.Exclude = []string{"node_modules"}
	s := &filesync.Syncer{Cfg: cfg, Logf: t.Logf}
	out, err := s.PushAll(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, o := range out {
		got[o.File] = "ok"
		if o.Err != nil {
			got[o.File] = o.Err.Error()
		}
	}
	if len(got) != 5 || got["a.js"] != "ok" || got["lib/b.js"] != "ok" || got["notes.txt"] != "ok" {
		t.Errorf("outcomes = %v", got)
	}
	var ge *rfa.Error
	for _, o := range out {
		switch o.File {
		case "bad name.js":
			if !errors.As(o.Err, &ge) || ge.Message != "Invalid file path: bad name.js" {
				t.Errorf("bad name.js: %v, want the game's reason", o.Err)
			}
		case "old.script": // NS1 scripts are gone in v3
			if !errors.As(o.Err, &ge) || !strings.Contains(ge.Message, "Invalid file extension") {
				t.Errorf("old.script: %v, want the game's reason", o.Err)
			}
		}
	}
	if s, ok := g.File("home", "lib/b.js"); !ok || s != "B" {
		t.Errorf("lib/b.js in game = %q, %v", s, ok)
	}
	if _, ok := g.File("home", "node_modules/m.js"); ok {
		t.Error("excluded file was pushed")
	}

	// Dry run pushes nothing.
	g.WriteFile("home", "a.js", "changed in game")
	s.Cfg.Dry = true
	if _, err := s.PushAll(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if s, _ := g.File("home", "a.js"); s != "changed in game" {
		t.Error("a dry run pushed")
	}
}

func TestPullAndDiff(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"same.js": "S", "local.js": "L", "changed.js": "mine"})
	_, c, g := gameemu.StartWithRFA(t, gameemu.Config{})
	for name, content := range map[string]string{"same.js": "S", "changed.js": "theirs", "game/only.js": "G", "t.txt": "T"} {
		g.WriteFile("home", name, content)
	}
	cfg := filesync.DefaultConfig()
	cfg.ScriptsFolder = dir
	s := &filesync.Syncer{Cfg: cfg, Logf: t.Logf}
	ctx := context.Background()
	diff, err := s.Diff(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	want := []filesync.Change{{File: "changed.js", State: "differs"}, {File: "local.js", State: "local-only"},
		{File: "game/only.js", State: "game-only"}, {File: "t.txt", State: "game-only"}}
	if !reflect.DeepEqual(diff, want) {
		t.Errorf("Diff = %v, want %v", diff, want)
	}
	if _, err := s.Pull(ctx, c); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "game", "only.js")); err != nil || string(b) != "G" {
		t.Errorf("pulled game/only.js = %q, %v", b, err)
	}
	diff, _ = s.Diff(ctx, c)
	if len(diff) != 1 || diff[0].File != "local.js" {
		t.Errorf("Diff after pull = %v, want only local.js", diff)
	}
}

func TestWatch(t *testing.T) {
	dir := t.TempDir()
	_, c, g := gameemu.StartWithRFA(t, gameemu.Config{})
	cfg := filesync.DefaultConfig()
	cfg.ScriptsFolder = dir
	cfg.AllowDeletingFiles = true
	s := &filesync.Syncer{Cfg: cfg, Logf: t.Logf}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx, func() filesync.Remote { return c }) }()
	time.Sleep(100 * time.Millisecond) // let the watcher start
	wait := func(what string, ok func() bool) {
		t.Helper()
		for end := time.Now().Add(5 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(end) {
				t.Fatalf("timed out waiting for %s", what)
			}
		}
	}
	write(t, dir, map[string]string{"w.js": "v1"})
	wait("w.js to be pushed", func() bool { s, _ := g.File("home", "w.js"); return s == "v1" })
	write(t, dir, map[string]string{"w.js": "v2", "sub/deep.js": "D"})
	wait("the edit and the new folder", func() bool {
		a, _ := g.File("home", "w.js")
		b, _ := g.File("home", "sub/deep.js")
		return a == "v2" && b == "D"
	})
	os.Remove(filepath.Join(dir, "w.js"))
	wait("w.js to be deleted", func() bool { _, ok := g.File("home", "w.js"); return !ok })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestOnConnect(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"a.js": "A"})
	_, c, g := gameemu.StartWithRFA(t, gameemu.Config{Definitions: "interface NS {}"})
	cfg := filesync.DefaultConfig()
	cfg.ScriptsFolder = dir
	cfg.DefinitionFile = filesync.Definition{Update: true, Location: filepath.Join(dir, "defs.d.ts")}
	cfg.PushAllOnConnection = true
	s := &filesync.Syncer{Cfg: cfg, Logf: t.Logf}
	s.OnConnect(context.Background(), c)
	if b, err := os.ReadFile(cfg.DefinitionFile.Location); err != nil || string(b) != "interface NS {}" {
		t.Errorf("definitions file: %q, %v", b, err)
	}
	if s, ok := g.File("home", "a.js"); !ok || s != "A" {
		t.Errorf("a.js not pushed on connection: %q, %v", s, ok)
	}
}

// TestInputCaps checks that a file in the folder over its cap is refused
// with its name and the cap, the others still sync, and that an oversized
// filesync.json is refused unread.
func TestInputCaps(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"a.js": "A", "huge.txt": strings.Repeat("x", input.MaxScript+1)})
	_, c, g := gameemu.StartWithRFA(t, gameemu.Config{})
	cfg := filesync.DefaultConfig()
	cfg.ScriptsFolder = dir
	s := &filesync.Syncer{Cfg: cfg, Logf: t.Logf}
	out, err := s.PushAll(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.File == "huge.txt" && (o.Err == nil || !strings.Contains(o.Err.Error(), "huge.txt: larger than 16 MB")) {
			t.Errorf("huge.txt: %v", o.Err)
		}
	}
	if _, ok := g.File("home", "a.js"); !ok {
		t.Error("a.js did not sync beside the oversized file")
	}
	conf := filepath.Join(dir, "filesync.json")
	os.WriteFile(conf, []byte(strings.Repeat(" ", input.MaxConfig+1)), 0o600)
	if _, err := filesync.LoadConfig(conf); err == nil || !strings.Contains(err.Error(), "larger than 1 MB") {
		t.Errorf("LoadConfig of an oversized file: %v", err)
	}
}
