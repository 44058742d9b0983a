package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/live/js"
	"bbctl/internal/savefile"
	"bbctl/internal/world"
)

// Files is the part of the Remote API the live world uses for files:
// listing a server's files and pushing one (pushFile needs no root).
type Files interface {
	GetFileNames(ctx context.Context, server string) ([]string, error)
	GetFile(ctx context.Context, server, filename string) (string, error)
	PushFile(ctx context.Context, server, filename, content string) error
}

// World is the live game as a world.World: calls go through the agent,
// files through the Remote API. Like every World it is driven by one loop.
//
// When the agent is gone, calls and Next wait for it to come back (the
// controller pauses; nothing is killed or freed). A call in flight when it
// goes fails with an error wrapping world.ErrDisconnected.
type World struct {
	// NoContracts turns coding contracts off: the contracts module (23.8
	// GB) is never started and the Contracts methods fail with
	// world.ErrUnsupported.
	NoContracts bool
	// NoStocks turns the stock market off: the stocks module is never
	// started and the Stocks methods fail with world.ErrUnsupported.
	NoStocks bool
	// OnNoRFA, if set, is called when a copy needs the Remote API and the
	// game is not connected (the player must press Connect).
	OnNoRFA func()

	b     *Bridge
	files func() Files // the current Remote API connection, or nil

	mu    sync.Mutex
	procs map[int]procInfo // pids bbctl knows: started, or seen by ps
	queue []world.Event    // events made by bbctl itself (kills)
	gen   int              // the agent generation whose processes were adopted
	ramOf map[string]game.RAM
	clock func() world.Time // nil: the wall clock
	rate  float64           // game ms per wall ms of clock
	pacer Pacer             // nil: none

	known    map[string]bool    // servers seen, read together by readAll
	readings map[string]reading // the last batched reading
	readAt   time.Time          // when it was taken (wall clock)
	facts    *savefile.Facts    // from the game's save, when one was read

	source     func(script string) (string, error) // bbctl's scripts, as pushed (SetSource)
	moduleWait map[string]moduleFailure            // modules that found no room lately
	cctLists   map[string]contractList             // the last batched listing of contracts
	cctAt      time.Time                           // when it was taken

	stk stockReads // the stock module's readings
}

type procInfo struct {
	host    string
	threads int
}

// NewWorld returns the live world over b. files returns the current Remote
// API connection (nil when the game is not connected); it serves Files and
// Copy.
func NewWorld(b *Bridge, files func() Files) *World {
	w := &World{b: b, files: files, procs: map[int]procInfo{}, ramOf: map[string]game.RAM{},
		moduleWait: map[string]moduleFailure{}}
	for _, op := range []world.Op{world.OpHack, world.OpGrow, world.OpWeaken} {
		w.ramOf[op.Script()] = op.RAM()
	}
	return w
}

// Now returns the wall clock in Unix milliseconds, the clock the workers
// read with Date.now() (or the clock given to SetClock).
func (w *World) Now() world.Time {
	if w.clock != nil {
		return w.clock()
	}
	return world.Time(time.Now().UnixMilli())
}

// SetClock makes the world read the game's clock from now instead of the
// wall clock; rate is how many game ms pass per wall ms. It is for an
// emulated game whose clock runs apart from the wall (tests); call it
// before the world is used.
func (w *World) SetClock(now func() world.Time, rate float64) {
	if rate <= 0 {
		rate = 1
	}
	w.clock, w.rate = now, rate
}

// A Pacer is told when bbctl waits for the game's next event (and until
// what game time, when it wakes by itself; 0 for no such time) and when it
// works on one. An emulated game in a test holds its clock while bbctl
// works and at the time bbctl wakes at, so that a test process starved of
// CPU slows the game rather than leaving bbctl behind it.
type Pacer interface {
	Waiting(until world.Time)
	Working()
}

// SetPacer makes Next tell p when it waits and when it returns to work.
// Call it before the world is used.
func (w *World) SetPacer(p Pacer) { w.pacer = p }

