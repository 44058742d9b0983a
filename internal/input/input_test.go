package input

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func TestReadFileCap(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small")
	os.WriteFile(small, []byte("12345"), 0o600)
	if b, err := ReadFile(small, 5); err != nil || string(b) != "12345" {
		t.Errorf("a file at the cap: %q, %v", b, err)
	}
	_, err := ReadFile(small, 4)
	var tl *TooLarge
	if !errors.As(err, &tl) || !strings.Contains(err.Error(), small) || !strings.Contains(err.Error(), "4 bytes") {
		t.Errorf("a file over the cap: %v", err)
	}
	// An endless device stops at the cap.
	if _, err := os.Stat("/dev/zero"); err == nil {
		start := time.Now()
		if _, err := ReadFile("/dev/zero", MaxConfig); !errors.As(err, &tl) || !strings.Contains(err.Error(), "1 MB") {
			t.Errorf("/dev/zero: %v", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("/dev/zero took %v", d)
		}
	}
}

func TestLines(t *testing.T) {
	sc := Lines(strings.NewReader("a\n" + strings.Repeat("x", MaxLine+1) + "\n"))
	n := 0
	for sc.Scan() {
		n++
	}
	if n != 1 || sc.Err() == nil {
		t.Fatalf("%d lines, err %v", n, sc.Err())
	}
	if err := LineError("stdin", 2, sc.Err()); !strings.Contains(err.Error(), "stdin line 2: longer than 1 MB") {
		t.Errorf("LineError = %v", err)
	}
}

func TestWithContext(t *testing.T) {
	// Data flows through, in pieces smaller than the reads underneath.
	r := WithContext(context.Background(), iotest.HalfReader(strings.NewReader("hello, world")))
	b, err := io.ReadAll(iotest.OneByteReader(r))
	if err != nil || string(b) != "hello, world" {
		t.Errorf("ReadAll = %q, %v", b, err)
	}
	// A blocked read gives way to the context.
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	r = WithContext(ctx, pr)
	done := make(chan error, 1)
	go func() { _, err := r.Read(make([]byte, 8)); done <- err }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("read after cancel: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a blocked read ignored the context")
	}
}

// FuzzJSONError decodes any bytes into a typed value and checks that the
// error, rephrased for the player, never panics and never names Go types.
func FuzzJSONError(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":"x"}`, "{\n\"b\":[1,,]}", `[`, `{"c":{"d":true}}`, `"x"`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v struct {
			A int               `json:"a"`
			B []uint            `json:"b"`
			C map[string]string `json:"c"`
		}
		err := json.Unmarshal(b, &v)
		if err == nil {
			return
		}
		msg := JSONError(b, err).Error()
		if strings.Contains(msg, "Go struct") || strings.Contains(msg, "Go value") || strings.HasPrefix(msg, "json: ") {
			t.Errorf("%q: %q speaks Go", b, msg)
		}
	})
}
