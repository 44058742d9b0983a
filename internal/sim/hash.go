package sim

import (
	"fmt"
	"math"
	"strconv"

	"bbctl/internal/world"
)

// The event log hash is a running 64-bit hash over everything the
// simulator tells its driver: each delivered event, each exec and each kill
// with its outcome. It is a fingerprint for determinism tests, not a
// cryptographic hash. Words are mixed one at a time, which keeps it cheap
// enough to run on every operation.

const (
	fnvOffset = 0xcbf29ce484222325
	mixMul    = 0x9e3779b97f4a7c15
)

// Record kinds, mixed in first.
const (
	recExec uint64 = iota + 1
	recExecFail
	recKill
	recTick
	recJob
	recEnded
	recLevel
	recServer
	recBuy
)

func (w *World) mix(x uint64) {
	h := (w.hash ^ x) * mixMul
	w.hash = h ^ h>>29
}

func (w *World) mixString(s string) {
	w.mix(uint64(len(s)))
	for len(s) >= 8 {
		w.mix(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56)
		s = s[8:]
	}
	var tail uint64
	for i := 0; i < len(s); i++ {
		tail |= uint64(s[i]) << (8 * i)
	}
	w.mix(tail)
}

// EventLogHash returns the running hash of the event log as 16 hex digits.
// Two simulations with the same Config and the same calls have the same
// hash.
func (w *World) EventLogHash() string { return fmt.Sprintf("%016x", w.hash) }

// EventLogErr returns the first error writing Config.EventLog, after which
// the simulator stopped writing to it.
func (w *World) EventLogErr() error { return w.logErr }

func (w *World) recordExec(p *proc) {
	w.mix(recExec)
	w.mix(uint64(w.now))
	w.mix(uint64(p.pid))
	w.mix(uint64(p.host))
	w.mixString(p.script)
	w.mix(uint64(p.threads))
	args := p.argSlice()
	w.mix(uint64(len(args)))
	for _, a := range args {
		w.mixString(a)
	}
	if w.log != nil {
		b := w.logLine("exec")
		b = appendKV(b, "pid", p.pid)
		b = append(b, " host="...)
		b = strconv.AppendQuote(b, w.servers[p.host].Hostname)
		b = append(b, " script="...)
		b = strconv.AppendQuote(b, p.script)
		b = appendKV(b, "threads", p.threads)
		b = append(b, " args=["...)
		for i, a := range args {
			if i > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendQuote(b, a)
		}
		b = append(b, ']')
		w.writeLog(b)
	}
}

func (w *World) recordExecFail(r *world.ExecRequest, err error) {
	w.mix(recExecFail)
	w.mix(uint64(w.now))
	w.mixString(r.Host)
	w.mixString(r.Script)
	w.mix(uint64(r.Threads))
	w.mixString(err.Error())
	if w.log != nil {
		b := w.logLine("exec-failed")
		b = append(b, " host="...)
		b = strconv.AppendQuote(b, r.Host)
		b = append(b, " script="...)
		b = strconv.AppendQuote(b, r.Script)
		b = appendKV(b, "threads", r.Threads)
		b = append(b, " err="...)
		b = strconv.AppendQuote(b, err.Error())
		w.writeLog(b)
	}
}

func (w *World) recordKill(pid int, ok bool) {
	w.mix(recKill)
	w.mix(uint64(w.now))
	w.mix(uint64(pid))
	if ok {
		w.mix(1)
	} else {
		w.mix(0)
	}
	if w.log != nil {
		b := w.logLine("kill")
		b = appendKV(b, "pid", pid)
		b = append(b, " ok="...)
		b = strconv.AppendBool(b, ok)
		w.writeLog(b)
	}
}

