// Package logline is the shape of a line of bbctl's log: when, how much
// it matters (a typed Level) and what. The controller, the economy service
// and the stock trader log in it; serve prints it and the dashboard colours
// and filters it by level.
package logline

import (
	"fmt"
	"strings"

	"bbctl/internal/world"
)

// Line is one line of the log.
type Line struct {
	At    world.Time
	Level Level
	Msg   string
}

// Level is how much a log line matters. Its text form (in JSON too) is
// its name in capitals, which the dashboard colours the line by.
type Level uint8

// The levels. An ERROR line means an invariant broke: every whole-system
// test fails on one.
const (
	Info    Level = iota // what the controller does
	Success              // something gained: a server rooted, a contract solved
	Warn                 // something went wrong and was handled
	Error                // an invariant broke
)

var levelNames = [...]string{Info: "INFO", Success: "SUCCESS", Warn: "WARN", Error: "ERROR"}

// Levels returns every level, most severe first.
func Levels() []Level { return []Level{Error, Warn, Success, Info} }

func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// ParseLevel returns the level named s (INFO, SUCCESS, WARN or ERROR).
func ParseLevel(s string) (Level, error) {
	for l, name := range levelNames {
		if s == name {
			return Level(l), nil
		}
	}
	var want []string
	for _, l := range Levels() {
		want = append(want, l.String())
	}
	return 0, fmt.Errorf("unknown log level %q (want one of %s)", s, strings.Join(want, ", "))
}

// MarshalText encodes l as its name.
func (l Level) MarshalText() ([]byte, error) {
	if int(l) >= len(levelNames) {
		return nil, fmt.Errorf("unknown log level %d", uint8(l))
	}
	return []byte(levelNames[l]), nil
}

// UnmarshalText decodes a level's name.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// Loud returns a log for whole-system tests: it passes every line on to
// next (when set) and reports each ERROR line with fail (t.Errorf), since
// an ERROR line means an invariant broke.
func Loud(fail func(format string, args ...any), next func(Line)) func(Line) {
	return func(l Line) {
		if l.Level == Error {
			fail("logged an error at %d ms: %s", l.At, l.Msg)
		}
		if next != nil {
			next(l)
		}
	}
}
