package logline

import (
	"encoding/json"
	"testing"
)

// A level reads back from its name, in JSON too; anything else is refused.
func TestLevelText(t *testing.T) {
	for _, l := range Levels() {
		b, err := json.Marshal(Line{Level: l})
		if err != nil {
			t.Fatal(err)
		}
		var back Line
		if err := json.Unmarshal(b, &back); err != nil || back.Level != l {
			t.Errorf("%v: %s read back as %v, %v", l, b, back.Level, err)
		}
	}
	for _, s := range []string{"", "info", "FATAL", "WARNING"} {
		if _, err := ParseLevel(s); err == nil {
			t.Errorf("ParseLevel(%q) accepted", s)
		}
	}
	if _, err := json.Marshal(Level(9)); err == nil {
		t.Error("an unknown level encoded")
	}
}

// Loud reports ERROR lines and passes every line on.
func TestLoud(t *testing.T) {
	var failed, passed []string
	log := Loud(func(format string, args ...any) { failed = append(failed, format) }, func(l Line) { passed = append(passed, l.Msg) })
	for _, l := range Levels() {
		log(Line{Level: l, Msg: l.String()})
	}
	if len(failed) != 1 || len(passed) != 4 {
		t.Errorf("%d lines failed (want the ERROR one), %d passed on (want 4)", len(failed), len(passed))
	}
	Loud(func(string, ...any) {}, nil)(Line{Level: Error}) // no next: no panic
}
