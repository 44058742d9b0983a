// Package live connects bbctl to a running game: the agent bridge (the
// in-game agent's WebSocket at /agent), a world.World over it, and the
// server that ties the bridge to the Remote API (package rfa), pushes the
// scripts and runs the controller while the game is connected.
//
// The wire protocol is documented in docs/protocol.md.
package live

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"

	"bbctl/internal/world"
)

// Call is one relayed Netscript call: the agent looks Fn up in its table
// of literally named functions and applies it to Args.
type Call struct {
	ID   int64  `json:"id"`
	Fn   string `json:"fn"`
	Args []any  `json:"args"`
}

// Result is the outcome of one Call: a JSON value, or the text of what the
// game threw.
type Result struct {
	ID    int64           `json:"id"`
	Value json.RawMessage `json:"value,omitempty"`
	Error *string         `json:"error,omitempty"`
}

// Err returns the call's error, or nil.
func (r Result) Err() error {
	if r.Error == nil {
		return nil
	}
	return &GameError{Message: *r.Error}
}

// GameError is an error the game threw while the agent ran a call.
type GameError struct{ Message string }

func (e *GameError) Error() string { return "game: " + e.Message }

// Hello is the agent's first message.
type Hello struct {
	Token string `json:"token"`
	Agent int    `json:"agent"` // protocol version
	PID   int    `json:"pid"`   // the agent's pid
	V3    bool   `json:"v3"`    // the game has ns.cloud
	Inst  string `json:"inst"`  // random id of this run of the agent
	// Module names a module script ("contracts"); empty for the agent.
	Module string `json:"module,omitempty"`
}

// Note is a worker's report as it wrote it to its port.
type Note struct {
	Bbctl   int     `json:"bbctl"`
	PID     int     `json:"pid"`
	Op      string  `json:"op"`
	Target  string  `json:"target"`
	Tag     string  `json:"tag"`
	LandAt  float64 `json:"landAt"`
	Start   float64 `json:"start"`
	End     float64 `json:"end"`
	Misfire bool    `json:"misfire"`
	Value   float64 `json:"value"`
	Failure string  `json:"failure,omitempty"`
}

// frame is any message from the agent.
type frame struct {
	Type    string
	Hello   Hello
	Results []Result
	Notes   []Note
	Seq     int64 // of an events message, which bbctl acknowledges
}

// maxCallID bounds the ids bbctl uses.
const maxCallID = 1 << 53

// decodeFrame decodes and validates one text frame from the agent.
func decodeFrame(b []byte) (frame, error) {
	if !utf8.Valid(b) {
		return frame{}, errors.New("frame is not valid UTF-8")
	}
	var raw struct {
		Type    string            `json:"type"`
		Results []json.RawMessage `json:"results"`
		Events  []json.RawMessage `json:"events"`
		Seq     int64             `json:"seq"`
		Hello
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&raw); err != nil {
		return frame{}, fmt.Errorf("frame is not a JSON object: %w", err)
	}
	if dec.More() {
		return frame{}, errors.New("frame holds more than one JSON value")
	}
	f := frame{Type: raw.Type}
	switch raw.Type {
	case "hello":
		if raw.Token == "" {
			return frame{}, errors.New("hello without a token")
		}
		f.Hello = raw.Hello
	case "results":
		for i, r := range raw.Results {
			var res Result
			if err := json.Unmarshal(r, &res); err != nil {
				return frame{}, fmt.Errorf("result %d: %w", i, err)
			}
			if res.ID <= 0 || res.ID > maxCallID {
				return frame{}, fmt.Errorf("result %d: id %d is not one bbctl sends", i, res.ID)
			}
			f.Results = append(f.Results, res)
		}
	case "events":
		if raw.Seq < 0 || raw.Seq > maxCallID {
			return frame{}, fmt.Errorf("events seq %d out of range", raw.Seq)
		}
		f.Seq = raw.Seq
		for i, e := range raw.Events {
			var n Note
			if err := json.Unmarshal(e, &n); err != nil {
				return frame{}, fmt.Errorf("event %d: %w", i, err)
			}
			if err := n.check(); err != nil {
				return frame{}, fmt.Errorf("event %d: %w", i, err)
			}
			f.Notes = append(f.Notes, n)
		}
	default:
		return frame{}, fmt.Errorf("unknown message type %q", raw.Type)
	}
	return f, nil
}

func (n Note) check() error {
	if n.Bbctl != 1 {
		return fmt.Errorf("not a bbctl worker report (bbctl=%d)", n.Bbctl)
	}
	if n.PID <= 0 {
		return fmt.Errorf("report has pid %d", n.PID)
	}
	if _, err := parseOp(n.Op); err != nil {
		return err
	}
	for _, t := range []float64{n.LandAt, n.Start, n.End, n.Value} {
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return fmt.Errorf("report of pid %d has a non-finite number", n.PID)
		}
	}
	return nil
}

func parseOp(s string) (world.Op, error) {
	switch s {
	case "hack":
		return world.OpHack, nil
	case "grow":
		return world.OpGrow, nil
	case "weaken":
		return world.OpWeaken, nil
	}
	return 0, fmt.Errorf("report has unknown op %q", s)
}

// report converts n to a world.Report; host and threads come from bbctl's
// record of the process.
func (n Note) report(host string, threads int) world.Report {
	op, _ := parseOp(n.Op)
	return world.Report{
		PID: n.PID, Host: host, Op: op, Target: n.Target, Threads: threads, Tag: n.Tag,
		LandAt: world.Time(n.LandAt), Start: world.Time(n.Start), End: world.Time(n.End),
		Misfire: n.Misfire, Result: n.Value,
	}
}
