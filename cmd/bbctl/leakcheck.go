package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"bbctl/internal/input"
	"bbctl/internal/memory"
)

// leakReport is the output of "bbctl leak-check --json".
type leakReport struct {
	OK       bool             `json:"ok"`
	Problems []memory.Problem `json:"problems"`
}

// runLeakCheck compares a saved ledger snapshot with a saved view of the
// world (memory.Check). It exits 0 when they agree and 1 when problems are
// found or an input is bad.
func runLeakCheck(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "leak-check", "--snapshot FILE --world FILE [--json]")
	snapPath := fs.String("snapshot", "", "ledger snapshot as JSON (`file`, - for stdin)")
	worldPath := fs.String("world", "", "world view as JSON: servers with max_ram, ram_used and processes (`file`, - for stdin)")
	jsonOut := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usageError("unexpected argument %q", fs.Arg(0))
	case *snapPath == "" || *worldPath == "":
		return usageError("both --snapshot and --world are required")
	case *snapPath == "-" && *worldPath == "-":
		return usageError("only one of --snapshot and --world may read stdin")
	}
	var snap memory.Snapshot
	if err := readInput(e, *snapPath, func(r io.Reader) (err error) { snap, err = memory.DecodeSnapshot(r); return err }); err != nil {
		return err
	}
	var view memory.WorldView
	if err := readInput(e, *worldPath, func(r io.Reader) (err error) { view, err = memory.DecodeWorldView(r); return err }); err != nil {
		return err
	}
	problems := memory.Check(snap, view)
	if *jsonOut {
		if err := writeJSON(e.stdout, leakReport{OK: len(problems) == 0, Problems: append([]memory.Problem{}, problems...)}); err != nil {
			return err
		}
	} else if len(problems) == 0 {
		fmt.Fprintf(e.stdout, "ok: %d workers and %d allocations agree with %d servers\n", len(snap.Workers), len(snap.Allocations), len(view.Servers))
	} else {
		for _, p := range problems {
			fmt.Fprintln(e.stdout, p)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%d problems found", len(problems))
	}
	return nil
}

// readInput reads path ("-" for stdin) within input.MaxSnapshot and hands
// it to decode, naming the file in any error.
func readInput(e env, path string, decode func(io.Reader) error) error {
	var b []byte
	var err error
	name := path
	if path == "-" {
		name = "stdin"
		b, err = input.ReadAll(e.stdin, name, input.MaxSnapshot)
	} else {
		b, err = input.ReadFile(path, input.MaxSnapshot)
	}
	if err != nil {
		return err
	}
	if err := decode(bytes.NewReader(b)); err != nil {
		return fmt.Errorf("%s: %w", name, input.JSONError(b, err))
	}
	return nil
}
