//go:build unix

package main

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalStopsFIFO checks a command blocked opening a FIFO nobody
// writes: a signal stops it within stopGrace.
func TestSignalStopsFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut lockedBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}, []string{"sim", "--scenario", fifo, "--dashboard", "off"})
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case c := <-code:
		if c != exitOK || !strings.Contains(errOut.String(), "bbctl sim: stopped") {
			t.Errorf("exit %d, stderr %q", c, errOut.String())
		}
	case <-time.After(stopGrace + time.Second):
		t.Error("sim blocked on a FIFO did not stop")
	}
}
