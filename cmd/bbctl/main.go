// Command bbctl plays the hacking side of Bitburner from outside the game,
// against the built-in simulator or a live game.
//
// Usage:
//
//	bbctl <command> [flags]
//
// Run "bbctl help" for the list of commands and "bbctl <command> --help" for
// the flags of one.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/input"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // bad command line
)

// env is what a command may touch of the outside world.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one bbctl subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

// commands returns the subcommands, sorted by name.
func commands() []command {
	cs := []command{
		// Each subcommand registers itself here.
		{"hacknet", "plan hacknet purchases that pay back within a time and fit a budget", runHacknet},
		{"ceiling", "print the most a scenario's world can earn per second at a hacking level, and the batches that earn it", runCeiling},
		{"calc", "answer planning questions with the game's formulas (hack, grow, weaken, level, cost, hacknet)", runCalc},
		{"contracts", "solve, check and generate coding contracts (all 30 types)", runContracts},
		{"sim", "run the controller on the simulated world of a scenario, with live progress", runSim},
		{"bench", "run a scenario as fast as possible and report income against the ceiling", runBench},
		{"world", "print the network a seed rolls: hosts, depth, ports, levels, RAM, money", runWorld},
		{"leak-check", "compare a saved RAM ledger snapshot with a saved view of the world", runLeakCheck},
		{"serve", "serve the live game: Remote API, file sync, in-game agent and workers", runServe},
		{"stocks", "backtest the stock trader on the simulated market; sell all positions", runStocks},
		{"snapshot", "write the live game (player, BitNode, every server) as a scenario file, to simulate it and ask what-if questions", runSnapshot},
		{"sync", "push, pull or diff a folder of scripts with the game's home (filesync.json)", runSync},
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	return cs
}

// errUsage marks an error in the command line; main exits with exitUsage.
var errUsage = errors.New("usage")

// usageError returns an error that makes bbctl print msg and exit with
// exitUsage.
func usageError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, env{os.Stdin, os.Stdout, os.Stderr}, os.Args[1:]))
}

// run executes the command line args and returns the exit code.
func run(ctx context.Context, e env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	if args[0] == "--version" || args[0] == "-version" {
		printVersion(e.stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		stopped, err := runStoppable(ctx, c, e, args[1:])
		switch {
		case stopped && (err == nil || errors.Is(err, context.Canceled)):
			// Stopped by Ctrl-C or SIGTERM: every command ends the same way.
			return exitOK
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.Is(err, errUsage):
			fmt.Fprintf(e.stderr, "bbctl %s: %s\n", c.name, errorText(c.name, err))
			return exitUsage
		default:
			fmt.Fprintf(e.stderr, "bbctl %s: %s\n", c.name, errorText(c.name, err))
			return exitError
		}
	}
	fmt.Fprintf(e.stderr, "bbctl: unknown command %q (run \"bbctl help\")\n", args[0])
	return exitUsage
}

// errorText is err as the player reads it after "bbctl NAME: ": without
// the "usage: " mark and without the command's name said twice.
func errorText(name string, err error) string {
	msg := strings.TrimPrefix(err.Error(), errUsage.Error()+": ")
	return strings.TrimPrefix(msg, name+": ")
}

// stopGrace is how long a command may take to wind up (print its summary,
// close its connections) after Ctrl-C or SIGTERM before bbctl exits
// without it.
const stopGrace = 3 * time.Second

// runStoppable runs c and reports whether ctx ended (a signal) and its
// error. Standard input gives way to the signal at once; a command
// blocked elsewhere (opening a FIFO nobody writes) is abandoned after
// stopGrace.
func runStoppable(ctx context.Context, c command, e env, args []string) (bool, error) {
	e.stdin = input.WithContext(ctx, e.stdin)
	done := make(chan error, 1)
	go func() { done <- c.run(ctx, e, args) }()
	select {
	case err := <-done:
		return ctx.Err() != nil, err
	case <-ctx.Done():
	}
	select {
	case err := <-done:
		return true, err
	case <-time.After(stopGrace):
		fmt.Fprintf(e.stderr, "bbctl %s: stopped\n", c.name)
		return true, nil
	}
}

// printVersion prints bbctl's version (the module version, or the commit
// it was built from) and the game versions whose rules it knows.
func printVersion(w io.Writer) {
	v, detail := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		set := map[string]string{}
		for _, s := range bi.Settings {
			set[s.Key] = s.Value
		}
		if rev := set["vcs.revision"]; rev != "" {
			detail = " " + rev[:min(12, len(rev))]
			if set["vcs.modified"] == "true" {
				detail += "+changes"
			}
			if t := set["vcs.time"]; t != "" {
				detail += " " + t
			}
		}
		detail += " " + bi.GoVersion
	}
	fmt.Fprintf(w, "bbctl %s%s\n", v, detail)
	fmt.Fprintf(w, "game rules: %s and %s (calc --version); plays live games 2.6 and later, 3.x included\n", game.V261, game.V3)
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "bbctl plays the hacking side of Bitburner from outside the game.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: bbctl <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "bbctl <command> --help" for a command's flags, "bbctl --version" for the version.`)
}

// newFlagSet returns a flag set for a subcommand whose errors are returned,
// not printed and exited on.
func newFlagSet(e env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("bbctl "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: bbctl %s %s\n\nFlags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args into fs, turning a parse failure into a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError("%v", err)
	}
	return nil
}
