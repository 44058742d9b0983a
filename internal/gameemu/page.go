package gameemu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dop251/goja"

	"bbctl/internal/world"
)

// page is the JavaScript side of the game: one runtime shared by every
// script, as in the browser.
type page struct {
	g       *Game
	vm      *goja.Runtime
	progs   map[string]*goja.Program
	timers  map[int64]*time.Timer
	timerID int64
	sockets map[*socket]bool
	proto   *goja.Object              // the functions of every ns
	owner   map[*goja.Object]*process // ns object → its script
}

func newPage(g *Game) (*page, error) {
	pg := &page{g: g, vm: goja.New(), progs: map[string]*goja.Program{}, timers: map[int64]*time.Timer{}, sockets: map[*socket]bool{}, owner: map[*goja.Object]*process{}}
	vm := pg.vm
	for name, v := range map[string]any{
		"setTimeout":   pg.setTimeout,
		"clearTimeout": pg.clearTimeout,
		"WebSocket":    pg.newSocket,
	} {
		if err := vm.Set(name, v); err != nil {
			return nil, fmt.Errorf("gameemu: define %s: %w", name, err)
		}
	}
	return pg, nil
}

func (pg *page) throw(format string, args ...any) {
	panic(pg.vm.NewGoError(fmt.Errorf(format, args...)))
}

func (pg *page) setTimeout(call goja.FunctionCall) goja.Value {
	fn, ok := goja.AssertFunction(call.Argument(0))
	if !ok {
		pg.throw("setTimeout: callback is not a function")
	}
	ms := call.Argument(1).ToFloat()
	if math.IsNaN(ms) || ms < 0 {
		ms = 0
	}
	pg.timerID++
	id := pg.timerID
	pg.timers[id] = pg.g.l.after(pg.g.wall(ms+pg.late()), func() {
		if _, ok := pg.timers[id]; !ok {
			return
		}
		delete(pg.timers, id)
		if _, err := fn(goja.Undefined()); err != nil {
			pg.g.logf("gameemu: uncaught error in a timer: %v", err)
		}
	})
	return pg.vm.ToValue(id)
}

// late is how late a timer fires, in game ms (Config.TimerLate).
func (pg *page) late() float64 {
	if pg.g.cfg.TimerLate <= 0 {
		return 0
	}
	return rand.Float64() * float64(pg.g.cfg.TimerLate) / float64(time.Millisecond)
}

func (pg *page) clearTimeout(call goja.FunctionCall) goja.Value {
	id := call.Argument(0).ToInteger()
	if t, ok := pg.timers[id]; ok {
		t.Stop()
		delete(pg.timers, id)
	}
	return goja.Undefined()
}

// compile turns a module script into a program that evaluates to its main.
func (pg *page) compile(src string) (*goja.Program, error) {
	if p, ok := pg.progs[src]; ok {
		return p, nil
	}
	// goja runs classic scripts: drop the export keywords of the module.
	body := strings.ReplaceAll(src, "export async function main", "async function main")
	body = strings.ReplaceAll(body, "export function main", "function main")
	prog, err := goja.Compile("script", "(function(){\n"+body+"\n;return main;})()", false)
	if err != nil {
		return nil, err
	}
	pg.progs[src] = prog
	return prog, nil
}

