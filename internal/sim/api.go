package sim

import (
	"context"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"sort"
	"strconv"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

var _ world.World = (*World)(nil)

const allWorkers uint8 = 0b111 // every worker script (bit op−1)

// Now returns the current game time in ms since the start of the run.
func (w *World) Now() world.Time { return w.now }

// Player returns the player's current state.
func (w *World) Player(ctx context.Context) (world.Player, error) {
	if err := ctx.Err(); err != nil {
		return world.Player{}, err
	}
	w.settle()
	return world.Player{
		Hacking:      w.person.Hacking,
		HackingExp:   w.exp,
		Intelligence: w.person.Intelligence,
		Mults:        w.person.Mults,
		Money:        w.money,
		BitNode:      w.bitNode,
		BitNodeLevel: w.bnLevel,
		Programs:     slices.Clone(w.programs),
		TOR:          w.tor,
		Singularity:  game.SingularityLevel(w.bitNode, w.sf4),
	}, nil
}

// lookup returns the id of host, or an *world.OpError for op.
func (w *World) lookup(op, host string) (int32, error) {
	id, ok := w.byName[host]
	if !ok {
		return -1, &world.OpError{Op: op, Host: host, Err: world.ErrUnknownHost}
	}
	return id, nil
}

// Scan lists the neighbours of host in the game's order: the parent first,
// then the children; home lists the purchased servers last.
func (w *World) Scan(ctx context.Context, host string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	id, err := w.lookup("scan", host)
	if err != nil {
		return nil, err
	}
	links := w.servers[id].links
	out := make([]string, len(links))
	for i, l := range links {
		out[i] = w.servers[l].Hostname
	}
	return out, nil
}

// Server returns the current state of host.
func (w *World) Server(ctx context.Context, host string) (game.Server, error) {
	if err := ctx.Err(); err != nil {
		return game.Server{}, err
	}
	id, err := w.lookup("server", host)
	if err != nil {
		return game.Server{}, err
	}
	return w.servers[id].Server, nil
}

// Hosts lists every server of the simulated network, home first, then the
// network in the game's creation order, then the purchased servers.
func (w *World) Hosts() []string {
	out := make([]string, 0, len(w.servers))
	for i := range w.servers {
		if !w.servers[i].deleted {
			out = append(out, w.servers[i].Hostname)
		}
	}
	return out
}

// owns reports whether the player owns prog.
func (w *World) owns(prog world.Program) bool {
	return slices.Contains(w.programs, prog)
}

// OpenPort runs the port opener prog against host. The player must own it
// (world.ErrNoProgram); running it again changes nothing.
func (w *World) OpenPort(ctx context.Context, host string, prog world.Program) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	id, err := w.lookup("openport", host)
	if err != nil {
		return err
	}
	if _, err := prog.MarshalText(); err != nil || !w.owns(prog) {
		return &world.OpError{Op: "openport", Host: host, What: prog.String(), Err: world.ErrNoProgram}
	}
	s := &w.servers[id]
	s.ports |= 1 << (prog - 1)
	s.OpenPortCount = bits.OnesCount8(s.ports)
	return nil
}

// Nuke gains root on host when at least as many ports are open as it
// requires (world.ErrNotEnoughPorts otherwise). It needs no hacking level
// and succeeds at once on a server already rooted.
func (w *World) Nuke(ctx context.Context, host string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	id, err := w.lookup("nuke", host)
	if err != nil {
		return err
	}
	s := &w.servers[id]
	if s.HasAdminRights {
		return nil
	}
	if s.OpenPortCount < s.NumOpenPortsRequired {
		return &world.OpError{Op: "nuke", Host: host, Err: fmt.Errorf("%w: %d of %d", world.ErrNotEnoughPorts, s.OpenPortCount, s.NumOpenPortsRequired)}
	}
	s.HasAdminRights = true
	return nil
}

// Files lists the files on host in name order.
func (w *World) Files(ctx context.Context, host string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	id, err := w.lookup("ls", host)
	if err != nil {
		return nil, err
	}
	s := &w.servers[id]
	out := make([]string, 0, len(s.files)+3)
	for op := world.OpHack; op <= world.OpWeaken; op++ {
		if s.workers&(1<<(op-1)) != 0 {
			out = append(out, op.Script())
		}
	}
	for name := range s.files {
		out = append(out, name)
	}
	sort.Strings(out)
	return out, nil
}

// hasFile returns the RAM per thread of script on s and whether it is there.
func (s *server) hasFile(script string) (game.RAM, bool) {
	if op, ok := world.WorkerOp(script); ok {
		return op.RAM(), s.workers&(1<<(op-1)) != 0
	}
	ram, ok := s.files[script]
	return ram, ok
}