// Next returns the next event: a worker report, a kill bbctl made, or a
// Tick at until. While no agent is connected it waits; after a new agent
// connects it first adopts the processes running in the game (ps on every
// server reachable from home), so reports of work started by an earlier
// bbctl or agent are attributed to their hosts.
func (w *World) Next(ctx context.Context, until world.Time) (world.Event, error) {
	for {
		if ev, ok := w.pop(); ok {
			return ev, nil
		}
		_, gen, connected := w.b.Connected()
		if connected && gen != w.adoptedGen() {
			if err := w.adopt(ctx); err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				continue // the agent went away meanwhile: adopt from the next one
			}
			w.mu.Lock()
			w.gen = gen
			w.mu.Unlock()
			continue
		}
		if notes := w.b.TakeNotes(); len(notes) > 0 {
			w.mu.Lock()
			for _, n := range notes {
				p := w.procs[n.PID]
				delete(w.procs, n.PID)
				w.queue = append(w.queue, world.JobDone{Report: n.report(p.host, p.threads)})
			}
			w.mu.Unlock()
			continue
		}
		now := w.Now()
		left := until - now
		if connected && left <= 0 {
			// The time it is, which a busy machine may have taken past
			// until: the controller must see that it runs late.
			return world.Tick{At: now}, nil
		}
		wait := time.Duration(left) * time.Millisecond
		if w.clock != nil { // another clock: wait in short steps
			wait = min(time.Duration(float64(wait)/w.rate), 10*time.Millisecond)
		}
		var timer *time.Timer
		var fired <-chan time.Time
		if connected {
			timer = time.NewTimer(wait)
			fired = timer.C
		}
		if w.pacer != nil {
			wake := until
			if !connected {
				wake = 0 // no game to wake with
			}
			w.pacer.Waiting(wake)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-w.b.Notes():
		case <-w.b.Changed():
		case <-fired:
		}
		if timer != nil {
			timer.Stop()
		}
		if w.pacer != nil {
			w.pacer.Working()
		}
	}
}

func (w *World) adoptedGen() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.gen
}

func (w *World) pop() (world.Event, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.queue) == 0 {
		return nil, false
	}
	ev := w.queue[0]
	w.queue = w.queue[1:]
	return ev, true
}

// adopt walks the network from home and records every process's host and
// threads. A host whose scan or ps fails is logged and left out: the
// reports of its processes come without their host and threads.
func (w *World) adopt(ctx context.Context) error {
	seen := map[string]bool{"home": true}
	level := []string{"home"}
	for len(level) > 0 {
		calls := make([]Call, 0, 2*len(level))
		for _, h := range level {
			calls = append(calls, Call{Fn: "scan", Args: []any{h}}, Call{Fn: "ps", Args: []any{h}})
		}
		res, err := w.b.Call(ctx, calls)
		if err != nil {
			return fmt.Errorf("adopting running processes: %w", err)
		}
		var next []string
		for i, h := range level {
			var hosts []string
			if err := decodeResult(res[2*i], &hosts); err != nil {
				w.b.logf("WARN adopting running processes: scan %s: %v; the servers behind it are left out", h, err)
			}
			for _, n := range hosts {
				if !seen[n] {
					seen[n] = true
					next = append(next, n)
				}
			}
			var ps []psEntry
			if err := decodeResult(res[2*i+1], &ps); err != nil {
				w.b.logf("WARN adopting running processes: ps %s: %v; its processes are left out", h, err)
				continue
			}
			w.mu.Lock()
			for _, p := range ps {
				w.procs[p.PID] = procInfo{host: h, threads: p.Threads}
			}
			w.mu.Unlock()
		}
		level = next
	}
	return nil
}

// decodeResult decodes the value of a relayed call's result into out, or
// returns the error the call failed with.
func decodeResult(r Result, out any) error {
	if err := r.Err(); err != nil {
		return classify(err)
	}
	if err := json.Unmarshal(r.Value, out); err != nil {
		return fmt.Errorf("unexpected answer %.100s: %w", r.Value, err)
	}
	return nil
}

// call runs one relayed call.
func (w *World) call(ctx context.Context, fn string, out any, args ...any) error {
	if args == nil {
		args = []any{}
	}
	res, err := w.b.Call(ctx, []Call{{Fn: fn, Args: args}})
	if err != nil {
		return err
	}
	if err := res[0].Err(); err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(res[0].Value, out); err != nil {
		return fmt.Errorf("agent %s: unexpected answer %.100s: %w", fn, res[0].Value, err)
	}
	return nil
}

