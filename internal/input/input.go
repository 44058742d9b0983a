// Package input reads what bbctl is given from outside — files, standard
// input, FIFOs — within a size cap, and gives up when the command is
// stopped: no input can make bbctl grow without bound or hang on a signal.
package input

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
)

// Caps of the inputs bbctl reads.
const (
	// MaxConfig caps a scenario, filesync.json and similar settings.
	MaxConfig = 1 << 20
	// MaxSnapshot caps a saved ledger or world view.
	MaxSnapshot = 64 << 20
	// MaxScript caps a script file (a game script is rarely above 100 KB).
	MaxScript = 16 << 20
	// MaxLine caps one line of a JSON Lines stream.
	MaxLine = 1 << 20
)

// TooLarge is the error of an input over its cap.
type TooLarge struct {
	Name string // the file, or "standard input"
	Max  int64
}

func (e *TooLarge) Error() string {
	return fmt.Sprintf("%s: larger than %s, the most bbctl reads", e.Name, Size(e.Max))
}

// Size formats a byte count in the largest binary unit that keeps it whole
// or nearly so: "4 KB", "1 MB", "64 MB".
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadFile reads the file name, or standard input for "-" when stdin is
// given, up to max bytes; a larger input is a *TooLarge naming it. A FIFO
// or device is read like a file, with the same cap.
func ReadFile(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, name, max)
}

// ReadAll reads r to its end, up to max bytes; a larger input is a
// *TooLarge naming it.
func ReadAll(r io.Reader, name string, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(b)) > max {
		return nil, &TooLarge{Name: name, Max: max}
	}
	return b, nil
}

// Lines returns a scanner over r's lines of at most MaxLine bytes; a
// longer line ends the scan with an error that Err explains with LineError.
func Lines(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	return sc
}

// LineError explains a scanner's error for the input name: a line over
// MaxLine is named with the cap.
func LineError(name string, line int, err error) error {
	if errors.Is(err, bufio.ErrTooLong) {
		return fmt.Errorf("%s line %d: longer than %s, the most bbctl reads", name, line, Size(MaxLine))
	}
	return fmt.Errorf("%s line %d: %w", name, line, err)
}

// WithContext returns a reader of r that returns ctx's error as soon as
// ctx ends, even while a read of r is blocked (a terminal, a pipe whose
// writer is idle, a FIFO). The blocked read is abandoned: use it for
// inputs the command reads until it exits.
func WithContext(ctx context.Context, r io.Reader) io.Reader {
	return &ctxReader{ctx: ctx, r: r}
}

type ctxReader struct {
	ctx  context.Context
	r    io.Reader
	busy chan readResult // a read in flight, abandoned by an earlier call
	left []byte          // what a read returned beyond the caller's buffer
	err  error           // the error that came with left
}

type readResult struct {
	buf []byte
	err error
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if len(c.left) > 0 {
		n := copy(p, c.left)
		c.left = c.left[n:]
		if len(c.left) == 0 {
			return n, c.err
		}
		return n, nil
	}
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if c.busy == nil {
		ch := make(chan readResult, 1)
		go func(n int) {
			buf := make([]byte, n)
			k, err := c.r.Read(buf)
			ch <- readResult{buf[:k], err}
		}(len(p))
		c.busy = ch
	}
	select {
	case res := <-c.busy:
		c.busy = nil
		n := copy(p, res.buf)
		if n < len(res.buf) {
			c.left, c.err = res.buf[n:], res.err
			return n, nil
		}
		return n, res.err
	case <-c.ctx.Done():
		return 0, c.ctx.Err()
	}
}

// JSONError says what is wrong with the JSON document b in the player's
// words: where (line and column, or the field's path) and what was
// wanted, instead of the names of Go types. Other errors pass through.
func JSONError(b []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// Offset counts the bytes read, the culprit included.
		return fmt.Errorf("%s%s", where(b, max(syn.Offset-1, 0), true), strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		field := ""
		if typ.Field != "" {
			field = typ.Field + ": "
		}
		return fmt.Errorf("%s%swant %s, not %s", where(b, typ.Offset, false), field, kindWords(typ.Type), valueWords(typ.Value))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errors.New("the JSON ends early (a missing } or ]?)")
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "json: ") {
		return errors.New(strings.TrimPrefix(msg, "json: "))
	}
	return err
}

// where names the place of byte offset off in b: "line 3, column 7: "
// (or "line 3: " without col), or "column 7: " (or nothing) for a
// document of one line.
func where(b []byte, off int64, col bool) string {
	line, c := position(b, off)
	switch {
	case bytes.IndexByte(b, '\n') < 0 && col:
		return fmt.Sprintf("column %d: ", c)
	case bytes.IndexByte(b, '\n') < 0:
		return ""
	case col:
		return fmt.Sprintf("line %d, column %d: ", line, c)
	}
	return fmt.Sprintf("line %d: ", line)
}

// position returns the 1-based line and column of byte offset off in b.
func position(b []byte, off int64) (int, int) {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	line, col := 1, 1
	for _, c := range b[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

func kindWords(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number ≥ 0"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list [...]"
	case reflect.Struct, reflect.Map:
		return "an object {...}"
	case reflect.Pointer:
		return kindWords(t.Elem())
	}
	return "another value"
}

func valueWords(v string) string {
	switch {
	case v == "string":
		return "a string"
	case v == "bool":
		return "true or false"
	case v == "array":
		return "a list"
	case v == "object":
		return "an object"
	case strings.HasPrefix(v, "number"):
		if n := strings.TrimSpace(strings.TrimPrefix(v, "number")); n != "" {
			return n
		}
		return "a number"
	}
	return v
}
