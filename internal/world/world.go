// Package world defines the surface of the game that bbctl's services use:
// the Netscript calls they need, the events a game produces and the worker
// protocol shared by every implementation.
//
// Two implementations exist: the simulator (package sim), a deterministic
// in-memory game with a virtual clock, and the live game (package live),
// reached through the Remote API and the in-game agent. Everything above
// World is the same code for both.
package world

import (
	"context"

	"bbctl/internal/game"
)

// Time is game time in milliseconds. The simulator counts from the start of
// the run; the live world uses Unix milliseconds, the clock the in-game
// workers read with Date.now().
type Time int64

// Seconds returns t as seconds.
func (t Time) Seconds() float64 { return float64(t) / 1000 }

// World is what bbctl may do to a game.
//
// Reads and commands return their results directly; things that happen on
// their own (a job landing, a process ending, a level-up) arrive through
// Next. Implementations are not safe for concurrent use: one driver loop
// owns a World.
type World interface {
	// Now returns the current game time.
	Now() Time

	// Next blocks until the next event and returns it. If nothing happens
	// before until, the world's clock reaches until and Next returns a Tick
	// for it. The simulator jumps its virtual clock; the live world waits.
	Next(ctx context.Context, until Time) (Event, error)

	// Player returns the player's current state.
	Player(ctx context.Context) (Player, error)

	// Scan lists the neighbours of host in the game's order (parent first).
	Scan(ctx context.Context, host string) ([]string, error)

	// Server returns the current state of host.
	Server(ctx context.Context, host string) (game.Server, error)

	// OpenPort runs the port opener prog against host.
	OpenPort(ctx context.Context, host string, prog Program) error

	// Nuke gains root on host when enough ports are open.
	Nuke(ctx context.Context, host string) error

	// Files lists the files on host.
	Files(ctx context.Context, host string) ([]string, error)

	// Copy copies files from home to host.
	Copy(ctx context.Context, host string, files ...string) error

	// Exec starts each request in order and returns one result per request.
	// A failed request does not stop the others.
	Exec(ctx context.Context, reqs []ExecRequest) []ExecResult

	// Kill ends the given processes and returns one error (or nil) per pid.
	// A killed worker does nothing and reports nothing.
	Kill(ctx context.Context, pids []int) []error

	// Ps lists the processes running on host.
	Ps(ctx context.Context, host string) ([]Process, error)
}

// Player is what the services read of the player.
type Player struct {
	Hacking      int              `json:"hacking"` // current hacking level
	HackingExp   float64          `json:"hackingExp"`
	Intelligence int              `json:"intelligence"`
	Mults        game.Multipliers `json:"mults"`
	Money        float64          `json:"money"`
	BitNode      int              `json:"bitnode"`      // current BitNode, 1..14
	BitNodeLevel int              `json:"bitnodeLevel"` // its level (Source-File level + 1)
	Programs     []Program        `json:"programs"`     // port openers owned
	TOR          bool             `json:"tor"`          // the TOR router is owned
	// Singularity is the level of the Singularity API (game.SingularityLevel):
	// 0 without it; with it bbctl buys what it would advise the player to.
	Singularity int `json:"singularity"`
}

// Person returns the part of p that the hacking formulas read.
func (p Player) Person() game.Person {
	return game.Person{Hacking: p.Hacking, Intelligence: p.Intelligence, Mults: p.Mults}
}

// Has reports whether the player owns prog.
func (p Player) Has(prog Program) bool {
	for _, q := range p.Programs {
		if q == prog {
			return true
		}
	}
	return false
}

// ExecRequest asks for Script to run on Host with Threads threads and Args.
type ExecRequest struct {
	Script    string   `json:"script"`
	Host      string   `json:"host"`
	Threads   int      `json:"threads"`
	Args      []string `json:"args"`
	Temporary bool     `json:"temporary"` // not saved with the game
}

// ExecResult is the outcome of one ExecRequest: a pid, or an error that
// wraps one of the Err* values of this package.
type ExecResult struct {
	PID int
	Err error
}

// Process is a running script as ps reports it.
type Process struct {
	PID       int      `json:"pid"`
	Host      string   `json:"host"`
	Filename  string   `json:"filename"`
	Threads   int      `json:"threads"`
	Args      []string `json:"args"`
	Temporary bool     `json:"temporary"`
	RAM       game.RAM `json:"ram"` // per thread
}
