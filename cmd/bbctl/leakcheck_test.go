package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/memory"
	"bbctl/internal/world"
)

func TestLeakCheck(t *testing.T) {
	l, err := memory.New(memory.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.UpdateServer(game.Server{Hostname: "a", HasAdminRights: true, MaxRAM: game.GB(8), Cores: 1}); err != nil {
		t.Fatal(err)
	}
	g, err := l.Request(memory.Request{Owner: memory.ControllerOwner(), ChunkSize: game.GB(2), NumChunks: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Claim(g.ID, memory.Claim{PID: 5, Host: "a", Filename: "bbctl/w.js", ChunkSize: game.GB(1.75), NumChunks: 1}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	snap := write("snap.json", l.Snapshot())
	proc := world.Process{PID: 5, Host: "a", Filename: "bbctl/w.js", Threads: 1, RAM: game.GB(1.75)}
	good := write("good.json", memory.WorldView{Servers: []memory.ServerView{{Host: "a", MaxRAM: game.GB(8), UsedRAM: game.GB(1.75), Processes: []world.Process{proc}}}})
	dead := write("dead.json", memory.WorldView{Servers: []memory.ServerView{{Host: "a", MaxRAM: game.GB(8)}}})
	bad := write("bad.json", map[string]any{"servers": []any{map[string]any{"host": ""}}})

	out, errs, code := runCmd(t, "", "leak-check", "--snapshot", snap, "--world", good)
	if code != exitOK || !strings.HasPrefix(out, "ok: 1 workers and 1 allocations") {
		t.Errorf("healthy: exit %d, %q, %q", code, out, errs)
	}
	b, _ := os.ReadFile(good)
	out, _, code = runCmd(t, string(b), "leak-check", "--snapshot", snap, "--world", "-", "--json")
	var r leakReport
	if code != exitOK || json.Unmarshal([]byte(out), &r) != nil || !r.OK || r.Problems == nil || len(r.Problems) != 0 {
		t.Errorf("healthy --json from stdin: exit %d, %q", code, out)
	}
	out, errs, code = runCmd(t, "", "leak-check", "--snapshot", snap, "--world", dead, "--json")
	if code != exitError || json.Unmarshal([]byte(out), &r) != nil || r.OK || len(r.Problems) != 1 || r.Problems[0].Kind != memory.DeadClaim ||
		!strings.Contains(errs, "1 problems found") {
		t.Errorf("dead claim: exit %d, %q, %q", code, out, errs)
	}
	out, _, code = runCmd(t, "", "leak-check", "--snapshot", snap, "--world", dead)
	if code != exitError || !strings.HasPrefix(out, "dead-claim a #1 pid 5:") {
		t.Errorf("dead claim text: exit %d, %q", code, out)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--snapshot", snap}, exitUsage, "both --snapshot and --world"},
		{[]string{"--snapshot", "-", "--world", "-"}, exitUsage, "only one"},
		{[]string{"--snapshot", snap, "--world", good, "extra"}, exitUsage, "unexpected argument"},
		{[]string{"--bogus"}, exitUsage, "bogus"},
		{[]string{"--snapshot", snap, "--world", bad}, exitError, "bad.json: world view: servers[0]: empty host"},
		{[]string{"--snapshot", filepath.Join(dir, "missing.json"), "--world", good}, exitError, "missing.json"},
		{[]string{"--snapshot", good, "--world", good}, exitError, "good.json: snapshot"},
	} {
		_, errs, code := runCmd(t, "", append([]string{"leak-check"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
}
