package world

import (
	"errors"
	"fmt"
)

// Reasons a call can fail. Errors returned by a World wrap one of these, so
// callers test them with errors.Is.
var (
	ErrUnknownHost    = errors.New("unknown host")
	ErrNoRoot         = errors.New("no root access")
	ErrNotEnoughRAM   = errors.New("not enough free RAM")
	ErrFileMissing    = errors.New("file not on host")
	ErrBadThreads     = errors.New("threads must be a positive integer")
	ErrBadScript      = errors.New("not a script")
	ErrNoSuchProcess  = errors.New("no such process")
	ErrNotEnoughPorts = errors.New("not enough open ports")
	ErrNoProgram      = errors.New("program not owned")
	ErrUnsupported    = errors.New("not supported by this world")
	ErrDisconnected   = errors.New("game not connected")
)

// OpError records a failed call: which call, on what, and why.
type OpError struct {
	Op   string // "exec", "kill", "nuke", …
	Host string
	What string // script or pid, when relevant
	Err  error  // one of the Err* values, possibly wrapped
}

func (e *OpError) Error() string {
	s := e.Op
	if e.What != "" {
		s += " " + e.What
	}
	if e.Host != "" {
		s += " on " + e.Host
	}
	return fmt.Sprintf("%s: %v", s, e.Err)
}

func (e *OpError) Unwrap() error { return e.Err }
