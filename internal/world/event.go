package world

// Event is something that happened in the world, delivered by World.Next.
// The concrete types are Tick, JobDone, ProcessEnded, LevelUp and
// ServerChanged.
type Event interface {
	// When returns the game time at which the event happened.
	When() Time
}

// Tick says that the clock reached At with nothing else happening.
type Tick struct{ At Time }

// JobDone carries a worker's report: it finished its operation (or refused
// to start because it could not land on time) and exited.
type JobDone struct{ Report }

// ProcessEnded says a process other than a reporting worker ended, or that
// a process was killed (then no JobDone follows).
type ProcessEnded struct {
	At     Time
	PID    int
	Host   string
	Killed bool
}

// LevelUp says the player's hacking level rose to Level.
type LevelUp struct {
	At    Time
	Level int
}

// ServerChanged says a server appeared, disappeared or changed RAM or cores
// (a purchase, an upgrade, a deletion).
type ServerChanged struct {
	At   Time
	Host string
}

// When implements Event.
func (e Tick) When() Time { return e.At }

// When implements Event.
func (e JobDone) When() Time { return e.End }

// When implements Event.
func (e ProcessEnded) When() Time { return e.At }

// When implements Event.
func (e LevelUp) When() Time { return e.At }

// When implements Event.
func (e ServerChanged) When() Time { return e.At }
