package gameemu

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"

	"bbctl/internal/game"
	"bbctl/internal/live/js"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// simState is what a game backed by the simulator adds: the simulator
// owns the network, the player and every process except the agent; the
// page runs the agent and turns the simulator's worker reports into the
// port writes the real workers make.
type simState struct {
	w     *sim.World
	rate  float64 // game ms per wall ms
	wall0 time.Time
	now   atomic.Int64 // the simulator's clock, for other goroutines
	notes []any        // reports waiting for room in their port
	busy  atomic.Bool  // a pump is queued
	pids  map[int]int  // the simulator's pid of a script running on the page → its pid here

	pace   *pacer    // nil: the clock follows the wall
	pumped time.Time // a paced clock: the wall time of the last pump
	at     float64   // a paced clock: its game time, with the fraction of a ms
}

// Now returns the game clock in ms: Unix ms for the emulated network, the
// simulator's clock for a game backed by it.
func (g *Game) Now() world.Time {
	if g.sim != nil {
		return world.Time(g.sim.now.Load())
	}
	return world.Time(time.Now().UnixMilli())
}

// Rate returns how many game ms pass per wall ms.
func (g *Game) Rate() float64 {
	if g.sim != nil {
		return g.sim.rate
	}
	return 1
}

// wall converts a delay in game ms (what scripts ask setTimeout and
// asleep for) to wall time: the page's clock is the game's, which runs at
// the simulator's rate when the game is backed by it.
func (g *Game) wall(ms float64) time.Duration {
	if g.sim != nil {
		ms /= g.sim.rate
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// startSim sets up the simulator backing: the page's Date.now reads the
// simulator's clock, and a pump advances it with the wall clock.
func (g *Game) startSim() error {
	s := g.sim
	s.wall0 = time.Now()
	s.pumped, s.at = s.wall0, float64(s.w.Now())
	s.now.Store(int64(s.w.Now()))
	g.nextPID = 1 << 30 // the agent's pids stay clear of the simulator's
	date := g.page.vm.Get("Date").ToObject(g.page.vm)
	if err := date.Set("now", func() int64 { return int64(s.w.Now()) }); err != nil {
		return fmt.Errorf("gameemu: Date.now: %w", err)
	}
	go func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for range t.C {
			if s.busy.Swap(true) {
				continue
			}
			if !g.l.post(g.pump) {
				return
			}
		}
	}()
	return nil
}

// pump advances the simulator to the wall clock's game time (a paced
// clock: by the wall time since the last pump, as far as its driver
// allows) and delivers worker reports to their ports.
func (g *Game) pump() {
	s := g.sim
	defer s.busy.Store(false)
	base := s.w.Now()
	target := max(base, s.target(time.Now()))
	for {
		ev, err := s.w.Next(context.Background(), target)
		if err != nil {
			g.logf("gameemu: simulator: %v", err)
			return
		}
		if j, ok := ev.(world.JobDone); ok {
			s.notes = append(s.notes, map[string]any{
				"bbctl": 1, "pid": j.PID, "op": j.Op.String(), "target": j.Target, "tag": j.Tag,
				"landAt": int64(j.LandAt), "start": int64(j.Start), "end": int64(j.End),
				"misfire": j.Misfire, "value": j.Result,
			})
		}
		if _, ok := ev.(world.Tick); ok {
			break
		}
	}
	s.now.Store(int64(s.w.Now()))
	kept := s.notes[:0]
	for _, n := range s.notes {
		pid := n.(map[string]any)["pid"].(int)
		if !g.port(js.ReportPort + pid%js.ReportPorts).tryWrite(n) {
			kept = append(kept, n) // the worker waits for room, as h.js does
		}
	}
	s.notes = kept
}

// target returns the game time the clock is to reach at wall time now.
func (s *simState) target(now time.Time) world.Time {
	if s.pace == nil {
		return world.Time(float64(now.Sub(s.wall0).Milliseconds()) * s.rate)
	}
	step := min(now.Sub(s.pumped), maxPumpWall)
	s.pumped = now
	at := s.pace.clamp(now, s.at+float64(step)/float64(time.Millisecond)*s.rate)
	s.at = max(s.at, at) // a driver waking at a time gone by holds the clock where it is
	return world.Time(s.at)
}

// simNS replaces the ns functions that read or change the network with
// the simulator's.
func (pg *page) simNS(def func(string, func(*process, goja.FunctionCall) any)) {
	g, vm, w := pg.g, pg.vm, pg.g.sim.w
	ctx := context.Background()
	throwIf := func(err error) {
		if err != nil {
			pg.throw("%v", err)
		}
	}
	def("kill", func(_ *process, c goja.FunctionCall) any {
		pid := int(c.Argument(0).ToInteger())
		if g.procs[pid] != nil {
			return g.kill(pid)
		}
		return w.Kill(ctx, []int{pid})[0] == nil
	})
	def("ps", func(_ *process, c goja.FunctionCall) any {
		host := c.Argument(0).String()
		ps, err := w.Ps(ctx, host)
		throwIf(err)
		var out []any
		for _, p := range ps {
			if pid, ok := g.sim.pids[p.PID]; ok {
				p.PID = pid // a script running on the page, holding RAM in the simulator
			}
			o := vm.NewObject()
			o.Set("filename", p.Filename)
			o.Set("threads", p.Threads)
			args := make([]any, len(p.Args))
			for i, a := range p.Args {
				args[i] = a
			}
			o.Set("args", vm.NewArray(args...))
			o.Set("pid", p.PID)
			o.Set("temporary", p.Temporary)
			out = append(out, o)
		}
		return vm.NewArray(out...)
	})
	def("scan", func(_ *process, c goja.FunctionCall) any {
		hosts, err := w.Scan(ctx, c.Argument(0).String())
		throwIf(err)
		out := make([]any, len(hosts))
		for i, h := range hosts {
			out[i] = h
		}
		return vm.NewArray(out...)
	})
	def("getPlayer", func(*process, goja.FunctionCall) any {
		p, err := w.Player(ctx)
		throwIf(err)
		m := p.Mults
		return pg.player(p.Hacking, p.Intelligence, p.HackingExp, map[string]float64{"hacking": m.Hacking,
			"hacking_chance": m.HackingChance, "hacking_money": m.HackingMoney, "hacking_speed": m.HackingSpeed,
			"hacking_exp": m.HackingExp, "hacking_grow": m.HackingGrow,
			"hacknet_node_money": 1, "hacknet_node_purchase_cost": 1, "hacknet_node_level_cost": 1, "hacknet_node_ram_cost": 1, "hacknet_node_core_cost": 1}, p.Money)
	})
	server := func(c goja.FunctionCall) game.Server {
		s, err := w.Server(ctx, c.Argument(0).String())
		throwIf(err)
		return s
	}
	getters := map[string]func(s game.Server) any{
		"hasRootAccess":                 func(s game.Server) any { return s.HasAdminRights },
		"getServerMaxMoney":             func(s game.Server) any { return s.MoneyMax },
		"getServerSecurityLevel":        func(s game.Server) any { return s.HackDifficulty },
		"getServerMinSecurityLevel":     func(s game.Server) any { return s.MinDifficulty },
		"getServerBaseSecurityLevel":    func(s game.Server) any { return s.BaseDifficulty },
		"getServerRequiredHackingLevel": func(s game.Server) any { return s.RequiredHackingSkill },
		"getServerGrowth":               func(s game.Server) any { return s.ServerGrowth },
		"getServerNumPortsRequired":     func(s game.Server) any { return s.NumOpenPortsRequired },
		"getServerMaxRam":               func(s game.Server) any { return s.MaxRAM.GB() },
		"getServerUsedRam":              func(s game.Server) any { return s.RAMUsed.GB() },
	}
	for name, f := range getters {
		f := f
		def(name, func(_ *process, c goja.FunctionCall) any { return f(server(c)) })
	}
	def("getServerMoneyAvailable", func(_ *process, c goja.FunctionCall) any {
		if c.Argument(0).String() == "home" {
			p, err := w.Player(ctx)
			throwIf(err)
			return p.Money
		}
		return server(c).MoneyAvailable
	})
	def("fileExists", func(_ *process, c goja.FunctionCall) any {
		name, host := c.Argument(0).String(), c.Argument(1).String()
		if prog, err := world.ParseProgram(name); err == nil && host == "home" {
			p, err := w.Player(ctx)
			throwIf(err)
			return p.Has(prog)
		}
		if s := g.servers[host]; s != nil {
			if _, ok := s.Files[strings.TrimPrefix(name, "/")]; ok {
				return true // pushed through the Remote API (text files too)
			}
		}
		files, err := w.Files(ctx, host)
		throwIf(err)
		for _, f := range files {
			if f == name {
				return true
			}
		}
		return false
	})
	def("getResetInfo", func(*process, goja.FunctionCall) any {
		p, err := w.Player(ctx)
		throwIf(err)
		return pg.resetInfo(max(1, p.BitNode), g.simSourceFiles(p))
	})
	def("getServer", func(q *process, c goja.FunctionCall) any {
		host := q.host
		if a := c.Argument(0); !goja.IsUndefined(a) {
			host = a.String()
		}
		s, err := w.Server(ctx, host)
		throwIf(err)
		return pg.serverObject(host, s.Cores)
	})
	def("nuke", func(_ *process, c goja.FunctionCall) any { return pg.simResult(w.Nuke(ctx, c.Argument(0).String())) })
	for fn, prog := range map[string]world.Program{"brutessh": world.BruteSSH, "ftpcrack": world.FTPCrack,
		"relaysmtp": world.RelaySMTP, "httpworm": world.HTTPWorm, "sqlinject": world.SQLInject} {
		prog := prog
		def(fn, func(_ *process, c goja.FunctionCall) any {
			return pg.simResult(w.OpenPort(ctx, c.Argument(0).String(), prog))
		})
	}
}

// simResult turns a simulator error into the game's answer: false in v3,
// a thrown error in 2.6, for the failures the game reports that way.
func (pg *page) simResult(err error) any {
	switch {
	case err == nil:
		return true
	case errors.Is(err, world.ErrNotEnoughPorts), errors.Is(err, world.ErrNoProgram):
		if pg.g.cfg.V3 {
			return false
		}
	}
	pg.throw("%v", err)
	return nil
}

// simExec starts a script in the simulator: 0 for the failures the game
// reports with 0, thrown errors for the others.
func (pg *page) simExec(script, host string, threads int, temporary bool, args []any) any {
	sargs := make([]string, len(args))
	for i, a := range args {
		sargs[i] = fmt.Sprint(a)
	}
	r := pg.g.sim.w.Exec(context.Background(), []world.ExecRequest{{Script: script, Host: host, Threads: threads, Args: sargs, Temporary: temporary}})[0]
	switch {
	case r.Err == nil:
		pg.g.count(func(c *Counters) { c.Execs++ })
		return r.PID
	case errors.Is(r.Err, world.ErrUnknownHost), errors.Is(r.Err, world.ErrBadThreads), errors.Is(r.Err, world.ErrBadScript):
		pg.throw("exec: %v", r.Err)
	}
	pg.g.count(func(c *Counters) { c.ExecFails++ })
	return 0
}

// simHold starts, in the simulator, the process that holds the RAM of a
// script that runs on the page (the agent, a module): the simulator
// checks root, the file and the RAM. A failure the game reports with 0
// wraps errExecFailed.
func (g *Game) simHold(script, host string, threads int, temporary bool, args []any) (int, error) {
	sargs := make([]string, len(args))
	for i, a := range args {
		sargs[i] = fmt.Sprint(a)
	}
	r := g.sim.w.Exec(context.Background(), []world.ExecRequest{{Script: script, Host: host, Threads: threads, Args: sargs, Temporary: temporary}})[0]
	switch {
	case r.Err == nil:
		return r.PID, nil
	case errors.Is(r.Err, world.ErrUnknownHost), errors.Is(r.Err, world.ErrBadThreads), errors.Is(r.Err, world.ErrBadScript):
		return 0, r.Err
	}
	return 0, fmt.Errorf("%w: %v", errExecFailed, r.Err)
}

// simRelease ends the simulator's process that held a page script's RAM.
func (g *Game) simRelease(simPID int) {
	delete(g.sim.pids, simPID)
	if err := g.sim.w.Kill(context.Background(), []int{simPID})[0]; err != nil {
		g.logf("gameemu: simulator: releasing pid %d: %v", simPID, err)
	}
}

// simPush mirrors a pushed file into the simulator: worker scripts are
// copied, other scripts added with their static RAM.
func (g *Game) simPush(host, name, content string) {
	w := g.sim.w
	if _, ok := world.WorkerOp(name); ok {
		if host != "home" {
			if err := w.Copy(context.Background(), host, name); err != nil {
				g.logf("gameemu: simulator copy %s to %s: %v", name, host, err)
			}
		}
		return
	}
	if !isScript(name, g.cfg.V3) {
		return
	}
	if ram, err := g.playerRAM(content); err == nil {
		w.AddScript(host, name, ram)
	}
}

// simSourceFiles lists the Source-Files of the simulated player p: its
// BitNode's level, Source-File 4 (the Singularity API's level outside
// BitNode 4) and Source-File 9.
func (g *Game) simSourceFiles(p world.Player) [][2]int {
	sf4 := 0
	if p.BitNode != 4 {
		sf4 = p.Singularity
	}
	return sourceFiles(max(1, p.BitNode), max(1, p.BitNodeLevel), sf4, g.sim.w.SourceFile9())
}

// simSave makes the save getSaveFile returns from the simulator's state,
// gzipped, with what bbctl reads of a save (see package savefile): the
// BitNode, the Source-File level behind its level, and every server's
// cores.
func (g *Game) simSave() ([]byte, error) {
	w, ctx := g.sim.w, context.Background()
	p, err := w.Player(ctx)
	if err != nil {
		return nil, err
	}
	type wrapped struct {
		Ctor string `json:"ctor"`
		Data any    `json:"data"`
	}
	sf := g.simSourceFiles(p)
	player, err := json.Marshal(wrapped{"PlayerObject", map[string]any{
		"bitNodeN": max(p.BitNode, 1), "money": p.Money, "sourceFiles": wrapped{"JSONMap", sf},
	}})
	if err != nil {
		return nil, err
	}
	servers := map[string]wrapped{}
	for _, host := range w.Hosts() {
		s, err := w.Server(ctx, host)
		if err != nil {
			return nil, err
		}
		ctor := "Server"
		if s.PurchasedByPlayer && game.IsHacknetServer(host) {
			ctor = "HacknetServer"
		}
		servers[host] = wrapped{ctor, map[string]any{"hostname": host, "cpuCores": s.Cores}}
	}
	all, err := json.Marshal(servers)
	if err != nil {
		return nil, err
	}
	save, err := json.Marshal(wrapped{"BitburnerSaveObject", map[string]string{
		"PlayerSave": string(player), "AllServersSave": string(all),
	}})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(save); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