// Copy copies files from home to host. Every file must be on home
// (world.ErrFileMissing); files before a missing one are copied.
func (w *World) Copy(ctx context.Context, host string, files ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	id, err := w.lookup("scp", host)
	if err != nil {
		return err
	}
	home, dst := &w.servers[0], &w.servers[id]
	for _, f := range files {
		if op, ok := world.WorkerOp(f); ok {
			if home.workers&(1<<(op-1)) == 0 {
				return &world.OpError{Op: "scp", Host: "home", What: f, Err: world.ErrFileMissing}
			}
			dst.workers |= 1 << (op - 1)
			continue
		}
		ram, ok := home.files[f]
		if !ok {
			return &world.OpError{Op: "scp", Host: "home", What: f, Err: world.ErrFileMissing}
		}
		if dst.files == nil {
			dst.files = make(map[string]game.RAM)
		}
		dst.files[f] = ram
	}
	return nil
}

// AddScript puts a script of ram GB per thread on host (sim only). Its
// processes do nothing: they hold their RAM until killed, which is how
// tests model the player's own scripts. The worker scripts cannot be
// redefined.
func (w *World) AddScript(host, name string, ram game.RAM) error {
	id, err := w.lookup("addscript", host)
	if err != nil {
		return err
	}
	if name == "" {
		return &world.OpError{Op: "addscript", Host: host, What: strconv.Quote(name), Err: world.ErrBadScript}
	}
	if _, ok := world.WorkerOp(name); ok {
		return &world.OpError{Op: "addscript", Host: host, What: name, Err: fmt.Errorf("%w: the worker scripts are built in", world.ErrBadScript)}
	}
	if ram < minScriptRAM || ram > maxScriptRAM {
		return &world.OpError{Op: "addscript", Host: host, What: name, Err: fmt.Errorf("%w: RAM %v per thread is outside [1.6GB, 1024GB]", world.ErrBadScript, ram)}
	}
	s := &w.servers[id]
	if s.files == nil {
		s.files = make(map[string]game.RAM)
	}
	s.files[name] = ram
	return nil
}

// Ps lists the processes running on host in the order they started.
func (w *World) Ps(ctx context.Context, host string) ([]world.Process, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	id, err := w.lookup("ps", host)
	if err != nil {
		return nil, err
	}
	// The list and the processes' copies of their arguments (workers have
	// six) are allocated once: a sweep reads tens of thousands of
	// processes.
	n := w.servers[id].nprocs
	if n == 0 {
		return nil, nil
	}
	out := make([]world.Process, 0, n)
	args := make([]string, 0, 6*n)
	for i := w.servers[id].first; i >= 0; i = w.procs[i].next {
		p := &w.procs[i]
		from := len(args)
		args = append(args, p.argSlice()...)
		out = append(out, world.Process{
			PID:       p.pid,
			Host:      host,
			Filename:  p.script,
			Threads:   p.threads,
			Args:      args[from:len(args):len(args)], // its own: an append copies
			Temporary: p.temp,
			RAM:       p.ram,
		})
	}
	return out, nil
}

// argSlice returns p's arguments, which the caller must not change.
func (p *proc) argSlice() []string {
	if p.extra != nil {
		return p.extra
	}
	return p.args[:p.nargs]
}

// Exec starts each request in order and returns one result per request. A
// request fails, without stopping the others, when the host is unknown,
// the script name is empty, the threads are not positive, the script is not
// on the host, there is no root on the host or the host lacks free RAM; the
// error is an *world.OpError wrapping the matching world.Err* value.
func (w *World) Exec(ctx context.Context, reqs []world.ExecRequest) []world.ExecResult {
	out := make([]world.ExecResult, len(reqs))
	if err := ctx.Err(); err != nil {
		for i := range out {
			out[i].Err = err
		}
		return out
	}
	for i := range reqs {
		out[i] = w.exec(&reqs[i])
	}
	return out
}

func (w *World) exec(r *world.ExecRequest) world.ExecResult {
	pid, err := w.start(r)
	if err != nil {
		w.recordExecFail(r, err)
		return world.ExecResult{Err: err}
	}
	return world.ExecResult{PID: pid}
}

