package world

import (
	"fmt"
	"math"
	"strconv"

	"bbctl/internal/game"
)

// Op is a worker's operation.
type Op uint8

// The three worker operations.
const (
	OpHack Op = iota + 1
	OpGrow
	OpWeaken
)

// String returns "hack", "grow" or "weaken".
func (o Op) String() string {
	switch o {
	case OpHack:
		return "hack"
	case OpGrow:
		return "grow"
	case OpWeaken:
		return "weaken"
	}
	return "op(" + strconv.Itoa(int(o)) + ")"
}

// The worker scripts bbctl copies to every worker server. Each one performs
// one operation and its static RAM is that of the operation alone.
const (
	HackScript   = "bbctl/h.js"
	GrowScript   = "bbctl/g.js"
	WeakenScript = "bbctl/w.js"
)

// WorkerScripts lists the worker scripts.
func WorkerScripts() []string { return []string{HackScript, GrowScript, WeakenScript} }

// Script returns the worker script that performs o.
func (o Op) Script() string {
	switch o {
	case OpHack:
		return HackScript
	case OpGrow:
		return GrowScript
	case OpWeaken:
		return WeakenScript
	}
	return ""
}

// WorkerOp returns the operation a worker script performs, if script is one.
func WorkerOp(script string) (Op, bool) {
	switch script {
	case HackScript:
		return OpHack, true
	case GrowScript:
		return OpGrow, true
	case WeakenScript:
		return OpWeaken, true
	}
	return 0, false
}

// WorkerArgs are the arguments every worker takes: the target, the absolute
// time its operation must land, the duration the owner expects the
// operation to take when the worker calls it, the owner's tag, the latest
// time the worker may call its operation and when the owner launched it.
//
// Workers cost no more RAM than their operation (1.70 GB for hack, 1.75 GB
// for grow and weaken), so they cannot ask the game for the duration: the
// owner predicts it. At its call a worker computes
// additionalMsec = LandAt − now − Duration; if that is negative it cannot land
// on time, so it reports a misfire and does nothing. The game then fixes the
// real duration from the target's state at the call, so a wrong prediction
// moves the landing by the difference.
//
// The owner predicts the duration at the target's minimum security, which
// holds only between the landings of its batches. StartBy is the end of
// that quiet stretch: a worker that starts after it (its launch was
// delayed) would take longer than predicted and land out of order, so it
// reports a misfire instead. 0 means no limit.
//
// LaunchedAt is when the owner asked for the exec: an owner that adopts the
// worker after a restart learns from its report how long execs take to
// start, before any worker of its own has reported. 0 when not known.
type WorkerArgs struct {
	Target     string
	LandAt     Time
	Duration   float64 // expected duration of the operation, ms
	Tag        string  // owner information, opaque to the world
	StartBy    Time    // the latest time to call the operation; 0 for none
	LaunchedAt Time    // when the owner launched the worker; 0 if not known
}

// Args encodes w as script arguments.
func (w WorkerArgs) Args() []string {
	return []string{
		w.Target,
		strconv.FormatInt(int64(w.LandAt), 10),
		strconv.FormatFloat(w.Duration, 'f', -1, 64),
		w.Tag,
		strconv.FormatInt(int64(w.StartBy), 10),
		strconv.FormatInt(int64(w.LaunchedAt), 10),
	}
}

// ParseWorkerArgs decodes the arguments of a worker process. It also
// accepts those of older workers: without LaunchedAt, or without StartBy
// and LaunchedAt.
func ParseWorkerArgs(args []string) (WorkerArgs, error) {
	if len(args) < 4 || len(args) > 6 {
		return WorkerArgs{}, fmt.Errorf("worker args: want [target landAt duration tag startBy launchedAt], got %d args", len(args))
	}
	if args[0] == "" {
		return WorkerArgs{}, fmt.Errorf("worker args: empty target")
	}
	at, err := strconv.ParseInt(args[1], 10, 64)
	if err != nil {
		return WorkerArgs{}, fmt.Errorf("worker args: landAt %q is not an integer time in ms", args[1])
	}
	d, err := strconv.ParseFloat(args[2], 64)
	if err != nil || math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
		return WorkerArgs{}, fmt.Errorf("worker args: duration %q is not a non-negative number of ms", args[2])
	}
	w := WorkerArgs{Target: args[0], LandAt: Time(at), Duration: d, Tag: args[3]}
	for i, f := range []struct {
		name string
		to   *Time
	}{{"startBy", &w.StartBy}, {"launchedAt", &w.LaunchedAt}} {
		if len(args) <= 4+i {
			break
		}
		t, err := strconv.ParseInt(args[4+i], 10, 64)
		if err != nil || t < 0 {
			return WorkerArgs{}, fmt.Errorf("worker args: %s %q is not a non-negative integer time in ms", f.name, args[4+i])
		}
		*f.to = Time(t)
	}
	return w, nil
}

// Report is what a worker says when it ends.
type Report struct {
	PID     int
	Host    string // where the worker ran
	Op      Op
	Target  string
	Threads int
	Tag     string
	LandAt  Time // the planned landing time
	Start   Time // when the operation was called (or refused)
	End     Time // when it completed (or, for a misfire, when it refused)
	Misfire bool // it could not land on time and did nothing

	// Result is what the Netscript call returned: money stolen for a hack
	// (0 when it failed), the growth multiplier for a grow, the security
	// removed for a weaken.
	Result float64
}

// Worker RAM per thread: the base script cost plus the operation's cost
// (MECHANICS §4.1).
const (
	HackRAM   game.RAM = 170 // 1.70 GB
	GrowRAM   game.RAM = 175 // 1.75 GB
	WeakenRAM game.RAM = 175 // 1.75 GB
)

// RAM returns the RAM per thread of the worker that performs o.
func (o Op) RAM() game.RAM {
	switch o {
	case OpHack:
		return HackRAM
	case OpGrow:
		return GrowRAM
	case OpWeaken:
		return WeakenRAM
	}
	return 0
}
