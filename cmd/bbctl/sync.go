package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"time"

	"bbctl/internal/filesync"
	"bbctl/internal/rfa"
)

const syncUsage = `push|pull|diff [--dir DIR] [--dry] [--port N] [--timeout D] [--json]

  push   send the folder's files to home (a file the game refuses is reported; the rest still sync)
  pull   write home's files into the folder
  diff   list the files that differ between the folder and home

The folder and options come from flags, then ` + filesync.ConfigFile + ` in the working
directory, then bitburner-filesync's defaults. bbctl listens like serve and
waits for the game to connect (Options → Remote API → Connect).`

func runSync(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		fmt.Fprintf(e.stderr, "Usage: bbctl sync %s\n", syncUsage)
		if len(args) == 0 {
			return usageError("missing push, pull or diff")
		}
		return nil
	}
	op := args[0]
	if op != "push" && op != "pull" && op != "diff" {
		return usageError("unknown sync command %q: want push, pull or diff", op)
	}
	fs := newFlagSet(e, "sync "+op, "[flags]")
	nf := addNetFlags(fs)
	dir := fs.String("dir", "", "the folder to sync (default: scriptsFolder of "+filesync.ConfigFile+", else .)")
	dry := fs.Bool("dry", false, "say what would change, change nothing")
	timeout := fs.Duration("timeout", 2*time.Minute, "how long to wait for the game to connect")
	asJSON := fs.Bool("json", false, "print the outcome as JSON")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	if *timeout <= 0 {
		return usageError("--timeout %v: want a positive duration", *timeout)
	}
	cfg, _, err := syncConfig(fs, *dir, nf)
	if err != nil {
		return err
	}
	cfg.Dry = cfg.Dry || *dry
	addr, err := nf.addr()
	if err != nil {
		return err
	}
	log := &logger{e: e}
	quiet := *asJSON || cfg.Quiet
	s := &filesync.Syncer{Cfg: cfg}
	if !quiet {
		s.Logf = log.logf
	}

	// The player runs sync once, having pressed Connect: a connection with
	// Origin null (the Steam game) is taken as the game (docs/live.md,
	// "Security").
	srv := &rfa.Server{Origins: nf.origins, TrustOpaque: true}
	if !quiet {
		srv.Logf = log.logf
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is bbctl serve or filesync running?)", addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer hs.Close()
	fmt.Fprintf(e.stderr, "bbctl sync %s: waiting up to %v for the game on %s (Options → Remote API → port %d → Connect)\n", op, *timeout, addr, *nf.port)
	wctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	c, err := srv.Conn(wctx)
	if err != nil {
		return err
	}
	defer c.Close()

	switch op {
	case "diff":
		changes, err := s.Diff(ctx, c)
		if err != nil {
			return err
		}
		if *asJSON {
			return printSyncJSON(e, changes)
		}
		for _, ch := range changes {
			fmt.Fprintf(e.stdout, "%-10s %s\n", ch.State, ch.File)
		}
		if len(changes) == 0 {
			fmt.Fprintln(e.stderr, "the folder and home agree")
		}
		return nil
	default:
		var outs []filesync.Outcome
		if op == "push" {
			outs, err = s.PushAll(ctx, c)
		} else {
			outs, err = s.Pull(ctx, c)
		}
		if *asJSON {
			type row struct {
				File   string `json:"file"`
				Action string `json:"action"`
				Error  string `json:"error,omitempty"`
			}
			rows := []row{}
			for _, o := range outs {
				r := row{File: o.File, Action: o.Action}
				if o.Err != nil {
					r.Error = o.Err.Error()
				}
				rows = append(rows, r)
			}
			if jerr := printSyncJSON(e, rows); jerr != nil {
				return jerr
			}
		}
		if err != nil {
			return err
		}
		failed := 0
		for _, o := range outs {
			if o.Err != nil {
				failed++
			}
		}
		if failed > 0 {
			return fmt.Errorf("%d of %d files failed", failed, len(outs))
		}
		if !*asJSON {
			fmt.Fprintf(e.stderr, "%d files %sed%s\n", len(outs), op, map[bool]string{true: " (dry run)"}[cfg.Dry])
		}
		return nil
	}
}

func printSyncJSON(e env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