func (w *World) start(r *world.ExecRequest) (int, error) {
	fail := func(err error) (int, error) {
		return 0, &world.OpError{Op: "exec", Host: r.Host, What: r.Script, Err: err}
	}
	if r.Script == "" {
		return fail(world.ErrBadScript)
	}
	if r.Threads < 1 {
		return fail(fmt.Errorf("%w: got %d", world.ErrBadThreads, r.Threads))
	}
	id, ok := w.byName[r.Host]
	if !ok {
		return fail(world.ErrUnknownHost)
	}
	s := &w.servers[id]
	ram, ok := s.hasFile(r.Script)
	if !ok {
		return fail(world.ErrFileMissing)
	}
	if !s.HasAdminRights {
		return fail(world.ErrNoRoot)
	}
	// The game refuses when ram·threads > maxRam − ramUsed + 0.001; in
	// hundredths that is need > free. Compare by division so that huge
	// thread counts cannot overflow.
	free := s.MaxRAM - s.RAMUsed
	if free < 0 || game.RAM(r.Threads) > free/ram {
		return fail(fmt.Errorf("%w: %d×%v needs more than the %v free", world.ErrNotEnoughRAM, r.Threads, ram, max(free, 0)))
	}
	if s.hacknet {
		w.settle() // the hash rate changes with the RAM used
	}
	slot := w.alloc()
	p := &w.procs[slot]
	p.pid = w.newPID()
	p.host = id
	p.threads = r.Threads
	p.ram = ram
	p.script = r.Script
	p.temp = r.Temporary
	p.target = -1
	p.widx = -1
	p.start = w.now
	if len(r.Args) <= len(p.args) {
		p.nargs = int32(copy(p.args[:], r.Args))
		p.extra = nil
	} else {
		p.nargs = int32(len(r.Args))
		p.extra = slices.Clone(r.Args)
	}
	s.RAMUsed += ram * game.RAM(r.Threads)
	w.link(slot)
	w.byPID.add(p.pid, slot, w.procs)
	w.stats.Started++
	w.stats.Running++
	w.stats.MaxConcurrent = max(w.stats.MaxConcurrent, w.stats.Running)

	if op, ok := world.WorkerOp(r.Script); ok {
		p.op = op
		p.state = procCalling
		if p.nargs >= 4 && p.nargs <= 6 {
			a, err := world.ParseWorkerArgs(p.args[:p.nargs])
			if err == nil {
				p.argsOK = true
				p.landAt = a.LandAt
				p.dur = a.Duration
				p.startBy = a.StartBy
				if t, ok := w.byName[a.Target]; ok {
					p.target = t
				}
			}
		}
		p.widx = int32(len(w.workers))
		w.workers = append(w.workers, slot)
		delay := w.latency
		if w.jitter > 0 {
			delay += world.Time(w.faultRNG.Int64N(int64(w.jitter) + 1))
		}
		delay += world.Time(w.perProc * float64(w.stats.Running))
		w.push(w.after(delay), slot)
		if w.killRate > 0 && !w.faultPending {
			w.scheduleFaultKill()
		}
	} else {
		p.op = 0
		p.state = procIdle
	}
	w.recordExec(p)
	return p.pid, nil
}

// newPID returns the next pid: the first unused integer at or above the
// counter (MECHANICS §4.3).
func (w *World) newPID() int {
	for {
		pid := w.nextPID
		w.nextPID++
		if w.nextPID <= 0 { // wrapped: start again at 1
			w.nextPID = 1
		}
		if pid > 0 && w.byPID.get(pid, w.procs) < 0 {
			return pid
		}
	}
}

// Kill ends the given processes at once and returns one error (or nil) per
// pid. A killed process frees its RAM, has no effect and gives no exp; a
// world.ProcessEnded with Killed set follows through Next.
func (w *World) Kill(ctx context.Context, pids []int) []error {
	out := make([]error, len(pids))
	if err := ctx.Err(); err != nil {
		for i := range out {
			out[i] = err
		}
		return out
	}
	for i, pid := range pids {
		slot := w.byPID.get(pid, w.procs)
		if slot < 0 {
			out[i] = &world.OpError{Op: "kill", What: strconv.Itoa(pid), Err: world.ErrNoSuchProcess}
			w.recordKill(pid, false)
			continue
		}
		w.recordKill(pid, true)
		w.stats.Kills++
		w.emit(w.kill(slot))
	}
	return out
}

// kill ends the process in slot and returns the event that says so.
func (w *World) kill(slot int32) world.Event {
	p := &w.procs[slot]
	ev := world.ProcessEnded{At: w.now, PID: p.pid, Host: w.servers[p.host].Hostname, Killed: true}
	w.release(slot)
	return ev
}

