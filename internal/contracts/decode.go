package contracts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"bbctl/internal/input"
)

// maxDataBytes bounds the size of any contract's data; the largest the
// game makes is about 1 KB.
const maxDataBytes = 1 << 20

// badData returns an error wrapping ErrBadData.
func badData(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadData}, args...)...)
}

// decodeJSON decodes one JSON value, keeping numbers as json.Number.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", input.JSONError(b, err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("invalid JSON: text after the value")
	}
	return v, nil
}

// unmarshal decodes data (one JSON value, nothing after it) into v.
func unmarshal(data []byte, v any) error {
	if len(data) > maxDataBytes {
		return badData("%d bytes, more than %d", len(data), maxDataBytes)
	}
	// Decoding null into a Go value leaves it unchanged, so refuse null
	// anywhere: the game's data never holds one.
	if hasNull(data) {
		return badData("null in %s", clip(data))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return badData("%v", input.JSONError(data, err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badData("text after the JSON value")
	}
	return nil
}

// hasNull reports whether JSON text holds a null: an 'n' outside strings,
// the only way a JSON token can start with n. (Invalid text may give a
// false positive; it is refused either way.)
func hasNull(b []byte) bool {
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && c == 'n':
			return true
		}
	}
	return false
}

// tuple decodes data as a JSON array of exactly n elements.
func tuple(data []byte, n int) ([]json.RawMessage, error) {
	var t []json.RawMessage
	if err := unmarshal(data, &t); err != nil {
		return nil, err
	}
	if len(t) != n {
		return nil, badData("want an array of %d elements, got %d", n, len(t))
	}
	return t, nil
}

// intIn checks that v is in [lo, hi]; what names v in the error.
func intIn(what string, v, lo, hi int64) error {
	if v < lo || v > hi {
		return badData("%s = %d, want %d..%d", what, v, lo, hi)
	}
	return nil
}

// ints decodes data as an array of integers; the array length must be in
// [minLen, maxLen] and every element in [lo, hi].
func ints(data []byte, minLen, maxLen int, lo, hi int64) ([]int64, error) {
	var a []int64
	if err := unmarshal(data, &a); err != nil {
		return nil, err
	}
	if err := checkInts("array", a, minLen, maxLen, lo, hi); err != nil {
		return nil, err
	}
	return a, nil
}

// checkInts validates an array of integers named what.
func checkInts(what string, a []int64, minLen, maxLen int, lo, hi int64) error {
	if a == nil {
		return badData("%s is null", what)
	}
	if len(a) < minLen || len(a) > maxLen {
		return badData("%s has %d elements, want %d..%d", what, len(a), minLen, maxLen)
	}
	for i, v := range a {
		if v < lo || v > hi {
			return badData("%s[%d] = %d, want %d..%d", what, i, v, lo, hi)
		}
	}
	return nil
}

// grid decodes a rectangular matrix of integers with rows and columns in
// [1, maxSide] and values in [lo, hi].
func grid(data []byte, maxSide int, lo, hi int64) ([][]int64, error) {
	var g [][]int64
	if err := unmarshal(data, &g); err != nil {
		return nil, err
	}
	if len(g) < 1 || len(g) > maxSide {
		return nil, badData("%d rows, want 1..%d", len(g), maxSide)
	}
	for r, row := range g {
		if err := checkInts("row", row, 1, maxSide, lo, hi); err != nil {
			return nil, fmt.Errorf("row %d: %w", r, err)
		}
		if len(row) != len(g[0]) {
			return nil, badData("row %d has %d columns, row 0 has %d", r, len(row), len(g[0]))
		}
	}
	return g, nil
}

// exactLimit is 2^53: integers above it are not exact JavaScript numbers.
const exactLimit = 1 << 53

// integer decodes a JSON number that must hold an integer value in [lo, hi]
// (compared as float64, as JavaScript would).
func integer(data []byte, lo, hi float64) (float64, error) {
	var f float64
	if err := unmarshal(data, &f); err != nil {
		return 0, err
	}
	if f != math.Trunc(f) || f < lo || f > hi {
		return 0, badData("%v is not an integer in [%v, %v]", f, lo, hi)
	}
	return f, nil
}
