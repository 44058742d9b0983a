// Package gameemu is an emulated Bitburner game for tests: a page with one
// JavaScript runtime (goja) that runs the real agent and worker scripts
// against an in-memory network, a Remote API client that connects to
// bbctl like the game does, and browser WebSockets for the scripts. Only
// tests import it, as net/http/httptest; the bbctl binary does not
// contain it.
//
// Its hacking mechanics are deliberately simple (fixed durations, linear
// effects); the exact formulas are the simulator's job. What it reproduces
// faithfully is the process model the agent depends on: exec and pids, RAM
// accounting, static and dynamic RAM checks, the one-call-in-flight rule,
// ports with 50 entries that drop the oldest, atExit, and kill.
//
// With Config.Sim the game is backed by the simulator (package sim)
// instead: its network, player and workers, with only the agent running as
// JavaScript, and a clock that follows the simulator's.
package gameemu

import (
	"context"
	"fmt"
	"math"
	"sort"
	"sync"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// Server is an emulated server.
type Server struct {
	Hostname        string
	Root            bool
	Purchased       bool
	MaxRAM          game.RAM
	Cores           int
	Money, MoneyMax float64
	Security        float64
	MinSecurity     float64
	BaseSecurity    float64
	RequiredHacking int
	Growth          float64
	PortsRequired   int
	OpenPorts       int
	Links           []string
	Files           map[string]string

	usedRAM game.RAM
	opened  map[string]bool
}

// Config sets up an emulated game.
type Config struct {
	// V3 makes the game behave as 3.x (error strings, extensions, ns.cloud).
	V3 bool
	// Servers is the network; home must be among them. Nil means
	// DefaultServers().
	Servers []*Server
	// HackTime is the duration of a hack; grow takes 3.2× and weaken 4×.
	// 0 means 200 ms.
	HackTime time.Duration
	// BitNode and BitNodeLevel are what getResetInfo reports of an
	// emulated network (0 means 1); a game backed by the simulator reports
	// the simulator's.
	BitNode, BitNodeLevel int
	// Hacking is the player's hacking level; 0 means 100.
	Hacking int
	// Money is the player's starting money.
	Money float64
	// Programs are the port openers the player owns ("BruteSSH.exe" …).
	Programs []string
	// Definitions is what getDefinitionFile returns.
	Definitions string
	// Save is the gzip save that getSaveFile returns (binary). When it is
	// nil, a game backed by the simulator makes one from the simulator's
	// state, and any other game answers as one before 2.8.1 (no such
	// method).
	Save []byte
	// TimerLate makes the page's timers (setTimeout, asleep) fire late by
	// up to this many game ms, drawn uniformly, as a busy browser tab's do.
	// A game backed by the simulator makes its workers' timers late with
	// sim.Faults.TimerLate.
	TimerLate time.Duration
	// NoSaveFile makes a game backed by the simulator answer getSaveFile
	// as a game before 2.8.1 does (2.6, 2.7: no such method).
	NoSaveFile bool
	// Origin is the Origin header of the game's WebSockets; "" sends none.
	Origin string
	// Logf receives the game's log lines (script errors, tprint). Nil discards.
	Logf func(format string, args ...any)

	// Sim, if set, backs the game with the simulator: its network, player
	// and processes replace Servers, Hacking, Money and Programs, and it
	// runs the workers (their reports reach the agent through the ports as
	// the real workers' do). Only the agent runs as JavaScript. The page's
	// Date.now and Game.Now read the simulator's clock, which follows the
	// wall clock at SimRate game ms per wall ms (0 means 1). The game owns
	// Sim from then on.
	Sim     *sim.World
	SimRate float64
	// Paced makes the simulator's clock wait for the program that drives
	// the game, as a test needs whose process shares a busy machine (see
	// Game.Waiting): while the driver works on what the game sent, the
	// clock moves at most PaceSlack game ms (0 means 20) past where it
	// was when the driver began; and however long the page's goroutine
	// waited for the CPU, one pump moves the clock at most a few wall ms'
	// worth. Without Paced the clock follows the wall, whatever the
	// driver does.
	Paced     bool
	PaceSlack world.Time
}

// DefaultServers returns a small network: home with 64 GB and four
// targets.
func DefaultServers() []*Server {
	mk := func(name string, ram game.RAM, money, sec float64, lvl, ports int) *Server {
		return &Server{Hostname: name, MaxRAM: ram, Cores: 1, Money: money, MoneyMax: money * 25,
			Security: sec, MinSecurity: math.Max(1, math.Round(sec/3)), BaseSecurity: sec,
			RequiredHacking: lvl, Growth: 20, PortsRequired: ports, Links: []string{"home"}}
	}
	home := &Server{Hostname: "home", Root: true, Purchased: true, MaxRAM: 64 * game.GiB, Cores: 1,
		Links: []string{"n00dles", "foodnstuff", "sigma-cosmetics", "joesguns"}}
	return []*Server{
		home,
		mk("n00dles", 4*game.GiB, 70000, 1, 1, 0),
		mk("foodnstuff", 16*game.GiB, 2e6, 10, 1, 0),
		mk("sigma-cosmetics", 16*game.GiB, 2.3e6, 10, 5, 0),
		mk("joesguns", 16*game.GiB, 2.5e6, 15, 10, 1),
	}
}

// Game is an emulated game. All its state lives on one goroutine (the
// page's main thread); the exported methods are safe for concurrent use.
type Game struct {
	cfg      Config
	l        *loop
	servers  map[string]*Server
	order    []string
	procs    map[int]*process
	nextPID  int
	ports    map[int]*port
	money    float64
	page     *page // the JavaScript side
	ramCache map[string]game.RAM
	sim      *simState // nil unless backed by the simulator

	mu       sync.Mutex
	counters Counters
}

// Counters count what happened in the game, for tests.
type Counters struct {
	Execs, ExecFails, Kills, Ended, ScriptErrors int
	Hacks, Grows, Weakens                        int
	Saves                                        int // getSaveFile answered
	Deprecated                                   int // deprecated properties read (getPlayer)
	Stolen                                       float64
}

// New starts an emulated game. Stop it with Close.
func New(cfg Config) (*Game, error) {
	if cfg.Sim != nil {
		// The simulator's network; the emulated servers only hold files.
		cfg.Servers = nil
		for _, h := range cfg.Sim.Hosts() {
			cfg.Servers = append(cfg.Servers, &Server{Hostname: h, Root: h == "home", MaxRAM: 1 << 40})
		}
	}
	if cfg.Servers == nil {
		cfg.Servers = DefaultServers()
	}
	if cfg.HackTime <= 0 {
		cfg.HackTime = 200 * time.Millisecond
	}
	if cfg.Hacking <= 0 {
		cfg.Hacking = 100
	}
	g := &Game{cfg: cfg, servers: map[string]*Server{}, procs: map[int]*process{}, nextPID: 1, ports: map[int]*port{}, money: cfg.Money, ramCache: map[string]game.RAM{}}
	for _, s := range cfg.Servers {
		if _, dup := g.servers[s.Hostname]; dup {
			return nil, fmt.Errorf("gameemu: server %q twice", s.Hostname)
		}
		if s.Files == nil {
			s.Files = map[string]string{}
		}
		if s.Cores == 0 {
			s.Cores = 1
		}
		g.servers[s.Hostname] = s
		g.order = append(g.order, s.Hostname)
	}
	if g.servers["home"] == nil {
		return nil, fmt.Errorf("gameemu: no server named home")
	}
	g.l = newLoop()
	var err error
	g.l.do(func() {
		if g.page, err = newPage(g); err != nil || cfg.Sim == nil {
			return
		}
		rate := cfg.SimRate
		if rate <= 0 {
			rate = 1
		}
		g.sim = &simState{w: cfg.Sim, rate: rate, pids: map[int]int{}}
		if cfg.Paced {
			g.sim.pace = &pacer{slack: cfg.PaceSlack}
			if g.sim.pace.slack <= 0 {
				g.sim.pace.slack = defaultPaceSlack
			}
		}
		err = g.startSim()
	})
	if err != nil {
		g.l.stop()
		return nil, err
	}
	return g, nil
}

// Close stops the game: every script stops, every socket closes.
func (g *Game) Close() {
	g.l.do(func() {
		for _, p := range g.procs {
			g.endProcess(p)
		}
		g.page.closeSockets()
	})
	g.l.stop()
}

func (g *Game) logf(format string, args ...any) {
	if g.cfg.Logf != nil {
		g.cfg.Logf(format, args...)
	}
}

// Counters returns a copy of the game's counters.
func (g *Game) Counters() Counters {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.counters
}

func (g *Game) count(f func(c *Counters)) {
	g.mu.Lock()
	f(&g.counters)
	g.mu.Unlock()
}

// Run starts script on host like the terminal's run command and returns
// its pid.
func (g *Game) Run(host, script string, threads int, args ...string) (int, error) {
	var pid int
	var err error
	g.l.do(func() {
		jsArgs := make([]any, len(args))
		for i, a := range args {
			jsArgs[i] = a
		}
		pid, err = g.exec(script, host, threads, false, jsArgs)
	})
	return pid, err
}

// Kill kills pid like the terminal's kill command.
func (g *Game) Kill(pid int) bool {
	var ok bool
	g.l.do(func() { ok = g.kill(pid) })
	return ok
}

// ProcessInfo is a running script.
type ProcessInfo struct {
	PID       int
	Host      string
	Filename  string
	Threads   int
	Args      []string
	Temporary bool
}

// Processes lists every running script, by pid.
func (g *Game) Processes() []ProcessInfo {
	var out []ProcessInfo
	g.l.do(func() {
		for _, p := range g.procs {
			out = append(out, p.info())
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].PID < out[j].PID })
	return out
}

// File returns a file's content on host.
func (g *Game) File(host, name string) (string, bool) {
	var s string
	var ok bool
	g.l.do(func() {
		if srv := g.servers[host]; srv != nil {
			s, ok = srv.Files[name]
		}
	})
	return s, ok
}

// WriteFile creates or replaces a file on host.
func (g *Game) WriteFile(host, name, content string) error {
	var err error
	g.l.do(func() {
		srv := g.servers[host]
		if srv == nil {
			err = fmt.Errorf("gameemu: no server %q", host)
			return
		}
		srv.Files[name] = content
	})
	return err
}

// RemoveFile deletes a file from host, as the player's rm does.
func (g *Game) RemoveFile(host, name string) {
	g.l.do(func() {
		if srv := g.servers[host]; srv != nil {
			delete(srv.Files, name)
		}
	})
}

// UsedRAM returns the RAM in use on host.
func (g *Game) UsedRAM(host string) game.RAM {
	var r game.RAM
	g.l.do(func() {
		if s := g.servers[host]; s != nil {
			r = s.usedRAM
		}
	})
	return r
}

func (g *Game) durations(op string) time.Duration {
	switch op {
	case "hack":
		return g.cfg.HackTime
	case "grow":
		return g.cfg.HackTime * 16 / 5
	default:
		return g.cfg.HackTime * 4
	}
}

// Duration returns how long op ("hack", "grow", "weaken") takes in this
// game.
func (g *Game) Duration(op string) time.Duration { return g.durations(op) }

// apply carries out the effect of op with threads on target and returns
// the Netscript result. Simple, deterministic rules.
func (g *Game) apply(op string, s *Server, threads float64, cores int) float64 {
	switch op {
	case "hack":
		g.count(func(c *Counters) { c.Hacks++ })
		stolen := math.Min(s.Money, s.Money*0.002*threads)
		s.Money -= stolen
		s.Security = math.Min(100, s.Security+0.002*threads)
		g.money += stolen
		g.count(func(c *Counters) { c.Stolen += stolen })
		return stolen
	case "grow":
		g.count(func(c *Counters) { c.Grows++ })
		before := s.Money
		s.Money = math.Min(s.MoneyMax, (s.Money+threads)*(1+0.003*threads*float64(cores)))
		s.Security = math.Min(100, s.Security+0.004*threads)
		if before <= 0 {
			return 1
		}
		return s.Money / before
	default:
		g.count(func(c *Counters) { c.Weakens++ })
		want := 0.05 * threads * (1 + float64(cores-1)/16)
		removed := math.Min(want, s.Security-s.MinSecurity)
		s.Security -= removed
		if g.cfg.V3 {
			return removed
		}
		return want
	}
}

// listFiles lists host's files: the emulated server's, and for a game
// backed by the simulator its contracts too.
func (g *Game) listFiles(host string) []string {
	var out []string
	if s := g.servers[host]; s != nil {
		for name := range s.Files {
			out = append(out, name)
		}
	}
	if g.sim != nil {
		if cct, err := g.sim.w.ContractFiles(context.Background(), host); err == nil {
			out = append(out, cct...)
		}
	}
	sort.Strings(out)
	return out
}