// classify maps a message the game threw to one of the world errors.
func classify(err error) error {
	var ge *GameError
	if !errors.As(err, &ge) {
		return err
	}
	m := strings.ToLower(ge.Message)
	switch {
	case strings.Contains(m, "invalid hostname"), strings.Contains(m, "invalid host"):
		return fmt.Errorf("%w: %s", world.ErrUnknownHost, ge.Message)
	case strings.Contains(m, "root"):
		return fmt.Errorf("%w: %s", world.ErrNoRoot, ge.Message)
	case strings.Contains(m, "threads"):
		return fmt.Errorf("%w: %s", world.ErrBadThreads, ge.Message)
	case strings.Contains(m, "not a script"), strings.Contains(m, "invalid script"):
		return fmt.Errorf("%w: %s", world.ErrBadScript, ge.Message)
	case strings.Contains(m, "ports"):
		return fmt.Errorf("%w: %s", world.ErrNotEnoughPorts, ge.Message)
	case strings.Contains(m, "do not have"), strings.Contains(m, "program"):
		return fmt.Errorf("%w: %s", world.ErrNoProgram, ge.Message)
	}
	return err
}

// SetFacts gives the world what the game's save says (see savefile): the
// BitNode and its level, and the servers' cores, which the agent cannot
// read within its RAM budget.
func (w *World) SetFacts(f savefile.Facts) {
	w.mu.Lock()
	w.facts = &f
	w.mu.Unlock()
}

// setFactsIfUnknown is SetFacts when the world has no facts yet; it
// reports whether it set them.
func (w *World) setFactsIfUnknown(f savefile.Facts) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.facts != nil {
		return false
	}
	w.facts = &f
	return true
}

// Facts returns the facts the world has, and false when it has none yet.
func (w *World) Facts() (savefile.Facts, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.facts == nil {
		return savefile.Facts{}, false
	}
	return *w.facts, true
}

// Player returns the player's state. BitNode and its level come from the
// last save read (SetFacts); they are 0 (unknown) before one. TOR is
// whether darkweb is among home's neighbours, as the TOR router makes it.
func (w *World) Player(ctx context.Context) (world.Player, error) {
	calls := []Call{{Fn: "player", Args: []any{}}}
	progs := world.AllPrograms()
	for _, p := range progs {
		calls = append(calls, Call{Fn: "exists", Args: []any{p.String(), "home"}})
	}
	// The TOR router links darkweb with home: home's neighbours say
	// whether the player owns it, for nothing (scan is the agent's).
	calls = append(calls, Call{Fn: "scan", Args: []any{game.HomeHostname}})
	res, err := w.b.Call(ctx, calls)
	if err != nil {
		return world.Player{}, &world.OpError{Op: "player", Err: err}
	}
	if err := res[0].Err(); err != nil {
		return world.Player{}, &world.OpError{Op: "player", Err: err}
	}
	var raw struct {
		Skills struct {
			Hacking      float64 `json:"hacking"`
			Intelligence float64 `json:"intelligence"`
		} `json:"skills"`
		Exp struct {
			Hacking float64 `json:"hacking"`
		} `json:"exp"`
		Mults game.Multipliers `json:"mults"`
		Money float64          `json:"money"`
	}
	if err := json.Unmarshal(res[0].Value, &raw); err != nil {
		return world.Player{}, &world.OpError{Op: "player", Err: fmt.Errorf("unexpected getPlayer answer: %w", err)}
	}
	p := world.Player{Hacking: int(raw.Skills.Hacking), HackingExp: raw.Exp.Hacking, Intelligence: int(raw.Skills.Intelligence),
		Mults: raw.Mults, Money: raw.Money}
	w.mu.Lock()
	if f := w.facts; f != nil {
		p.BitNode, p.BitNodeLevel, p.Singularity = f.BitNode, f.BitNodeLevel, f.Singularity
	}
	w.mu.Unlock()
	for i, prog := range progs {
		var has bool
		if res[i+1].Err() == nil && json.Unmarshal(res[i+1].Value, &has) == nil && has {
			p.Programs = append(p.Programs, prog)
		}
	}
	var near []string
	if r := res[len(progs)+1]; r.Err() == nil && json.Unmarshal(r.Value, &near) == nil {
		p.TOR = slices.Contains(near, game.DarkwebHostname)
	}
	return p, nil
}

