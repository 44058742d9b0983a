package contracts

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"testing"
)

// addGenerated seeds f with generated data of every type.
func addGenerated(f *testing.F, add func(i uint8, data []byte, a Answer)) {
	r := rand.New(rand.NewPCG(5, 6))
	for i, typ := range Types() {
		for range 3 {
			data, err := Generate(typ, r)
			if err != nil {
				f.Fatal(err)
			}
			a, err := Solve(typ, data)
			if err != nil {
				f.Fatal(err)
			}
			add(uint8(i), data, a)
		}
	}
}

// FuzzSolve checks that no data, however malformed, panics or hangs a
// solver, that every error is ErrBadData, and that every answer passes the
// checker. The first input picks the type.
func FuzzSolve(f *testing.F) {
	addGenerated(f, func(i uint8, data []byte, _ Answer) { f.Add(i, data) })
	types := Types()
	f.Fuzz(func(t *testing.T, i uint8, data []byte) {
		typ := types[int(i)%len(types)]
		a, err := Solve(typ, data)
		if err != nil {
			if !errors.Is(err, ErrBadData) {
				t.Fatalf("%s: Solve(%q): error %v is not ErrBadData", typ, data, err)
			}
			return
		}
		ok, err := Check(typ, data, a.JSON)
		if err != nil || !ok {
			t.Fatalf("%s: Solve(%q) = %s, but Check = %v, %v", typ, data, a.JSON, ok, err)
		}
	})
}

// FuzzCheck checks that no answer panics a checker and that errors are
// ErrBadAnswer (the data being valid).
func FuzzCheck(f *testing.F) {
	addGenerated(f, func(i uint8, data []byte, a Answer) {
		f.Add(i, data, []byte(a.JSON))
		f.Add(i, data, []byte(`[[0,0],[1,1]]`))
		f.Add(i, data, []byte(`"1a2b"`))
	})
	types := Types()
	f.Fuzz(func(t *testing.T, i uint8, data, answer []byte) {
		typ := types[int(i)%len(types)]
		if _, err := Solve(typ, data); err != nil {
			return
		}
		if _, err := Check(typ, data, json.RawMessage(answer)); err != nil && !errors.Is(err, ErrBadAnswer) {
			t.Fatalf("%s: Check(%q, %q): error %v is not ErrBadAnswer", typ, data, answer, err)
		}
	})
}
