package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"bbctl/internal/input"
)

// TestSignalStopsReaders checks that Ctrl-C or SIGTERM (ctx ending) stops
// every command promptly, also those blocked reading standard input, and
// that a stopped command exits 0 like sim and serve.
func TestSignalStopsReaders(t *testing.T) {
	world := filepath.Join(t.TempDir(), "world.json")
	os.WriteFile(world, []byte(`{"servers":[]}`), 0o600)
	for _, args := range [][]string{
		{"contracts", "solve", "--jsonl"},
		{"calc", "--jsonl"},
		{"leak-check", "--snapshot", "-", "--world", world},
		{"sync", "push", "--timeout", "1m", "--port", strconv.Itoa(freePort(t)), "--dir", t.TempDir()},
	} {
		pr, pw := io.Pipe() // a writer that never writes: sleep 30 | bbctl …
		ctx, cancel := context.WithCancel(context.Background())
		var out, errOut lockedBuffer
		code := make(chan int, 1)
		go func() { code <- run(ctx, env{stdin: pr, stdout: &out, stderr: &errOut}, args) }()
		time.Sleep(50 * time.Millisecond)
		cancel()
		select {
		case c := <-code:
			if c != exitOK {
				t.Errorf("%q stopped: exit %d, want %d; stderr: %s", args, c, exitOK, errOut.String())
			}
		case <-time.After(time.Second):
			t.Errorf("%q: still running a second after the signal", args)
		}
		pw.Close()
	}
}

// TestStdinCap checks that an endless standard input is refused at its
// cap, naming it, instead of being read until memory runs out.
func TestStdinCap(t *testing.T) {
	world := filepath.Join(t.TempDir(), "world.json")
	os.WriteFile(world, []byte(`{"servers":[]}`), 0o600)
	var out, errOut lockedBuffer
	endless := io.LimitReader(spaces{}, 1<<40)
	c := run(context.Background(), env{stdin: endless, stdout: &out, stderr: &errOut}, []string{"leak-check", "--snapshot", "-", "--world", world})
	if c != exitError || !strings.Contains(errOut.String(), "stdin: larger than 64 MB") {
		t.Errorf("leak-check of endless whitespace: exit %d, %s", c, errOut.String())
	}
}

// spaces is an endless run of blanks.
type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// TestErrorsInPlayersWords checks that bad input is answered in the
// player's words: no Go type names, no "usage:" mark, no name said twice,
// and the flag or field named.
func TestErrorsInPlayersWords(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.json")
	os.WriteFile(seed, []byte(`{"name":"x","duration":"1h","seed":"one"}`), 0o600)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"sim", "--scenario", seed}, exitError, "seed: want a whole number ≥ 0, not a string"},
		{[]string{"sim", "--hacking", "99999", "--dashboard", "off"}, exitUsage, "player.hacking 99999: no amount of exp reaches it"},
		{[]string{"sim", "--hacking", "-1"}, exitUsage, "bbctl sim: --hacking -1: want a level ≥ 1"},
		{[]string{"sim", "--hacking", "0"}, exitUsage, "bbctl sim: --hacking 0: want a level ≥ 1"},
		{[]string{"calc", "level", "--exp", "NaN"}, exitUsage, "bbctl calc: --exp NaN: want a finite number"},
		{[]string{"calc", "weaken", "--remove", "NaN"}, exitUsage, "bbctl calc: --remove NaN: want a finite number"},
		{[]string{"calc", "hack", "--server", "n00dles", "--hacking", "Inf"}, exitUsage, "invalid value"},
		{[]string{"calc", "cost", "--server-ram", "1e308"}, exitUsage, "too large"},
		{[]string{"sim", "--duration", "0"}, exitUsage, "bbctl sim: --duration 0s: want a positive duration"},
		{[]string{"bench", "--duration", "0s"}, exitUsage, "bbctl bench: --duration 0s: want a positive duration"},
		{[]string{"contracts", "solve", "--type", "nope", "--data", "1"}, exitError, `bbctl contracts: unknown contract type "nope"`},
		{[]string{"contracts", "check", "--type", "Find Largest Prime Factor", "--data", `"x"`, "--answer", "1"}, exitError, "bad contract data: want a number, not a string"},
	} {
		_, errOut, code := runCmd(t, "", c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, %q; want exit %d and %q", c.args, code, errOut, c.code, c.want)
		}
		for _, bad := range []string{"Go struct", "Go value", "usage:", "contracts: contracts:", " json: "} {
			if strings.Contains(errOut, bad) {
				t.Errorf("%q: %q speaks Go (%q)", c.args, errOut, bad)
			}
		}
	}
}