// start runs p's main.
func (pg *page) start(p *process, src string) {
	if p.dead {
		return
	}
	fail := func(err error) {
		pg.g.logf("gameemu: script %s (pid %d) on %s failed: %v", p.file, p.pid, p.host, err)
		pg.g.count(func(c *Counters) { c.ScriptErrors++ })
		pg.g.endProcess(p)
	}
	prog, err := pg.compile(src)
	if err != nil {
		fail(err)
		return
	}
	v, err := pg.vm.RunProgram(prog)
	if err != nil {
		fail(err)
		return
	}
	mainFn, ok := goja.AssertFunction(v)
	if !ok {
		fail(errors.New("main is not a function"))
		return
	}
	res, err := mainFn(goja.Undefined(), pg.newNS(p))
	if err != nil {
		if !p.dead {
			fail(err)
		}
		return
	}
	prom, ok := res.Export().(*goja.Promise)
	if !ok {
		pg.g.endProcess(p)
		return
	}
	switch prom.State() {
	case goja.PromiseStateFulfilled:
		pg.g.endProcess(p)
		return
	case goja.PromiseStateRejected:
		if !p.dead {
			fail(fmt.Errorf("%v", prom.Result()))
		}
		return
	}
	then, _ := goja.AssertFunction(res.ToObject(pg.vm).Get("then"))
	_, err = then(res,
		pg.vm.ToValue(func(goja.Value) { pg.g.endProcess(p) }),
		pg.vm.ToValue(func(e goja.Value) {
			if !p.dead {
				fail(fmt.Errorf("%v", e))
			}
		}))
	if err != nil {
		fail(err)
	}
}

// enter is called at the start of every Netscript function: it enforces
// that the script is alive, the one-call-in-flight rule and the dynamic RAM
// check, killing the script as the game does.
func (pg *page) enter(p *process, name string) {
	if p.dead {
		pg.throw("ScriptDeath: %s (pid %d) is not running", p.file, p.pid)
	}
	if p.busy {
		pg.g.logf("gameemu: %s (pid %d) called %s while another Netscript call was in flight: killed", p.file, p.pid, name)
		pg.g.count(func(c *Counters) { c.ScriptErrors++ })
		pg.g.endProcess(p)
		pg.throw("Concurrent calls to Netscript functions are not allowed (%s)", name)
	}
	if !p.called[name] {
		p.called[name] = true
		p.dynamic += pg.g.functionRAM(name)
		if p.dynamic > p.ram.GB()*1.00000000000001 {
			pg.g.logf("gameemu: %s (pid %d): dynamic RAM %.2f GB exceeds %v after %s: killed", p.file, p.pid, p.dynamic, p.ram, name)
			pg.g.count(func(c *Counters) { c.ScriptErrors++ })
			pg.g.endProcess(p)
			pg.throw("Dynamic RAM usage calculated to be greater than RAM allocation (%s)", name)
		}
	}
}

func (pg *page) server(fn string, v goja.Value) *Server {
	host := v.String()
	s := pg.g.servers[host]
	if s == nil {
		pg.throw("%s: Invalid hostname: '%s'", fn, host)
	}
	return s
}

// newNS builds the ns object of p: its own args and pid over a prototype
// that holds the functions, shared by every script.
func (pg *page) newNS(p *process) *goja.Object {
	if pg.proto == nil {
		pg.proto = pg.nsProto()
	}
	vm := pg.vm
	ns := vm.CreateObject(pg.proto)
	ns.Set("args", vm.NewArray(p.args...))
	ns.Set("pid", p.pid)
	if pg.g.cfg.V3 {
		ns.Set("cloud", pg.cloudNS(p))
	}
	p.ns = ns
	pg.owner[ns] = p
	return ns
}

