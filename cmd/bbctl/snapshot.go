package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"regexp"
	"time"

	"bbctl/internal/live"
	"bbctl/internal/live/js"
	"bbctl/internal/logline"
	"bbctl/internal/scenario"
	"bbctl/internal/snapshot"
	"bbctl/internal/world"
)

// runSnapshot reads the live game into a scenario file: it listens like
// serve, waits for the game and its agent, reads, writes and exits.
func runSnapshot(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "snapshot", "[--out FILE] [--name NAME] [--duration D] [--listen HOST] [--port N] [--token-file F] [--timeout D]")
	nf := addNetFlags(fs)
	out := fs.String("out", "", "write the scenario to `FILE` (default: standard output)")
	name := fs.String("name", "mygame", "the scenario's `name`")
	dur := fs.Duration("duration", time.Hour, "the game time a run of the scenario lasts")
	tokenFile := fs.String("token-file", "", "where the agent's secret is kept (default: the user config dir, bbctl/agent-token)")
	timeout := fs.Duration("timeout", 2*time.Minute, "how long to wait for the game and its agent")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	if *timeout <= 0 {
		return usageError("--timeout %v: want a positive duration", *timeout)
	}
	if *dur <= 0 {
		return usageError("--duration %v: want a positive duration", *dur)
	}
	if !scenarioName.MatchString(*name) {
		return usageError("--name %q: want letters, digits, '-', '_' or '.' (at most 64)", *name)
	}
	addr, err := nf.addr()
	if err != nil {
		return err
	}
	tok, err := loadToken(*tokenFile)
	if err != nil {
		return err
	}
	log := &logger{e: e}
	srv := &live.Server{Token: tok, Origins: nf.origins, Logf: log.logf, Notef: func(format string, args ...any) {
		log.line(logline.Info, fmt.Sprintf(format, args...)) // stdout may be the scenario
	}}
	srv.RunName = "the snapshot"
	type taken struct {
		sc   scenario.Scenario
		file []byte
	}
	done := make(chan taken, 1)
	srv.Run = func(ctx context.Context, w world.World) error {
		sc, file, err := liveSnapshot(ctx, srv, snapshot.Options{Name: *name, Duration: *dur})
		if err == nil {
			done <- taken{sc, file}
		}
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is bbctl serve running? its dashboard offers the snapshot too)", addr, err)
	}
	fmt.Fprintf(e.stderr, "bbctl snapshot: waiting up to %v for the game on %s (Options → Remote API → port %d → Connect) and its agent (run bbctl/agent.js)\n",
		*timeout, addr, *nf.port)
	wctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	if err := srv.Serve(wctx, ln); err != nil {
		return err
	}
	var t taken
	select {
	case t = <-done:
	default:
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("no game and agent within %v: press Connect in the game's Remote API options and run bbctl/agent.js in its terminal", *timeout)
	}
	sc, file := t.sc, t.file
	if *out == "" {
		_, err = e.stdout.Write(file)
		return err
	}
	if err := os.WriteFile(*out, file, 0o644); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	fmt.Fprintf(e.stderr, "bbctl snapshot: wrote %s: %s\nnext: bbctl ceiling --scenario %s\n", *out, sc.Description, *out)
	return nil
}

// scenarioName is what --name accepts.
var scenarioName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// liveSnapshot reads the live game behind srv into a scenario file: the
// BitNode, its level and every server's cores from the save (2.8.1 and
// later) or else the facts module (2.6, 2.7, or no Remote API), then the
// player and the servers through the agent.
func liveSnapshot(ctx context.Context, srv *live.Server, opt snapshot.Options) (scenario.Scenario, []byte, error) {
	if _, err := srv.ReadSave(ctx, 10*time.Second); err != nil {
		why := "the game has no save (before 2.8.1)"
		if !errors.Is(err, live.ErrNoSave) {
			why = fmt.Sprintf("the save could not be read (%v)", err)
		}
		// The facts module reads the cores of the servers the world knows:
		// walk the network first.
		if _, err := snapshot.Take(ctx, srv.World, opt); err != nil {
			return scenario.Scenario{}, nil, err
		}
		f, err := srv.World.ReadFacts(ctx)
		if err != nil {
			opt.Notes = append(opt.Notes, fmt.Sprintf("%s and the facts module could not run (%v): BitNode and cores as far as known", why, err))
		} else {
			srv.World.SetFacts(f)
			opt.Notes = append(opt.Notes, why+": BitNode and cores read by "+js.FactsScript)
		}
	}
	opt.Taken = time.Now()
	sc, err := snapshot.Take(ctx, srv.World, opt)
	if err != nil {
		return sc, nil, err
	}
	b, err := snapshot.Marshal(sc)
	return sc, b, err
}