// TestConsistency checks the small promises every command keeps: a
// version, --json where a command prints results, and usage lines that
// list every flag.
func TestConsistency(t *testing.T) {
	out, _, code := runCmd(t, "", "--version")
	if code != exitOK || !strings.HasPrefix(out, "bbctl ") || !strings.Contains(out, "2.6.1 and 3") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"contracts", "solve", "--type", "Total Ways to Sum", "--data", "8", "--json"}, `"answer": 21`},
		{[]string{"contracts", "check", "--type", "Total Ways to Sum", "--data", "8", "--answer", "21", "--json"}, `"right": true`},
		{[]string{"contracts", "generate", "--type", "Square Root", "--json"}, `"type": "Square Root"`},
	} {
		out, errOut, code := runCmd(t, "", c.args...)
		var v any
		if code != exitOK || !strings.Contains(out, c.want) || json.Unmarshal([]byte(out), &v) != nil {
			t.Errorf("%q: exit %d, %q %s", c.args, code, out, errOut)
		}
	}
	for cmd, flag := range map[string]string{"sim": "[--quiet]", "serve": "[--origin PATTERN]"} {
		_, errOut, _ := runCmd(t, "", cmd, "--help")
		if !strings.Contains(errOut, flag) {
			t.Errorf("%s --help: usage line lacks %s:\n%s", cmd, flag, errOut)
		}
	}
}

// TestCalcInputs checks calc's own inputs: an absolute script path is
// read as given (inside --root), a script over its cap is refused, and a
// --jsonl line over its cap names the line and the cap.
func TestCalcInputs(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "abs.js")
	os.WriteFile(script, []byte(`export async function main(ns) { ns.hack("n00dles") }`), 0o600)
	if out, errOut, code := runCmd(t, "", "calc", "ram", "--root", dir, script); code != exitOK || !strings.Contains(out, "1.7GB per thread") {
		t.Errorf("calc ram of an absolute path inside --root: exit %d, %s %s", code, out, errOut)
	}
	if out, _, code := runCmd(t, "", "calc", "ram", script); code != exitError || !strings.Contains(out, "outside --root .") {
		t.Errorf("calc ram of an absolute path outside --root: exit %d, %s", code, out)
	}
	big := filepath.Join(dir, "big.js")
	os.WriteFile(big, bytes.Repeat([]byte(" "), input.MaxScript+1), 0o600)
	if out, _, code := runCmd(t, "", "calc", "ram", "--root", dir, "big.js"); code != exitError || !strings.Contains(out, "larger than 16 MB") {
		t.Errorf("calc ram of an oversized script: exit %d, %s", code, out)
	}
	_, errOut, code := runCmd(t, strings.Repeat("x", input.MaxLine+1)+"\n", "calc", "--jsonl")
	if code != exitError || !strings.Contains(errOut, "stdin line 1: longer than 1 MB") {
		t.Errorf("calc --jsonl with an oversized line: exit %d, %s", code, errOut)
	}
	_, errOut, _ = runCmd(t, "", "calc", "level", "--help")
	if strings.Contains(errOut, "(default -1)") {
		t.Errorf("calc level --help shows a sentinel default:\n%s", errOut)
	}
}