// nsProto builds the Netscript functions. Each finds its script through
// this, the ns object it is called on.
func (pg *page) nsProto() *goja.Object {
	vm, g := pg.vm, pg.g
	ns := vm.NewObject()
	def := func(name string, f func(p *process, c goja.FunctionCall) any) {
		ns.Set(name, func(c goja.FunctionCall) goja.Value {
			obj, _ := c.This.(*goja.Object)
			p := pg.owner[obj]
			if p == nil {
				pg.throw("%s: called on something that is not a running script's ns", name)
			}
			pg.enter(p, name)
			return vm.ToValue(f(p, c))
		})
	}

	for _, op := range []string{"hack", "grow", "weaken"} {
		op := op
		def(op, func(p *process, c goja.FunctionCall) any { return pg.operate(p, op, c) })
	}
	def("sleep", func(p *process, c goja.FunctionCall) any { return pg.delay(p, c.Argument(0).ToFloat(), true) })
	def("asleep", func(p *process, c goja.FunctionCall) any { return pg.delay(p, c.Argument(0).ToFloat(), false) })
	def("exec", func(p *process, c goja.FunctionCall) any { return pg.exec(c) })
	def("kill", func(p *process, c goja.FunctionCall) any { return g.kill(int(c.Argument(0).ToInteger())) })
	def("ps", func(p *process, c goja.FunctionCall) any {
		s := pg.server("ps", c.Argument(0))
		out := []any{}
		for _, q := range g.procs {
			if q.host != s.Hostname {
				continue
			}
			o := vm.NewObject()
			o.Set("filename", q.file)
			o.Set("threads", q.threads)
			o.Set("args", vm.NewArray(q.args...))
			o.Set("pid", q.pid)
			o.Set("temporary", q.temporary)
			out = append(out, o)
		}
		return vm.NewArray(out...)
	})
	def("scan", func(p *process, c goja.FunctionCall) any {
		s := pg.server("scan", c.Argument(0))
		out := make([]any, len(s.Links))
		for i, l := range s.Links {
			out[i] = l
		}
		return vm.NewArray(out...)
	})
	def("getPlayer", func(p *process, _ goja.FunctionCall) any {
		ones := map[string]float64{}
		for _, k := range []string{"hacking", "hacking_chance", "hacking_money", "hacking_speed", "hacking_exp", "hacking_grow",
			"hacknet_node_money", "hacknet_node_purchase_cost", "hacknet_node_level_cost", "hacknet_node_ram_cost", "hacknet_node_core_cost"} {
			ones[k] = 1
		}
		return pg.player(g.cfg.Hacking, 0, 0, ones, g.money)
	})
	getter := func(name string, f func(s *Server) any) {
		def(name, func(p *process, c goja.FunctionCall) any { return f(pg.server(name, c.Argument(0))) })
	}
	getter("hasRootAccess", func(s *Server) any { return s.Root })
	getter("getServerMoneyAvailable", func(s *Server) any {
		if s.Hostname == "home" {
			return g.money
		}
		return s.Money
	})
	getter("getServerMaxMoney", func(s *Server) any { return s.MoneyMax })
	getter("getServerSecurityLevel", func(s *Server) any { return s.Security })
	getter("getServerMinSecurityLevel", func(s *Server) any { return s.MinSecurity })
	getter("getServerBaseSecurityLevel", func(s *Server) any { return s.BaseSecurity })
	getter("getServerRequiredHackingLevel", func(s *Server) any { return s.RequiredHacking })
	getter("getServerGrowth", func(s *Server) any { return s.Growth })
	getter("getServerNumPortsRequired", func(s *Server) any { return s.PortsRequired })
	getter("getServerMaxRam", func(s *Server) any { return s.MaxRAM.GB() })
	getter("getServerUsedRam", func(s *Server) any { return s.usedRAM.GB() })
	// read and write: text files on the script's own server ("" for a
	// file that is not there; write appends unless the mode is "w").
	def("read", func(p *process, c goja.FunctionCall) any {
		return pg.server("read", vm.ToValue(p.host)).Files[strings.TrimPrefix(c.Argument(0).String(), "/")]
	})
	def("write", func(p *process, c goja.FunctionCall) any {
		files := pg.server("write", vm.ToValue(p.host)).Files
		name := strings.TrimPrefix(c.Argument(0).String(), "/")
		data := ""
		if v := c.Argument(1); !goja.IsUndefined(v) {
			data = v.String()
		}
		if c.Argument(2).String() == "w" {
			files[name] = data
		} else {
			files[name] += data
		}
		return nil
	})
	def("fileExists", func(p *process, c goja.FunctionCall) any {
		s := pg.server("fileExists", c.Argument(1))
		_, ok := s.Files[strings.TrimPrefix(c.Argument(0).String(), "/")]
		return ok
	})
	def("nuke", func(p *process, c goja.FunctionCall) any {
		s := pg.server("nuke", c.Argument(0))
		if s.OpenPorts < s.PortsRequired {
			if g.cfg.V3 {
				return false
			}
			pg.throw("nuke: not enough ports opened to use NUKE.exe virus")
		}
		s.Root = true
		return true
	})
	for _, o := range []struct{ fn, prog string }{
		{"brutessh", "BruteSSH.exe"}, {"ftpcrack", "FTPCrack.exe"}, {"relaysmtp", "relaySMTP.exe"},
		{"httpworm", "HTTPWorm.exe"}, {"sqlinject", "SQLInject.exe"},
	} {
		o := o
		def(o.fn, func(p *process, c goja.FunctionCall) any {
			s := pg.server(o.fn, c.Argument(0))
			if !pg.owns(o.prog) {
				if g.cfg.V3 {
					return false
				}
				pg.throw("%s: you do not have the %s program", o.fn, o.prog)
			}
			if s.opened == nil {
				s.opened = map[string]bool{}
			}
			if !s.opened[o.prog] {
				s.opened[o.prog] = true
				s.OpenPorts++
			}
			return true
		})
	}
	def("getResetInfo", func(p *process, _ goja.FunctionCall) any {
		return pg.resetInfo(max(1, g.cfg.BitNode), sourceFiles(max(1, g.cfg.BitNode), max(1, g.cfg.BitNodeLevel), 0, 0))
	})
	def("getServer", func(p *process, c goja.FunctionCall) any {
		host := p.host
		if a := c.Argument(0); !goja.IsUndefined(a) {
			host = a.String()
		}
		s := pg.server("getServer", vm.ToValue(host))
		return pg.serverObject(s.Hostname, s.Cores)
	})
	def("scp", func(p *process, c goja.FunctionCall) any {
		var files []string
		if err := vm.ExportTo(c.Argument(0), &files); err != nil {
			files = []string{c.Argument(0).String()}
		}
		dst := pg.server("scp", c.Argument(1))
		src := pg.server("scp", c.Argument(2))
		ok := true
		for _, f := range files {
			f = strings.TrimPrefix(f, "/")
			content, has := src.Files[f]
			if !has {
				ok = false
				continue
			}
			dst.Files[f] = content
			if g.sim != nil {
				g.simPush(dst.Hostname, f, content)
			}
		}
		return ok
	})
	def("getHostname", func(p *process, _ goja.FunctionCall) any { return p.host })
	def("disableLog", func(p *process, _ goja.FunctionCall) any { return nil })
	def("print", func(p *process, _ goja.FunctionCall) any { return nil })
	def("tprint", func(p *process, c goja.FunctionCall) any {
		g.logf("gameemu: %s (pid %d): %s", p.file, p.pid, c.Argument(0).String())
		return nil
	})
	def("atExit", func(p *process, c goja.FunctionCall) any {
		if f, ok := goja.AssertFunction(c.Argument(0)); ok {
			p.atExit = append(p.atExit, f)
		}
		return nil
	})
	def("exit", func(p *process, _ goja.FunctionCall) any {
		g.endProcess(p)
		pg.throw("ScriptDeath: exit")
		return nil
	})
	def("getPortHandle", func(p *process, c goja.FunctionCall) any { return pg.portHandle(pg.portNumber(c.Argument(0))) })
	def("readPort", func(p *process, c goja.FunctionCall) any { return pg.portRead(g.port(pg.portNumber(c.Argument(0)))) })
	def("writePort", func(p *process, c goja.FunctionCall) any {
		if old, ok := g.port(pg.portNumber(c.Argument(0))).write(c.Argument(1).Export()); ok {
			return old
		}
		return nil
	})
	def("tryWritePort", func(p *process, c goja.FunctionCall) any {
		return g.port(pg.portNumber(c.Argument(0))).tryWrite(c.Argument(1).Export())
	})
	def("ls", func(_ *process, c goja.FunctionCall) any {
		srv := pg.server("ls", c.Argument(0))
		grep := ""
		if g := c.Argument(1); !goja.IsUndefined(g) {
			grep = g.String()
		}
		var out []any
		for _, name := range pg.g.listFiles(srv.Hostname) {
			if strings.Contains(name, grep) {
				out = append(out, name)
			}
		}
		return vm.NewArray(out...)
	})
	// ns.codingcontract is a namespace of functions bound to the script,
	// made on first use.
	ns.DefineAccessorProperty("codingcontract", vm.ToValue(func(c goja.FunctionCall) goja.Value {
		obj, _ := c.This.(*goja.Object)
		p := pg.owner[obj]
		if p == nil {
			return goja.Undefined()
		}
		if p.cc == nil {
			p.cc = pg.contractNS(p)
		}
		return p.cc
	}), nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
	// ns.stock likewise, backed by the simulator's market.
	ns.DefineAccessorProperty("stock", vm.ToValue(func(c goja.FunctionCall) goja.Value {
		obj, _ := c.This.(*goja.Object)
		p := pg.owner[obj]
		if p == nil {
			return goja.Undefined()
		}
		if p.stock == nil {
			p.stock = pg.stockNS(p)
		}
		return p.stock
	}), nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
	// ns.hacknet likewise, backed by the simulator's hacknet.
	ns.DefineAccessorProperty("hacknet", vm.ToValue(func(c goja.FunctionCall) goja.Value {
		obj, _ := c.This.(*goja.Object)
		p := pg.owner[obj]
		if p == nil {
			return goja.Undefined()
		}
		if p.hacknet == nil {
			p.hacknet = pg.hacknetNS(p)
		}
		return p.hacknet
	}), nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
	// ns.singularity likewise, backed by the simulator's player shop.
	ns.DefineAccessorProperty("singularity", vm.ToValue(func(c goja.FunctionCall) goja.Value {
		obj, _ := c.This.(*goja.Object)
		p := pg.owner[obj]
		if p == nil {
			return goja.Undefined()
		}
		if p.sing == nil {
			p.sing = pg.singularityNS(p)
		}
		return p.sing
	}), nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
	if g.sim != nil {
		pg.simNS(def)
		if !g.cfg.V3 {
			for name, f := range pg.serverCalls(false) {
				f := f
				def(name, func(_ *process, c goja.FunctionCall) any { return f(c) })
			}
		}
	}
	return ns
}

// deprecatedPlayer are properties of the player object that the game
// still has but warns about on every access ("Accessed deprecated function
// or property"); the emulated game throws instead, so that a script that
// touches them (by serialising the whole object, say) fails its test.
var deprecatedPlayer = []string{"playtimeSinceLastAug", "playtimeSinceLastBitnode", "bitNodeN"}

// player builds what getPlayer returns: the fields bbctl reads, and the
// deprecated ones as enumerable properties that throw when read.
func (pg *page) player(hacking, intelligence int, exp float64, mults map[string]float64, money float64) *goja.Object {
	vm := pg.vm
	o := vm.NewObject()
	skills := vm.NewObject()
	skills.Set("hacking", hacking)
	skills.Set("intelligence", intelligence)
	e := vm.NewObject()
	e.Set("hacking", exp)
	m := vm.NewObject()
	for k, v := range mults {
		m.Set(k, v)
	}
	o.Set("skills", skills)
	o.Set("exp", e)
	o.Set("mults", m)
	o.Set("money", money)
	for _, name := range deprecatedPlayer {
		name := name
		get := vm.ToValue(func(goja.FunctionCall) goja.Value {
			pg.g.logf("gameemu: accessed deprecated property ns.getPlayer().%s", name)
			pg.g.count(func(c *Counters) { c.Deprecated++ })
			pg.throw("Accessed deprecated function or property: ns.getPlayer().%s", name)
			return nil
		})
		o.DefineAccessorProperty(name, get, nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
	return o
}

// sourceFiles lists the Source-Files a player owns as [BitNode, level]
// pairs, as the game's save and getResetInfo hold them: the current
// BitNode's at its level less one, then Source-File 4 (sf4) and 9 (sf9)
// when owned from other BitNodes.
func sourceFiles(bitNode, level, sf4, sf9 int) [][2]int {
	sf := [][2]int{}
	if level > 1 {
		sf = append(sf, [2]int{bitNode, level - 1})
	}
	for _, o := range [][2]int{{4, sf4}, {9, sf9}} {
		if o[1] > 0 && o[0] != bitNode {
			sf = append(sf, o)
		}
	}
	return sf
}

// resetInfo builds what getResetInfo returns: the current BitNode and the
// Source-Files owned (sourceFiles), a Map of BitNode to level.
func (pg *page) resetInfo(bitNode int, owned [][2]int) *goja.Object {
	vm := pg.vm
	ctor, _ := goja.AssertConstructor(vm.Get("Map"))
	pairs := make([]any, len(owned))
	for i, o := range owned {
		pairs[i] = vm.NewArray(o[0], o[1])
	}
	ownedSF, err := ctor(nil, vm.NewArray(pairs...))
	if err != nil {
		pg.throw("getResetInfo: %v", err)
	}
	empty, _ := ctor(nil)
	o := vm.NewObject()
	o.Set("currentNode", bitNode)
	o.Set("ownedSF", ownedSF)
	o.Set("ownedAugs", empty)
	o.Set("lastAugReset", 0)
	o.Set("lastNodeReset", 0)
	return o
}

// serverObject builds what getServer returns, as far as bbctl reads it.
func (pg *page) serverObject(host string, cores int) *goja.Object {
	o := pg.vm.NewObject()
	o.Set("hostname", host)
	o.Set("cpuCores", max(1, cores))
	return o
}

func (pg *page) owns(prog string) bool {
	for _, p := range pg.g.cfg.Programs {
		if strings.EqualFold(p, prog) {
			return true
		}
	}
	return false
}

func (pg *page) portNumber(v goja.Value) int {
	n := v.ToFloat()
	if n != math.Trunc(n) || n < 1 || n > 1<<53-1 {
		pg.throw("port number %v is invalid", v)
	}
	return int(n)
}

func (pg *page) portRead(pt *port) any {
	if v, ok := pt.read(); ok {
		return v
	}
	return "NULL PORT DATA"
}

func (pg *page) portHandle(n int) *goja.Object {
	vm, pt := pg.vm, pg.g.port(n)
	h := vm.NewObject()
	h.Set("read", func() any { return pg.portRead(pt) })
	h.Set("peek", func() any {
		if len(pt.data) == 0 {
			return "NULL PORT DATA"
		}
		return pt.data[0]
	})
	h.Set("write", func(v goja.Value) any {
		if old, ok := pt.write(v.Export()); ok {
			return old
		}
		return nil
	})
	h.Set("tryWrite", func(v goja.Value) bool { return pt.tryWrite(v.Export()) })
	h.Set("empty", func() bool { return len(pt.data) == 0 })
	h.Set("full", func() bool { return len(pt.data) >= portCapacity })
	h.Set("clear", func() { pt.data = nil })
	h.Set("nextWrite", func() goja.Value {
		if pt.next == nil {
			prom, resolve, _ := vm.NewPromise()
			pt.next, pt.resolve = vm.ToValue(prom), resolve
		}
		return pt.next
	})
	return h
}

// delay implements sleep (busy) and asleep (not busy).
func (pg *page) delay(p *process, ms float64, busy bool) goja.Value {
	if math.IsNaN(ms) || ms < 0 {
		ms = 0
	}
	prom, resolve, _ := pg.vm.NewPromise()
	p.busy = p.busy || busy
	var t *time.Timer
	t = pg.g.l.after(pg.g.wall(ms+pg.late()), func() {
		delete(p.timers, t)
		if p.dead {
			return
		}
		if busy {
			p.busy = false
		}
		resolve(true)
	})
	p.timers[t] = true
	return pg.vm.ToValue(prom)
}

// operate implements hack, grow and weaken.
func (pg *page) operate(p *process, op string, c goja.FunctionCall) goja.Value {
	s := pg.server(op, c.Argument(0))
	if !s.Root {
		pg.throw("%s: cannot %s %s without root access", op, op, s.Hostname)
	}
	if op == "hack" && s.RequiredHacking > pg.g.cfg.Hacking {
		pg.throw("hack: %s needs hacking level %d", s.Hostname, s.RequiredHacking)
	}
	extra := 0.0
	if o := c.Argument(1); !goja.IsUndefined(o) && !goja.IsNull(o) {
		if v := o.ToObject(pg.vm).Get("additionalMsec"); v != nil && !goja.IsUndefined(v) {
			extra = v.ToFloat()
			if math.IsNaN(extra) || extra < 0 || extra > 1e9 {
				pg.throw("%s: additionalMsec must be in [0, 1e9], got %v", op, v)
			}
		}
	}
	cores := pg.g.servers[p.host].Cores
	dur := pg.g.durations(op) + time.Duration(extra)*time.Millisecond
	prom, resolve, _ := pg.vm.NewPromise()
	p.busy = true
	var t *time.Timer
	t = pg.g.l.after(dur, func() {
		delete(p.timers, t)
		if p.dead {
			return
		}
		p.busy = false
		resolve(pg.g.apply(op, s, float64(p.threads), cores))
	})
	p.timers[t] = true
	return pg.vm.ToValue(prom)
}

func (pg *page) exec(c goja.FunctionCall) any {
	script := c.Argument(0).String()
	host := c.Argument(1).String()
	threads, temporary := 1.0, false
	if obj, ok := c.Argument(2).(*goja.Object); ok { // RunOptions
		if v := obj.Get("threads"); v != nil && !goja.IsUndefined(v) {
			threads = v.ToFloat()
		}
		if v := obj.Get("temporary"); v != nil {
			temporary = v.ToBoolean()
		}
	} else if o := c.Argument(2); !goja.IsUndefined(o) {
		threads = o.ToFloat()
	}
	if threads != math.Trunc(threads) || threads < 1 || threads > 1e9 {
		pg.throw("exec: threads should be a positive integer, was %v", threads)
	}
	var args []any
	for _, a := range c.Arguments[min(3, len(c.Arguments)):] {
		switch v := a.Export().(type) {
		case string, bool, int64, float64:
			args = append(args, v)
		default:
			pg.throw("exec: argument %v is not a string, number or boolean", a)
		}
	}
	if _, worker := world.WorkerOp(strings.TrimPrefix(script, "/")); worker && pg.g.sim != nil {
		return pg.simExec(script, host, int(threads), temporary, args)
	}
	pid, err := pg.g.exec(script, host, int(threads), temporary, args)
	if errors.Is(err, errExecFailed) {
		pg.g.logf("gameemu: %v", err)
		return 0
	}
	if err != nil {
		pg.throw("%v", err)
	}
	return pid
}

// contractNS builds ns.codingcontract for p: the four functions the
// contracts module uses, backed by the simulator's contracts.
func (pg *page) contractNS(p *process) *goja.Object {
	vm := pg.vm
	cc := vm.NewObject()
	def := pg.definer(p, cc, "codingcontract")
	read := func(c goja.FunctionCall) world.ContractInfo {
		if pg.g.sim == nil {
			pg.throw("no coding contracts in this emulated game")
		}
		info, err := pg.g.sim.w.Contract(context.Background(), c.Argument(1).String(), c.Argument(0).String())
		if err != nil {
			pg.throw("%v", err)
		}
		return info
	}
	def("getContractType", func(c goja.FunctionCall) any { return read(c).Type })
	def("getNumTriesRemaining", func(c goja.FunctionCall) any { return read(c).TriesLeft })
	def("getData", func(c goja.FunctionCall) any {
		v, err := vm.RunString("(" + string(read(c).Data) + ")")
		if err != nil {
			pg.throw("contract data: %v", err)
		}
		return v
	})
	def("attempt", func(c goja.FunctionCall) any {
		if pg.g.sim == nil {
			pg.throw("no coding contracts in this emulated game")
		}
		ans, err := json.Marshal(c.Argument(0).Export())
		if err != nil {
			pg.throw("attempt: %v", err)
		}
		reward, err := pg.g.sim.w.Attempt(context.Background(), c.Argument(2).String(), c.Argument(1).String(),
			world.ContractAnswer{JSON: ans, String: c.Argument(0).String()})
		if err != nil {
			pg.throw("%v", err)
		}
		return reward
	})
	return cc
}
