package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/dashboard"
	"bbctl/internal/filesync"
	"bbctl/internal/game"
	"bbctl/internal/input"
	"bbctl/internal/live"
	"bbctl/internal/logline"
	"bbctl/internal/rfa"
	"bbctl/internal/scenario"
	"bbctl/internal/simrun"
	"bbctl/internal/snapshot"
	"bbctl/internal/store"
	"bbctl/internal/world"
)

// liveController returns what serve runs on the live world: the
// controller, as in bbctl sim, with its log and a status line every few
// seconds. A call cut off by the agent going away (world.ErrDisconnected)
// does not end it: a new controller starts, which adopts the running
// work from the game, as a restarted bbctl does.
func liveController(log *logger, hub *dashboard.Hub, ccfg controller.Config, tally *serveTally, keep *persister, spend *liveSpender) func(ctx context.Context, w world.World) error {
	return func(ctx context.Context, w world.World) error {
		for {
			c, err := controller.New(ccfg, w.Now())
			if err != nil {
				return fmt.Errorf("controller: %w", err)
			}
			keep.restore(ctx, c)
			var shown time.Time
			tally.begin()
			ceil := ceilingMeter{hub: hub, log: log}
			err = controller.Run(ctx, w, c, controller.RunOptions{
				Log: func(l controller.LogLine) {
					log.line(l.Level, l.Level.String()+" "+l.Msg)
					if hub != nil {
						hub.Log(l)
					}
				},
				Every: func(c *controller.Controller) error {
					if hub != nil {
						hub.Step(c, -1) // income as the controllers count it
						ceil.step(ctx, w, c)
					}
					keep.save(ctx, c)
					spend.step(ctx, w, c, tally.earnedNow(c))
					c.SetStockHeld(spend.held())
					if time.Since(shown) >= 5*time.Second {
						shown = time.Now()
						log.logf("%s", liveStatus(c.Status()))
					}
					return nil
				},
			})
			tally.end(c.Status()) // Run has returned: c is ours to read
			if !errors.Is(err, world.ErrDisconnected) || ctx.Err() != nil {
				return err
			}
			log.logf("WARN the agent went away mid-call (%v); the controller restarts and adopts the running work", err)
		}
	}
}

// serveTally is what serve says when it stops: how long it served, how
// long controllers ran, what their hacks earned, and what still runs.
type serveTally struct {
	mu      sync.Mutex
	started time.Time // serve's start
	first   time.Time // the first controller's start; zero if none ran
	earned  float64   // hack income of the controllers that ended
	money   float64   // the player's money when the last controller ended
	procs   int       // bbctl's processes running then
}

func (t *serveTally) begin() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.first.IsZero() {
		t.first = time.Now()
	}
}

// earnedNow is the hack income of every controller so far, c the one
// running.
func (t *serveTally) earnedNow(c *controller.Controller) float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.earned + c.Stats().Income
}

func (t *serveTally) end(st controller.Status) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.earned += st.Stats.Income
	t.money, t.procs = st.Money, st.Processes
}

// line is the one-line shutdown summary.
func (t *serveTally) line(now time.Time) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	up := now.Sub(t.started).Round(time.Second)
	if t.first.IsZero() {
		return fmt.Sprintf("stopped after %v; no agent connected, so the controller never ran", up)
	}
	still := "nothing of bbctl's still runs in the game"
	if t.procs > 0 {
		still = fmt.Sprintf("%d of bbctl's workers still run in the game and end on their own (the next bbctl adopts them)", t.procs)
	}
	return fmt.Sprintf("stopped after %v; the controller ran %v, its hacks earned %s, money now %s; %s",
		up, now.Sub(t.first).Round(time.Second), game.FormatMoney(t.earned), game.FormatMoney(t.money), still)
}

// ceilingEvery is how often serve computes the live game's income ceiling
// for the dashboard.
const ceilingEvery = time.Minute