// SetServerRAM changes the RAM of host, as a purchase, upgrade or outside
// event would, and queues a world.ServerChanged. If the new RAM is below
// what running processes use, they keep running and holding their RAM: the
// server is over-committed, Server reports RAMUsed above MaxRAM, and exec
// fails there until enough processes end.
func (w *World) SetServerRAM(host string, ram game.RAM) error {
	id, err := w.lookup("setram", host)
	if err != nil {
		return err
	}
	if ram < 0 || ram > maxHomeRAM {
		return &world.OpError{Op: "setram", Host: host, Err: fmt.Errorf("RAM %v is outside [0, 2^30 GB]", ram)}
	}
	s := &w.servers[id]
	if s.MaxRAM == ram {
		return nil
	}
	if s.hacknet {
		w.settle() // the hash rate changes with the RAM
	}
	s.MaxRAM = ram
	w.emit(world.ServerChanged{At: w.now, Host: host})
	return nil
}

// SetSecurity sets the current security of host (sim only, for tests and
// what-if runs). It is clamped as the game clamps it: to
// [max(minimum, 1), 100].
func (w *World) SetSecurity(host string, sec float64) error {
	id, err := w.lookup("setsecurity", host)
	if err != nil {
		return err
	}
	if !finite(sec) {
		return &world.OpError{Op: "setsecurity", Host: host, Err: fmt.Errorf("security %v is not a number", sec)}
	}
	s := &w.servers[id].Server
	sec = max(sec, s.MinDifficulty, 1)
	s.HackDifficulty = min(sec, 100)
	return nil
}

// SetMoney sets the money available on host, limited to [0, moneyMax]
// (sim only, for tests and what-if runs).
func (w *World) SetMoney(host string, money float64) error {
	id, err := w.lookup("setmoney", host)
	if err != nil {
		return err
	}
	if !finite(money) || money < 0 {
		return &world.OpError{Op: "setmoney", Host: host, Err: fmt.Errorf("money %v is not a non-negative number", money)}
	}
	s := &w.servers[id].Server
	s.MoneyAvailable = min(money, s.MoneyMax)
	return nil
}

// AddExp gives the player exp hacking exp as a finished operation would
// (sim only): the level is recomputed and a world.LevelUp queued if it
// rose. It does nothing when Player.FreezeExp is set.
func (w *World) AddExp(exp float64) error {
	if !finite(exp) || exp < 0 {
		return fmt.Errorf("sim: AddExp(%v): exp must be a non-negative number", exp)
	}
	w.gainExp(exp)
	return nil
}

// Port returns port n (1 ≤ n ≤ MaxPort), creating it empty on first use.
// Ports are global, as in the game (MECHANICS §5).
func (w *World) Port(n int) (*Port, error) {
	if n < 1 || int64(n) > MaxPort {
		return nil, fmt.Errorf("sim: port %d is outside [1, 2^53−1]", n)
	}
	p := w.ports[n]
	if p == nil {
		p = newPort(w.portCap)
		w.ports[n] = p
	}
	return p, nil
}

// Stats returns counters of what happened so far, with the hacknet
// production credited up to now.
func (w *World) Stats() Stats {
	w.settle()
	st := w.stats
	st.Spent = maps.Clone(st.Spent)
	return st
}

// Stats counts what a simulation did.
type Stats struct {
	Started       int64   // processes started
	Running       int     // processes running now
	MaxConcurrent int     // most processes running at once
	HacksLanded   int64   // hack operations completed
	HacksDesynced int64   // of those, how many landed with the target above its minimum security
	HackSuccesses int64   // hacks whose roll succeeded
	GrowsLanded   int64   // grow operations completed
	WeakensLanded int64   // weaken operations completed
	Misfires      int64   // workers that could not land on time
	Failures      int64   // workers whose call threw (bad args or target)
	Kills         int64   // processes ended by Kill
	FaultKills    int64   // processes ended by Faults.KillsPerHour
	MoneyGained   float64 // money hacked into the player's account
	HacknetMoney  float64 // money made by hacknet nodes, or by selling hacknet servers' hashes

	HashesMade     float64 // hashes the hacknet servers made
	HashesSold     float64 // hashes sold for money, by SellHashes or when the caches overflowed
	HashesOverflow float64 // of HashesSold, those the game sold because they would overflow the caches

	ContractsPlaced int64   // coding contracts that appeared
	ContractsSolved int64   // answered right
	ContractsFailed int64   // wrong answers (tries used)
	ContractMoney   float64 // money paid for contracts

	// Spent is the money spent by kind (SpentServers, SpentHacknet,
	// SpentHome, SpentPrograms); nil before the first purchase.
	Spent          map[string]float64
	ServersBought  int64 // purchased servers bought
	ServerUpgrades int64 // purchased servers upgraded in place

	StockTrades int64   // stock market orders executed by StockTrade
	StockCash   float64 // money in (+) and out (−) of the stock market
}