// Scan lists the neighbours of host. Reads are batched: see readAll.
func (w *World) Scan(ctx context.Context, host string) ([]string, error) {
	r, err := w.read(ctx, host)
	if err != nil {
		return nil, &world.OpError{Op: "scan", Host: host, Err: err}
	}
	return append([]string(nil), r.scan...), nil
}

// srvAnswer is the agent's "srv" answer.
type srvAnswer struct {
	Hostname    string  `json:"hostname"`
	Root        bool    `json:"root"`
	Money       float64 `json:"money"`
	MoneyMax    float64 `json:"moneyMax"`
	Sec         float64 `json:"sec"`
	SecMin      float64 `json:"secMin"`
	SecBase     float64 `json:"secBase"`
	Level       int     `json:"level"`
	Growth      float64 `json:"growth"`
	PortsNeeded int     `json:"portsNeeded"`
	MaxRAM      float64 `json:"maxRam"`
	UsedRAM     float64 `json:"usedRam"`
}

// Server returns the state of host. The agent reads it with the cheap
// getServer* getters; Cores comes from the last save read (SetFacts), 1
// before one. OpenPortCount is not known and is 0 (port openers are
// idempotent: run them, then nuke). Reads are batched: see readAll.
func (w *World) Server(ctx context.Context, host string) (game.Server, error) {
	r, err := w.read(ctx, host)
	if err != nil {
		return game.Server{}, &world.OpError{Op: "server", Host: host, Err: err}
	}
	a := r.srv
	cores := 1
	w.mu.Lock()
	if f := w.facts; f != nil && f.Cores[host] > 0 {
		cores = f.Cores[host]
	}
	w.mu.Unlock()
	return game.Server{
		Hostname: host, HasAdminRights: a.Root, PurchasedByPlayer: host == "home",
		HackDifficulty: a.Sec, MinDifficulty: a.SecMin, BaseDifficulty: a.SecBase,
		RequiredHackingSkill: a.Level, MoneyAvailable: a.Money, MoneyMax: a.MoneyMax,
		ServerGrowth: a.Growth, NumOpenPortsRequired: a.PortsNeeded,
		MaxRAM: game.GB(a.MaxRAM), RAMUsed: game.GB(a.UsedRAM), Cores: cores,
	}, nil
}

// readFresh is how long a batched reading of the servers serves later
// reads, unless the world is changed meanwhile.
const readFresh = 25 * time.Millisecond

// reading is one server as a batched read found it.
type reading struct {
	srv  srvAnswer
	scan []string
	err  error
}

// read returns host's reading, from the last batch if it is fresh and
// nothing changed since, else from a new batch (readAll).
func (w *World) read(ctx context.Context, host string) (reading, error) {
	w.mu.Lock()
	r, ok := w.readings[host]
	fresh := ok && time.Since(w.readAt) < readFresh
	w.mu.Unlock()
	if !fresh {
		if err := w.readAll(ctx, host); err != nil {
			return reading{}, err
		}
		w.mu.Lock()
		r = w.readings[host]
		w.mu.Unlock()
	}
	return r, r.err
}

