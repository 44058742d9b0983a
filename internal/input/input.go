// Package input reads what bbctl is given from outside — files, standard
// input, FIFOs — within a size cap, and gives up when the command is
// stopped: no input can make bbctl grow without bound or hang on a signal.
package input

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
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
