package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestWorld(t *testing.T) {
	stdout, stderr, code := runCmd(t, "", "world", "--seed", "7", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r worldReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Servers) != 71 || r.Servers[0].Hostname != "home" || r.Seed != 7 {
		t.Fatalf("%d servers, first %q", len(r.Servers), r.Servers[0].Hostname)
	}
	// The game's creation order: home, then the catalogue; every server
	// named in links is listed; depths follow the parents.
	depth := map[string]int{}
	for _, s := range r.Servers {
		depth[s.Hostname] = s.Depth
		if s.Hostname == "darkweb" {
			t.Error("darkweb listed")
		}
	}
	for _, s := range r.Servers {
		if s.Parent != "" && depth[s.Parent] != s.Depth-1 {
			t.Errorf("%s at depth %d, its parent %s at %d", s.Hostname, s.Depth, s.Parent, depth[s.Parent])
		}
		for _, l := range s.Links {
			if _, ok := depth[l]; !ok {
				t.Errorf("%s links to %s, not listed", s.Hostname, l)
			}
		}
	}
	again, _, _ := runCmd(t, "", "world", "--seed", "7", "--json")
	other, _, _ := runCmd(t, "", "world", "--seed", "8", "--json")
	if again != stdout || other == stdout {
		t.Error("world output must depend on the seed and only on it")
	}
	text, _, code := runCmd(t, "", "world", "--bitnode", "12.2", "--version", "2.6.1")
	if code != exitOK || !strings.Contains(text, "w0r1d_d43m0n (unlinked)") || !strings.Contains(text, "MIN SEC") {
		t.Errorf("text output:\n%s", text)
	}
	for _, bad := range [][]string{{"world", "--seed", "x"}, {"world", "--bitnode", "0"}, {"world", "extra"}} {
		if _, _, code := runCmd(t, "", bad...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", bad, code, exitUsage)
		}
	}
}