// readAll reads every server bbctl knows of (and host) in one batch: scan
// and the getters for each. A controller refreshing its view calls Scan and
// Server for every server in a row; this turns hundreds of round trips
// through the agent into one. Any change bbctl makes (exec, kill, nuke,
// copy) drops the readings.
func (w *World) readAll(ctx context.Context, host string) error {
	w.mu.Lock()
	if w.known == nil {
		w.known = map[string]bool{}
	}
	w.known[host] = true
	hosts := make([]string, 0, len(w.known))
	for h := range w.known {
		hosts = append(hosts, h)
	}
	w.mu.Unlock()
	calls := make([]Call, 0, 2*len(hosts))
	for _, h := range hosts {
		calls = append(calls, Call{Fn: "scan", Args: []any{h}}, Call{Fn: "srv", Args: []any{h}})
	}
	res, err := w.b.Call(ctx, calls)
	if err != nil {
		return err
	}
	readings := make(map[string]reading, len(hosts))
	var found []string
	for i, h := range hosts {
		var r reading
		if e := res[2*i].Err(); e != nil {
			r.err = classify(e)
		} else if e := json.Unmarshal(res[2*i].Value, &r.scan); e != nil {
			r.err = fmt.Errorf("agent scan: unexpected answer %.100s: %w", res[2*i].Value, e)
		} else if e := res[2*i+1].Err(); e != nil {
			r.err = classify(e)
		} else if e := json.Unmarshal(res[2*i+1].Value, &r.srv); e != nil {
			r.err = fmt.Errorf("agent srv: unexpected answer %.100s: %w", res[2*i+1].Value, e)
		}
		readings[h] = r
		found = append(found, r.scan...)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.readings, w.readAt = readings, time.Now()
	for h, r := range readings {
		if errors.Is(r.err, world.ErrUnknownHost) {
			delete(w.known, h) // gone (a deleted server), or never was
		}
	}
	for _, h := range found {
		w.known[h] = true
	}
	return nil
}

// changed drops the batched readings: bbctl changed the world.
func (w *World) changed() {
	w.mu.Lock()
	w.readings = nil
	w.mu.Unlock()
}

var openerFn = map[world.Program]string{
	world.BruteSSH: "brutessh", world.FTPCrack: "ftpcrack", world.RelaySMTP: "relaysmtp",
	world.HTTPWorm: "httpworm", world.SQLInject: "sqlinject",
}

// OpenPort runs the port opener prog against host.
func (w *World) OpenPort(ctx context.Context, host string, prog world.Program) error {
	defer w.changed()
	fn, ok := openerFn[prog]
	if !ok {
		return &world.OpError{Op: "openport", Host: host, What: prog.String(), Err: fmt.Errorf("%w: not a port opener", world.ErrNoProgram)}
	}
	var done bool
	if err := w.call(ctx, fn, &done, host); err != nil {
		return &world.OpError{Op: "openport", Host: host, What: prog.String(), Err: classify(err)}
	}
	if !done { // v3 returns false for a missing program
		return &world.OpError{Op: "openport", Host: host, What: prog.String(), Err: world.ErrNoProgram}
	}
	return nil
}

// Nuke gains root on host.
func (w *World) Nuke(ctx context.Context, host string) error {
	defer w.changed()
	var done bool
	if err := w.call(ctx, "nuke", &done, host); err != nil {
		return &world.OpError{Op: "nuke", Host: host, Err: classify(err)}
	}
	if !done {
		return &world.OpError{Op: "nuke", Host: host, Err: world.ErrNotEnoughPorts}
	}
	return nil
}

func (w *World) rfa() (Files, error) {
	if w.files != nil {
		if f := w.files(); f != nil {
			return f, nil
		}
	}
	return nil, errNoRFA
}

// errNoRFA says what the player can do about a missing Remote API
// connection (a 2.x game does not reconnect it by itself).
var errNoRFA = fmt.Errorf("the game's Remote API is not connected (in the game: Options → Remote API → Connect): %w", world.ErrDisconnected)

// Files lists the scripts and text files on host (through the Remote API,
// which does not list programs or contracts).
func (w *World) Files(ctx context.Context, host string) ([]string, error) {
	f, err := w.rfa()
	if err == nil {
		var names []string
		if names, err = f.GetFileNames(ctx, host); err == nil {
			return names, nil
		}
	}
	return nil, &world.OpError{Op: "files", Host: host, Err: err}
}

// Copy copies files from home to host through the Remote API. bbctl's own
// workers are pushed from the copies built into bbctl, with a mark beside
// them (js.WorkersMark); a server that already holds the current workers
// and the mark needs no copy, which the agent checks without the Remote
// API.
func (w *World) Copy(ctx context.Context, host string, files ...string) error {
	defer w.changed()
	workers := js.Workers()
	ours := len(files) > 0
	for _, name := range files {
		if _, ok := workers[name]; !ok {
			ours = false
		}
	}
	if ours && w.holds(ctx, host, append(files, js.WorkersMark())) {
		return nil
	}
	f, err := w.rfa()
	if err != nil {
		// Without the Remote API the facts module copies bbctl's workers
		// from home (ns.scp), if home holds the current ones.
		if ours && w.copyFromHome(ctx, host, files) == nil {
			return nil
		}
		if w.OnNoRFA != nil {
			w.OnNoRFA()
		}
		return &world.OpError{Op: "copy", Host: host, Err: err}
	}
	for _, name := range files {
		content, ok := workers[name]
		if !ok {
			if content, err = f.GetFile(ctx, "home", name); err != nil {
				return &world.OpError{Op: "copy", Host: host, What: name, Err: fmt.Errorf("%w: %v", world.ErrFileMissing, err)}
			}
		}
		if err := f.PushFile(ctx, host, name, content); err != nil {
			return &world.OpError{Op: "copy", Host: host, What: name, Err: err}
		}
	}
	if ours && len(files) >= len(workers) { // every worker: the mark vouches for them all
		mark := js.WorkersMark()
		if err := f.PushFile(ctx, host, mark, "bbctl's workers of this version are here\n"); err != nil {
			return &world.OpError{Op: "copy", Host: host, What: mark, Err: err}
		}
	}
	return nil
}

// copyFromHome copies files and the workers' mark from home to host with
// the facts module's ns.scp, when home holds the current workers (bbctl
// pushes them there, with the mark, whenever the game connects). The
// module keeps running for the copies that follow; the next facts reading
// stops it.
func (w *World) copyFromHome(ctx context.Context, host string, files []string) error {
	all := append(append([]string(nil), files...), js.WorkersMark())
	if !w.holds(ctx, "home", all) {
		return fmt.Errorf("home does not hold the current workers")
	}
	if err := w.module(ctx, ModuleFacts, js.FactsScript); err != nil {
		return err
	}
	res, err := w.b.CallModule(ctx, ModuleFacts, []Call{{Fn: "copy", Args: []any{all, host}}})
	if err != nil {
		return err
	}
	var ok bool
	if err := res[0].Err(); err != nil {
		return classify(err)
	}
	if json.Unmarshal(res[0].Value, &ok) != nil || !ok {
		return fmt.Errorf("scp to %s: %.100s", host, res[0].Value)
	}
	return nil
}

// holds reports whether host has every one of files (through the agent's
// fileExists; false when it cannot tell).
func (w *World) holds(ctx context.Context, host string, files []string) bool {
	calls := make([]Call, len(files))
	for i, name := range files {
		calls[i] = Call{Fn: "exists", Args: []any{name, host}}
	}
	res, err := w.b.Call(ctx, calls)
	if err != nil {
		return false
	}
	for _, r := range res {
		var ok bool
		if r.Err() != nil || json.Unmarshal(r.Value, &ok) != nil || !ok {
			return false
		}
	}
	return true
}

// execFailure is the agent's answer when exec returned 0.
type execFailure struct {
	PID     int     `json:"pid"`
	Root    bool    `json:"root"`
	Free    float64 `json:"free"`
	Present bool    `json:"present"`
}

// Exec starts every request in one batch.
func (w *World) Exec(ctx context.Context, reqs []world.ExecRequest) []world.ExecResult {
	defer w.changed()
	out := make([]world.ExecResult, len(reqs))
	calls := make([]Call, 0, len(reqs))
	idx := make([]int, 0, len(reqs))
	for i, r := range reqs {
		if r.Threads <= 0 {
			out[i].Err = &world.OpError{Op: "exec", Host: r.Host, What: r.Script, Err: world.ErrBadThreads}
			continue
		}
		args := make([]any, len(r.Args))
		for j, a := range r.Args {
			args[j] = a
		}
		calls = append(calls, Call{Fn: "exec", Args: []any{r.Script, r.Host, r.Threads, r.Temporary, args}})
		idx = append(idx, i)
	}
	res, err := w.b.Call(ctx, calls)
	for k, i := range idx {
		r := reqs[i]
		fail := func(e error) { out[i].Err = &world.OpError{Op: "exec", Host: r.Host, What: r.Script, Err: e} }
		if err != nil {
			fail(err)
			continue
		}
		if e := res[k].Err(); e != nil {
			fail(classify(e))
			continue
		}
		var pid int
		if json.Unmarshal(res[k].Value, &pid) == nil && pid > 0 {
			out[i].PID = pid
			w.mu.Lock()
			w.procs[pid] = procInfo{host: r.Host, threads: r.Threads}
			w.mu.Unlock()
			continue
		}
		var f execFailure
		if json.Unmarshal(res[k].Value, &f) != nil {
			fail(fmt.Errorf("unexpected exec answer %.100s", res[k].Value))
			continue
		}
		switch {
		case !f.Present:
			fail(world.ErrFileMissing)
		case !f.Root:
			fail(world.ErrNoRoot)
		default:
			fail(fmt.Errorf("%w: %.2f GB free", world.ErrNotEnoughRAM, f.Free))
		}
	}
	return out
}

// Kill ends the given processes in one batch. Each killed process yields a
// ProcessEnded event with Killed set.
func (w *World) Kill(ctx context.Context, pids []int) []error {
	defer w.changed()
	out := make([]error, len(pids))
	calls := make([]Call, len(pids))
	for i, p := range pids {
		calls[i] = Call{Fn: "kill", Args: []any{p}}
	}
	res, err := w.b.Call(ctx, calls)
	now := w.Now()
	for i, pid := range pids {
		what := fmt.Sprint(pid)
		if err != nil {
			out[i] = &world.OpError{Op: "kill", What: what, Err: err}
			continue
		}
		if e := res[i].Err(); e != nil {
			out[i] = &world.OpError{Op: "kill", What: what, Err: classify(e)}
			continue
		}
		var killed bool
		if json.Unmarshal(res[i].Value, &killed) != nil || !killed {
			out[i] = &world.OpError{Op: "kill", What: what, Err: world.ErrNoSuchProcess}
			continue
		}
		w.mu.Lock()
		p := w.procs[pid]
		delete(w.procs, pid)
		w.queue = append(w.queue, world.ProcessEnded{At: now, PID: pid, Host: p.host, Killed: true})
		w.mu.Unlock()
	}
	return out
}

type psEntry struct {
	Filename  string `json:"filename"`
	Threads   int    `json:"threads"`
	Args      []any  `json:"args"`
	PID       int    `json:"pid"`
	Temporary bool   `json:"temporary"`
}

// Ps lists the processes on host. RAM per thread is known for bbctl's
// workers and for scripts whose RAM was measured (SetScriptRAM); it is 0
// for others.
func (w *World) Ps(ctx context.Context, host string) ([]world.Process, error) {
	var ps []psEntry
	if err := w.call(ctx, "ps", &ps, host); err != nil {
		return nil, &world.OpError{Op: "ps", Host: host, Err: classify(err)}
	}
	out := make([]world.Process, len(ps))
	for i, p := range ps {
		args := make([]string, len(p.Args))
		for j, a := range p.Args {
			args[j] = fmt.Sprint(a)
		}
		out[i] = world.Process{PID: p.PID, Host: host, Filename: p.Filename, Threads: p.Threads, Args: args,
			Temporary: p.Temporary, RAM: w.scriptRAM(p.Filename)}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range ps {
		w.procs[p.PID] = procInfo{host: host, threads: p.Threads}
	}
	return out, nil
}

// scriptRAM returns the RAM per thread of script: as the game counted it
// (SetScriptRAM); for a script of bbctl's own that the game has not counted
// for this bbctl — one restarted while the Remote API stays away, which
// finds the agent and maybe a module running — as bbctl's checker counts
// it; and 0 for a script bbctl does not know.
func (w *World) scriptRAM(script string) game.RAM {
	w.mu.Lock()
	ram, ok := w.ramOf[script]
	source := w.source
	w.mu.Unlock()
	if ok || source == nil {
		return ram
	}
	if src, err := source(script); err == nil {
		if r, err := w.checkerRAM(src); err == nil {
			ram = r
		}
	}
	w.mu.Lock()
	w.ramOf[script] = ram
	w.mu.Unlock()
	return ram
}

// checkerRAM is what bbctl's checker counts for src (game.ScriptRAM): in
// the game's version, and with its Singularity functions at the player's
// Source-File 4 level once the facts say it (the checker alone counts them
// as without Source-File 4).
func (w *World) checkerRAM(src string) (game.RAM, error) {
	f, _ := w.Facts()
	return game.ScriptRAMAt(src, w.version(), f.Singularity)
}

// version returns the game version whose RAM costs bbctl's checker uses:
// 3.x when the agent says so, else 2.6.1.
func (w *World) version() game.Version {
	if h, _, _ := w.b.Connected(); h.V3 {
		return game.V3
	}
	return game.V261
}

// SetSource tells the world where to find the scripts bbctl pushes (the
// modules it starts on servers other than home), by file name.
func (w *World) SetSource(source func(script string) (string, error)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.source = source
}

// SetScriptRAM records the RAM per thread of a script (as the game's
// calculateRam reported it), for Ps.
func (w *World) SetScriptRAM(script string, ram game.RAM) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ramOf[script] = ram
}

var _ world.World = (*World)(nil)
