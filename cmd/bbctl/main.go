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
	"math"
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

// command is one bbctl subcommand, or one topic or action of a subcommand
// that has them (calc, contracts).
type command struct {
	name     string
	summary  string
	examples []string // for the help, if any
	run      func(ctx context.Context, e env, args []string) error
}

// commands returns the subcommands, sorted by name.
func commands() []command {
	cs := []command{
		// Each subcommand registers itself here.
		{"economy", "show the spender's purchases over a simulated run, as a timeline", nil, runEconomy},
		{"hacknet", "plan hacknet purchases that pay back within a time and fit a budget", nil, runHacknet},
		{"ceiling", "print the most a scenario's world can earn per second at a hacking level, and the batches that earn it", nil, runCeiling},
		{"calc", "answer planning questions with the game's formulas (hack, grow, weaken, level, cost, hacknet)", nil, runCalc},
		{"contracts", "solve, check and generate coding contracts (all 30 types)", nil, runContracts},
		{"sim", "run the controller on the simulated world of a scenario, with live progress", nil, runSim},
		{"bench", "run a scenario as fast as possible and report income against the ceiling", nil, runBench},
		{"world", "print the network a seed rolls: hosts, depth, ports, levels, RAM, money", nil, runWorld},
		{"leak-check", "compare a saved RAM ledger snapshot with a saved view of the world", nil, runLeakCheck},
		{"serve", "serve the live game: Remote API, file sync, in-game agent and workers", nil, runServe},
		{"stocks", "backtest the stock trader on the simulated market; sell all positions", nil, runStocks},
		{"snapshot", "write the live game (player, BitNode, every server) as a scenario file, to simulate it and ask what-if questions", nil, runSnapshot},
		{"sync", "push, pull or diff a folder of scripts with the game's home (filesync.json)", nil, runSync},
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

// run executes the command line args and returns the exit code. A command
// whose output could not be written (a closed pipe, a full disk) fails.
func run(ctx context.Context, e env, args []string) int {
	out := &errWriter{w: e.stdout}
	e.stdout = out
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		printVersion(e.stdout)
		return exitOK
	}
	stopped := false
	cmds := commands()
	for i, c := range cmds {
		cmds[i].run = func(ctx context.Context, e env, args []string) error {
			s, err := runStoppable(ctx, c, e, args)
			stopped = s
			return err
		}
	}
	err := dispatch(ctx, e, "command", cmds, printHelp, args)
	if stopped && (err == nil || errors.Is(err, context.Canceled)) {
		// Stopped by Ctrl-C or SIGTERM: every command ends the same way
		// (and one abandoned after stopGrace may still be writing).
		return exitOK
	}
	if err == nil {
		err = out.err
	}
	name := ""
	if len(args) > 0 && knownCommand(args[0]) {
		name = args[0]
	}
	prefix := strings.TrimSpace("bbctl " + name)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		fmt.Fprintf(e.stderr, "%s: %s\n", prefix, errorText(name, err))
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "%s: %s\n", prefix, errorText(name, err))
		return exitError
	}
}

func knownCommand(name string) bool {
	for _, c := range commands() {
		if c.name == name {
			return true
		}
	}
	return false
}

// dispatch runs the command of cmds that args[0] names with the rest of
// args: bbctl's commands, calc's topics and contracts' actions alike. "help",
// -h and --help print help to stdout; no name or an unknown one prints it to
// stderr and is a usage error naming what (noun) was missing or unknown.
func dispatch(ctx context.Context, e env, noun string, cmds []command, help func(io.Writer), args []string) error {
	if len(args) == 0 {
		help(e.stderr)
		return usageError("missing %s", noun)
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		help(e.stdout)
		return flag.ErrHelp
	}
	for _, c := range cmds {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	help(e.stderr)
	return usageError("unknown %s %q", noun, args[0])
}

// errWriter passes writes on to w until one fails, and keeps that error.
type errWriter struct {
	w   io.Writer
	err error
}

func (w *errWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.w.Write(p)
	if err != nil {
		w.err = fmt.Errorf("write output: %w", err)
	}
	return n, err
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
const stopGrace = 2 * time.Second

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
	// Go's float flags take NaN and ±Inf; no bbctl flag means them.
	var bad error
	fs.Visit(func(f *flag.Flag) {
		if g, ok := f.Value.(flag.Getter); ok && bad == nil {
			if x, ok := g.Get().(float64); ok && (math.IsNaN(x) || math.IsInf(x, 0)) {
				bad = usageError("--%s %s: want a finite number", f.Name, f.Value)
			}
		}
	})
	return bad
}