// record adds a delivered event to the hash and the log.
func (w *World) record(ev world.Event) {
	switch e := ev.(type) {
	case world.Tick:
		w.mix(recTick)
		w.mix(uint64(e.At))
		if w.log != nil {
			w.writeLog(w.logLine("tick"))
		}
	case world.JobDone:
		// The pid stands for what exec recorded: host, script, threads
		// and args.
		r := &e.Report
		w.mix(recJob)
		w.mix(uint64(r.PID))
		w.mix(uint64(r.Start))
		w.mix(uint64(r.End))
		if r.Misfire {
			w.mix(1)
		} else {
			w.mix(0)
		}
		w.mix(math.Float64bits(r.Result))
		if w.log != nil {
			b := w.logLine("job")
			b = appendKV(b, "pid", r.PID)
			b = append(b, " host="...)
			b = strconv.AppendQuote(b, r.Host)
			b = append(b, " op="...)
			b = append(b, r.Op.String()...)
			b = append(b, " target="...)
			b = strconv.AppendQuote(b, r.Target)
			b = appendKV(b, "threads", r.Threads)
			b = append(b, " tag="...)
			b = strconv.AppendQuote(b, r.Tag)
			b = appendKV(b, "landAt", int(r.LandAt))
			b = appendKV(b, "start", int(r.Start))
			b = append(b, " misfire="...)
			b = strconv.AppendBool(b, r.Misfire)
			b = append(b, " result="...)
			b = strconv.AppendFloat(b, r.Result, 'g', -1, 64)
			w.writeLog(b)
		}
	case world.ProcessEnded:
		w.mix(recEnded)
		w.mix(uint64(e.At))
		w.mix(uint64(e.PID))
		w.mixString(e.Host)
		if e.Killed {
			w.mix(1)
		} else {
			w.mix(0)
		}
		if w.log != nil {
			b := w.logLine("ended")
			b = appendKV(b, "pid", e.PID)
			b = append(b, " host="...)
			b = strconv.AppendQuote(b, e.Host)
			b = append(b, " killed="...)
			b = strconv.AppendBool(b, e.Killed)
			w.writeLog(b)
		}
	case world.LevelUp:
		w.mix(recLevel)
		w.mix(uint64(e.At))
		w.mix(uint64(e.Level))
		if w.log != nil {
			w.writeLog(appendKV(w.logLine("levelup"), "level", e.Level))
		}
	case world.ServerChanged:
		w.mix(recServer)
		w.mix(uint64(e.At))
		w.mixString(e.Host)
		if w.log != nil {
			b := w.logLine("server")
			b = append(b, " host="...)
			b = strconv.AppendQuote(b, e.Host)
			w.writeLog(b)
		}
	}
}

// logLine starts a log line: the game time in ms and the record kind.
func (w *World) logLine(kind string) []byte {
	b := strconv.AppendInt(w.logBuf[:0], int64(w.now), 10)
	b = append(b, ' ')
	return append(b, kind...)
}

func appendKV(b []byte, k string, v int) []byte {
	b = append(b, ' ')
	b = append(b, k...)
	b = append(b, '=')
	return strconv.AppendInt(b, int64(v), 10)
}

func (w *World) writeLog(b []byte) {
	b = append(b, '\n')
	w.logBuf = b
	if _, err := w.log.Write(b); err != nil {
		w.logErr = fmt.Errorf("sim: writing the event log: %w", err)
		w.log = nil
	}
}

// recordBuy adds a purchase (or a server's deletion) to the hash and the
// log.
func (w *World) recordBuy(op, what string, cost float64) {
	w.mix(recBuy)
	w.mix(uint64(w.now))
	w.mixString(op)
	w.mixString(what)
	w.mix(math.Float64bits(cost))
	if w.log != nil {
		b := w.logLine("buy")
		b = append(b, " op="...)
		b = append(b, op...)
		b = append(b, " what="...)
		b = strconv.AppendQuote(b, what)
		b = append(b, " cost="...)
		b = strconv.AppendFloat(b, cost, 'g', -1, 64)
		w.writeLog(b)
	}
}