// ceilingMeter gives the dashboard the income ceiling of the live game, as
// bbctl sim does for a simulated one: once the controller has made its
// first plan, and then every ceilingEvery, from a reading of the game.
type ceilingMeter struct {
	hub     *dashboard.Hub
	log     *logger
	last    time.Time
	running atomic.Bool
}

// step is called in the run loop after each step of c. The reading goes
// through the loop's world; the ceiling is computed beside the loop.
func (m *ceilingMeter) step(ctx context.Context, w world.World, c *controller.Controller) {
	if c.Stats().Plans == 0 || time.Since(m.last) < ceilingEvery || m.running.Load() {
		return
	}
	m.last = time.Now()
	snap, err := controller.Read(ctx, w)
	if err != nil {
		return // the next step tries again after ceilingEvery
	}
	m.running.Store(true)
	go func() {
		defer m.running.Store(false)
		ceil, err := simrun.CeilingOf(snap, snap.Player.BitNode, snap.Player.BitNodeLevel,
			scenario.DefaultMaxProcesses, scenario.DefaultSpacingMS)
		if err != nil {
			m.log.logf("WARN income ceiling: %v", err)
			return
		}
		m.hub.SetCeiling(ceil.IncomePerSec)
	}()
}

// liveStatus is the one-line status serve prints.
func liveStatus(st controller.Status) string {
	phases := []string{}
	for _, ph := range []string{"harvest", "sow", "till", "pending"} {
		if n := st.Phases[ph]; n > 0 {
			phases = append(phases, fmt.Sprintf("%s %d", ph, n))
		}
	}
	return fmt.Sprintf("money %s  hacking %d  targets: %s  RAM %v/%v  procs %d  misfires %d  launch delay %d ms",
		game.FormatMoney(st.Money), st.Hacking, strings.Join(phases, ", "), st.RAMInUse, st.RAMTotal, st.Processes, st.Stats.Misfires, st.Delay.TotalMS)
}

// netFlags are the listening flags serve and sync share.
type netFlags struct {
	listen  *string
	port    *int
	origins originFlag
}

func addNetFlags(fs *flag.FlagSet) *netFlags {
	n := &netFlags{
		listen: fs.String("listen", "127.0.0.1", "address to listen on (host, or host:port); anything but loopback exposes bbctl to the network"),
		port:   fs.Int("port", 12525, "port to listen on; set the same port in the game's Options → Remote API"),
	}
	fs.Var(&n.origins, "origin", "extra allowed WebSocket Origin pattern, e.g. https://*.example.com (repeatable)")
	return n
}

// addr returns the listen address.
func (n *netFlags) addr() (string, error) {
	if *n.port < 1 || *n.port > 65535 {
		return "", usageError("--port %d: want 1..65535", *n.port)
	}
	if host, port, err := net.SplitHostPort(*n.listen); err == nil {
		return net.JoinHostPort(host, port), nil
	}
	return net.JoinHostPort(*n.listen, strconv.Itoa(*n.port)), nil
}

// originFlag is the repeatable --origin flag: each value is checked as it
// is given (rfa.CheckOriginPattern).
type originFlag []string

func (o *originFlag) String() string { return strings.Join(*o, ",") }
func (o *originFlag) Set(s string) error {
	if err := rfa.CheckOriginPattern(s); err != nil {
		return err
	}
	*o = append(*o, s)
	return nil
}

// logger prints log lines to stderr (or JSON lines to stdout with --json)
// and the player's instructions to stdout.
type logger struct {
	mu   sync.Mutex
	e    env
	json bool
}

// line prints a log line of the given level.
func (l *logger) line(level logline.Level, msg string) { l.write(level.String(), msg) }

