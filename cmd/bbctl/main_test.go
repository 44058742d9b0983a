package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// Output that cannot be written fails the command, whichever writes it
// (tabwriters and fmt alike drop the error).
func TestOutputWriteFailure(t *testing.T) {
	for _, args := range [][]string{
		{"calc", "level", "--exp", "1000"},
		{"calc", "cost"},
		{"contracts", "types"},
	} {
		var stderr bytes.Buffer
		code := run(context.Background(), env{stdin: strings.NewReader(""), stdout: failingWriter{}, stderr: &stderr}, args)
		if code != exitError || !strings.Contains(stderr.String(), "disk full") {
			t.Errorf("%v to a full disk: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}

// One dispatcher serves bbctl's commands, calc's topics and contracts'
// actions: help on request, a usage error naming what is missing or
// unknown.
func TestDispatch(t *testing.T) {
	for _, c := range []struct {
		args     []string
		code     int
		stdout   string
		stderr   string
		noStdout bool
	}{
		{[]string{}, exitUsage, "", "bbctl: missing command", true},
		{[]string{"help"}, exitOK, "Commands:", "", false},
		{[]string{"frobnicate"}, exitUsage, "", `bbctl: unknown command "frobnicate"`, true},
		{[]string{"calc"}, exitUsage, "", "bbctl calc: missing topic", true},
		{[]string{"calc", "--help"}, exitOK, "Topics:", "", false},
		{[]string{"calc", "hak"}, exitUsage, "", `bbctl calc: unknown topic "hak"`, true},
		{[]string{"contracts"}, exitUsage, "", "bbctl contracts: missing action", true},
		{[]string{"contracts", "help"}, exitOK, "Actions:", "", false},
		{[]string{"contracts", "solv"}, exitUsage, "", `bbctl contracts: unknown action "solv"`, true},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr}, c.args)
		if code != c.code || !strings.Contains(stdout.String(), c.stdout) || !strings.Contains(stderr.String(), c.stderr) ||
			(c.noStdout && stdout.Len() > 0) {
			t.Errorf("bbctl %v: exit %d\nstdout %q\nstderr %q", c.args, code, stdout.String(), stderr.String())
		}
	}
}
