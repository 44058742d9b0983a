package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"bbctl/internal/gameemu"
	"bbctl/internal/scenario"
)

// TestWalkthrough runs the "Your own game" walkthrough of
// docs/scenarios.md as written, on a snapshot of the simulator's mid world
// without its purchased servers taken through the emulated game, and
// checks every output the page shows (wall time aside). The snapshot
// listens on a free port with a token of its own, and sim (whose output
// the page does not show) runs five game minutes at full speed without
// its dashboard; nothing else is added.
func TestWalkthrough(t *testing.T) {
	doc, err := os.ReadFile("../../docs/scenarios.md")
	if err != nil {
		t.Skipf("docs/scenarios.md: %v", err)
	}
	steps := walkthrough(t, string(doc))
	if len(steps) < 4 || steps[0].args[0] != "snapshot" {
		t.Fatalf("the walkthrough has %d commands, want snapshot first and three more", len(steps))
	}
	shown := 0
	for _, st := range steps {
		if st.want != "" {
			shown++
		}
	}
	if shown < 3 {
		t.Fatalf("the page shows the output of %d commands, want the ceiling, the comparison and the bench", shown)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "mygame.json")
	for _, st := range steps {
		for i, a := range st.args {
			st.args[i] = strings.ReplaceAll(a, "mygame.json", file)
		}
		var out string
		switch st.args[0] {
		case "snapshot":
			out = walkSnapshot(t, st.args)
		case "sim":
			out = run1(t, append(st.args, "--speed", "max", "--dashboard", "off", "--quiet", "--duration", "5m")...)
		default:
			out = run1(t, st.args...)
		}
		if st.want != "" && normalize(out) != normalize(st.want) {
			t.Errorf("$ bbctl %s\ngot:\n%s\nthe page shows:\n%s", st.line, out, st.want)
		}
	}
}

// step is one command of the walkthrough and the output the page shows.
type step struct {
	line string
	args []string
	want string
}

// walkthrough reads the commands of the "Your own game" section.
func walkthrough(t *testing.T, doc string) []step {
	t.Helper()
	_, sec, ok := strings.Cut(doc, "\n## Your own game\n")
	if !ok {
		t.Fatal(`docs/scenarios.md has no "## Your own game" section`)
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	var steps []step
	inBlock := false
	for _, l := range strings.Split(sec, "\n") {
		switch {
		case strings.HasPrefix(l, "```"):
			inBlock = !inBlock
		case inBlock && strings.HasPrefix(l, "$ bbctl "):
			line := strings.TrimPrefix(l, "$ bbctl ")
			steps = append(steps, step{line: line, args: shellWords(t, line)})
		case inBlock && len(steps) > 0:
			steps[len(steps)-1].want += l + "\n"
		}
	}
	return steps
}

// shellWords splits a command line on spaces, keeping "quoted words".
func shellWords(t *testing.T, s string) []string {
	var out []string
	var cur strings.Builder
	quoted, have := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, have = !quoted, true
		case r == ' ' && !quoted:
			if have {
				out = append(out, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quotes in %q", s)
	}
	if have {
		out = append(out, cur.String())
	}
	return out
}

var wall = regexp.MustCompile(`\([0-9.]+ s wall\)`)

// normalize drops what differs between runs and the page: wall time and
// trailing spaces.
func normalize(s string) string {
	lines := strings.Split(strings.TrimSpace(wall.ReplaceAllString(s, "(… s wall)")), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// run1 runs a command that must succeed and returns its output.
func run1(t *testing.T, args ...string) string {
	t.Helper()
	out, stderr, code := runCmd(t, "", args...)
	if code != exitOK {
		t.Fatalf("bbctl %v: exit %d: %s", args, code, stderr)
	}
	return out
}

// walkSnapshot runs the snapshot command of the walkthrough against the
// emulated game backed by the mid world without its purchased servers.
func walkSnapshot(t *testing.T, args []string) string {
	t.Helper()
	mid, err := scenario.Load("mid")
	if err != nil {
		t.Fatal(err)
	}
	mid.Purchased = nil
	out, _ := snapshotCmd(t, gameemu.Config{Sim: mustSim(t, mid), SimRate: 1}, args[1:]...)
	return out
}