// write prints msg; level is a log level's name, or NOTE for the player's
// instructions (stdout, also without --json).
func (l *logger) write(level, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.json {
		b, _ := json.Marshal(struct {
			Time  string `json:"time"`
			Level string `json:"level"`
			Msg   string `json:"msg"`
		}{time.Now().UTC().Format(time.RFC3339Nano), level, msg})
		fmt.Fprintf(l.e.stdout, "%s\n", b)
		return
	}
	w := l.e.stderr
	if level == "NOTE" {
		w = l.e.stdout
	}
	fmt.Fprintf(w, "%s %s\n", time.Now().Format("15:04:05"), msg)
}

// logf prints a log line whose level is its first word when that names
// one ("WARN the agent went away…"), INFO otherwise: the form the live
// bridge and the file sync log in.
func (l *logger) logf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	level := logline.Info
	if first, _, ok := strings.Cut(msg, " "); ok {
		if lv, err := logline.ParseLevel(first); err == nil {
			level = lv
		}
	}
	l.line(level, msg)
}

func (l *logger) notef(format string, args ...any) { l.write("NOTE", fmt.Sprintf(format, args...)) }

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "serve", "[--listen HOST] [--port N] [--origin PATTERN]… [--sync DIR] [--token-file F] [--no-contracts] [--no-stocks] [--spender bbctl|none] [--spend-fraction F] [--payback D] [--reserve X] [--hashes sell|keep] [--data-dir DIR|off] [--dashboard ADDR|off] [--json]")
	nf := addNetFlags(fs)
	syncDir := fs.String("sync", "", "watch DIR and push changed files to home (default: on when "+filesync.ConfigFile+" exists here)")
	tokenFile := fs.String("token-file", "", "where the agent's secret is kept (default: the user config dir, bbctl/agent-token)")
	asJSON := fs.Bool("json", false, "print log lines as JSON objects on stdout")
	noContracts := fs.Bool("no-contracts", false, "never start the coding-contracts module (23.8 GB on home)")
	dashAddr := fs.String("dashboard", defaultDashboard, `address to serve the live dashboard on, or "off"`)
	noStocks := fs.Bool("no-stocks", false, "never trade stocks (the trader starts only with a WSE account and TIX API access)")
	sf := addSpendFlags(fs)
	defDir, derr := store.DefaultDir()
	if derr != nil {
		defDir = "off"
	}
	dataDir := addDataDirFlag(fs, defDir, `where the price and income history are kept (bbctl.db), or "off"`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	addr, err := nf.addr()
	if err != nil {
		return err
	}
	policy, settings, err := sf.policy()
	if err != nil {
		return err
	}
	if err := checkDashboardAddr(*dashAddr); err != nil {
		return err
	}
	log := &logger{e: e, json: *asJSON}
	tok, err := loadToken(*tokenFile)
	if err != nil {
		return err
	}
	cfg, useSync, err := syncConfig(fs, *syncDir, nf)
	if err != nil {
		return err
	}
	// The controller needs the dashboard's hub, and the dashboard's
	// snapshot needs the server: Run is filled in once both exist, before
	// Serve starts it.
	var run func(ctx context.Context, w world.World) error
	srv := &live.Server{Token: tok, Origins: nf.origins, Logf: log.logf, Notef: log.notef,
		Run: func(ctx context.Context, w world.World) error { return run(ctx, w) }}
	srv.Handler()
	hub, stopDashboard, err := startDashboard(e, fs, "serve", *dashAddr, dashboard.Options{Title: "live game", WallClock: true,
		Snapshot: func(ctx context.Context) ([]byte, error) {
			if _, _, ok := srv.Bridge.Connected(); !ok {
				return nil, errors.New("the agent is not connected: run bbctl/agent.js in the game's terminal")
			}
			_, b, err := liveSnapshot(ctx, srv, snapshot.Options{Name: "mygame"})
			return b, err
		}})
	if err != nil {
		return err
	}
	defer stopDashboard()
	keep, err := openPersister(*dataDir, "live", log.logf)
	if err != nil {
		return err
	}
	defer keep.Close()
	if hub != nil {
		hub.Preload(keep.income(ctx, time.Now().Add(-25*time.Hour).UnixMilli()))
	}
	tally := &serveTally{started: time.Now()}
	ccfg := controller.Config{NoContracts: *noContracts, Stocks: controller.StocksConfig{Enabled: !*noStocks}}
	spend, err := newLiveSpender(policy, settings, log, hub)
	if err != nil {
		return err
	}
	run = liveController(log, hub, ccfg, tally, keep, spend)
	srv.World.NoContracts = *noContracts
	srv.World.NoStocks = *noStocks
	if useSync {
		s := &filesync.Syncer{Cfg: cfg, Logf: log.logf}
		srv.OnConnect = func(ctx context.Context, c *rfa.Conn) { s.OnConnect(ctx, c) }
		go func() {
			err := s.Watch(ctx, func() filesync.Remote {
				if c := srv.RFA.Current(); c != nil {
					return c
				}
				return nil
			})
			if err != nil {
				log.logf("ERROR file sync stopped: %v", err)
			}
		}()
		log.logf("syncing %s with home (allowed %v, deleting %v)", cfg.ScriptsFolder, cfg.AllowedFiletypes, cfg.AllowDeletingFiles)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another bbctl or filesync running?)", addr, err)
	}
	if host, _, _ := net.SplitHostPort(addr); !isLoopback(host) {
		log.logf("WARN listening on %s, which is not loopback: anyone who can reach it can connect", addr)
	}
	err = srv.Serve(ctx, ln)
	if ctx.Err() != nil {
		log.logf("%s", tally.line(time.Now()))
	}
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// syncConfig builds the file sync configuration: flags, then
// filesync.json in the working directory, then the defaults. Sync is on
// when DIR is given or the file exists.
func syncConfig(fs *flag.FlagSet, dir string, nf *netFlags) (filesync.Config, bool, error) {
	cfg, err := filesync.LoadConfig(filesync.ConfigFile)
	found := err == nil
	switch {
	case errors.Is(err, os.ErrNotExist):
		cfg = filesync.DefaultConfig()
	case err != nil:
		return cfg, false, err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if dir != "" {
		cfg.ScriptsFolder = dir
	}
	if found && !set["port"] && cfg.Port != *nf.port {
		*nf.port = cfg.Port
	}
	if err := cfg.Validate(); err != nil {
		return cfg, false, err
	}
	if dir != "" || found {
		if st, err := os.Stat(cfg.ScriptsFolder); err != nil || !st.IsDir() {
			return cfg, false, fmt.Errorf("sync folder %s: not a directory", cfg.ScriptsFolder)
		}
	}
	return cfg, dir != "" || found, nil
}

// loadToken reads the agent token from path (default: the user config
// directory), creating it on first use so that a restarted bbctl accepts the
// agent that is already running in the game.
func loadToken(path string) (string, error) {
	explicit := path != ""
	if !explicit {
		d, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("agent token: no user config directory (%v); pass --token-file", err)
		}
		path = filepath.Join(d, "bbctl", "agent-token")
	}
	b, err := input.ReadFile(path, 4<<10)
	if err == nil {
		tok := strings.TrimSpace(string(b))
		if len(tok) < 16 || strings.IndexFunc(tok, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
		}) >= 0 {
			return "", fmt.Errorf("agent token file %s: want at least 16 letters, digits, '-' or '_'; delete it to make a new one", path)
		}
		return tok, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("agent token: %w", err)
	}
	buf := make([]byte, 24)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("agent token: %w", err)
	}
	tok := base64.RawURLEncoding.EncodeToString(buf)
	if explicit {
		// The player named the file: its folder must exist (a typo must
		// not grow a tree of folders).
		if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
			return "", fmt.Errorf("--token-file %s: folder %s does not exist", path, filepath.Dir(path))
		}
	} else if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("agent token: %w", err)
	}
	if err := os.WriteFile(path, []byte(tok+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("agent token: %w", err)
	}
	return tok, nil
}
