package gameemu

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dop251/goja"

	"bbctl/internal/game"
)

// process is a running script.
type process struct {
	pid       int
	host      string
	file      string
	threads   int
	args      []any
	temporary bool
	ram       game.RAM // per thread
	dynamic   float64  // GB charged so far by the dynamic check
	called    map[string]bool
	busy      bool
	dead      bool
	timers    map[*time.Timer]bool
	atExit    []goja.Callable
	ns        *goja.Object
	cc        *goja.Object // ns.codingcontract, made on first use
	stock     *goja.Object // ns.stock, made on first use
	hacknet   *goja.Object // ns.hacknet, made on first use
	sing      *goja.Object // ns.singularity, made on first use
	simPID    int          // in a game backed by the simulator: the process holding its RAM there
}

func (p *process) info() ProcessInfo {
	args := make([]string, len(p.args))
	for i, a := range p.args {
		args[i] = fmt.Sprint(a)
	}
	return ProcessInfo{PID: p.pid, Host: p.host, Filename: p.file, Threads: p.threads, Args: args, Temporary: p.temporary}
}

// errExecFailed is exec's "returns 0" outcome.
var errExecFailed = errors.New("exec failed")

// exec starts script on host. A failure that the game reports by returning
// 0 wraps errExecFailed; other errors are what the game throws.
func (g *Game) exec(script, host string, threads int, temporary bool, args []any) (int, error) {
	s := g.servers[host]
	if s == nil {
		return 0, fmt.Errorf("exec: invalid hostname: '%s'", host)
	}
	if threads <= 0 {
		return 0, fmt.Errorf("exec: threads should be a positive integer, was %d", threads)
	}
	script = strings.TrimPrefix(script, "/")
	if !isScript(script, g.cfg.V3) {
		return 0, fmt.Errorf("exec: %s is not a script", script)
	}
	src, ok := s.Files[script]
	if !ok {
		g.count(func(c *Counters) { c.ExecFails++ })
		return 0, fmt.Errorf("%w: %s does not exist on %s", errExecFailed, script, host)
	}
	if !s.Root && g.sim == nil {
		g.count(func(c *Counters) { c.ExecFails++ })
		return 0, fmt.Errorf("%w: no root access on %s", errExecFailed, host)
	}
	ram, err := g.scriptRAM(src)
	if err != nil {
		g.count(func(c *Counters) { c.ExecFails++ })
		return 0, fmt.Errorf("%w: ram cost of %s: %v", errExecFailed, script, err)
	}
	need := game.GB(ram.GB() * float64(threads))
	if need > s.MaxRAM-s.usedRAM {
		g.count(func(c *Counters) { c.ExecFails++ })
		return 0, fmt.Errorf("%w: not enough RAM on %s for %s×%d (%v > %v free)", errExecFailed, host, script, threads, need, s.MaxRAM-s.usedRAM)
	}
	simPID := 0
	if g.sim != nil {
		// The simulator owns root and RAM: a process of its own holds the
		// script's RAM there while the script runs here.
		if simPID, err = g.simHold(script, host, threads, temporary, args); err != nil {
			g.count(func(c *Counters) { c.ExecFails++ })
			return 0, err
		}
	}
	pid := g.nextPID
	for g.procs[pid] != nil {
		pid++
	}
	g.nextPID = pid + 1
	p := &process{pid: pid, host: host, file: script, threads: threads, args: args, temporary: temporary,
		ram: ram, dynamic: 1.6, called: map[string]bool{}, timers: map[*time.Timer]bool{}, simPID: simPID}
	g.procs[pid] = p
	if simPID != 0 {
		g.sim.pids[simPID] = pid
	}
	s.usedRAM += need
	g.count(func(c *Counters) { c.Execs++ })
	// Like the game, the script starts after exec returns.
	g.l.post(func() { g.page.start(p, src) })
	return pid, nil
}

func (g *Game) kill(pid int) bool {
	p := g.procs[pid]
	if p == nil {
		return false
	}
	g.count(func(c *Counters) { c.Kills++ })
	g.endProcess(p)
	return true
}

// endProcess removes p, frees its RAM, stops its timers and runs its
// atExit callbacks, whether it ended or was killed.
func (g *Game) endProcess(p *process) {
	if p.dead {
		return
	}
	p.dead = true
	for t := range p.timers {
		t.Stop()
	}
	delete(g.procs, p.pid)
	if p.simPID != 0 {
		g.simRelease(p.simPID)
	}
	if s := g.servers[p.host]; s != nil {
		s.usedRAM -= game.GB(p.ram.GB() * float64(p.threads))
		if s.usedRAM < 0 {
			s.usedRAM = 0
		}
	}
	g.count(func(c *Counters) { c.Ended++ })
	for _, f := range p.atExit {
		if _, err := f(goja.Undefined()); err != nil {
			g.logf("gameemu: atExit of pid %d: %v", p.pid, err)
		}
	}
	p.atExit = nil
	if p.ns != nil {
		delete(g.page.owner, p.ns)
	}
}

// isScript reports whether name has a script extension.
func isScript(name string, v3 bool) bool {
	for _, ext := range scriptExts(v3) {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

func scriptExts(v3 bool) []string {
	if v3 {
		return []string{".js", ".jsx", ".ts", ".tsx"}
	}
	return []string{".js", ".script"}
}

// port is a Netscript port: 50 entries, the oldest dropped on overflow.
type port struct {
	data    []any
	next    goja.Value      // the promise every nextWrite waiter shares
	resolve func(any) error // resolves next
}

// portCapacity is the game's default MaxPortCapacity.
const portCapacity = 50

func (g *Game) port(n int) *port {
	p := g.ports[n]
	if p == nil {
		p = &port{}
		g.ports[n] = p
	}
	return p
}

// write appends v and returns the dropped head, if any.
func (p *port) write(v any) (any, bool) {
	p.data = append(p.data, v)
	if p.resolve != nil {
		r := p.resolve
		p.next, p.resolve = nil, nil
		r(nil)
	}
	if len(p.data) > portCapacity {
		old := p.data[0]
		p.data = p.data[1:]
		return old, true
	}
	return nil, false
}

func (p *port) tryWrite(v any) bool {
	if len(p.data) >= portCapacity {
		return false
	}
	p.write(v)
	return true
}

func (p *port) read() (any, bool) {
	if len(p.data) == 0 {
		return nil, false
	}
	v := p.data[0]
	p.data = p.data[1:]
	return v, true
}
