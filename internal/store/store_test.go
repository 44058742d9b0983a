package store

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

var ctx = context.Background()

func samples(from, to int64, n int) []Sample {
	var out []Sample
	for u := from; u <= to; u++ {
		p := make([]float64, n)
		for i := range p {
			p[i] = float64(u) + float64(i)/10
		}
		out = append(out, Sample{Update: u, AtMs: u * 6000, Prices: p})
	}
	return out
}

func TestRoundTripAndReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	syms := []string{"ECP", "MGCP"}
	if err := s.AddSamples(ctx, "live", syms, samples(1, 10, 2)); err != nil {
		t.Fatal(err)
	}
	if err := s.AddIncome(ctx, "live", []IncomePoint{{1000, 5, 0}, {2000, 7, 2}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	gotSyms, got, err := s.Samples(ctx, "live", 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(gotSyms) != 2 || len(got) != 4 || got[0].Update != 7 || got[3].Prices[1] != 10.1 {
		t.Errorf("samples after reopen: %v %+v", gotSyms, got)
	}
	if syms, none, err := s.Samples(ctx, "sim", 10); err != nil || syms != nil || none != nil {
		t.Errorf("unknown source: %v %v %v", syms, none, err)
	}
	inc, err := s.Income(ctx, "live", 1500)
	if err != nil || len(inc) != 1 || inc[0].Money != 7 {
		t.Errorf("income: %+v %v", inc, err)
	}
	// A different symbol order means another market: the old history goes.
	if err := s.AddSamples(ctx, "live", []string{"MGCP", "ECP"}, samples(11, 11, 2)); err != nil {
		t.Fatal(err)
	}
	if _, got, _ := s.Samples(ctx, "live", 100); len(got) != 1 {
		t.Errorf("after a new symbol order: %d samples", len(got))
	}
	// A malformed sample rolls back the whole batch.
	bad := append(samples(12, 13, 2), Sample{Update: 14, Prices: []float64{1}})
	if err := s.AddSamples(ctx, "live", []string{"MGCP", "ECP"}, bad); err == nil {
		t.Error("malformed sample accepted")
	}
	if _, got, _ := s.Samples(ctx, "live", 100); len(got) != 1 {
		t.Errorf("a failed batch left %d samples", len(got))
	}
}

func TestRetention(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.AddSamples(ctx, "x", []string{"A"}, samples(1, KeepSamples+50, 1)); err != nil {
		t.Fatal(err)
	}
	_, got, err := s.Samples(ctx, "x", 1<<30)
	if err != nil || len(got) != KeepSamples || got[0].Update != 51 {
		t.Errorf("kept %d from %d, %v", len(got), got[0].Update, err)
	}
	old := int64(KeepIncomeMs) + 10
	if err := s.AddIncome(ctx, "x", []IncomePoint{{0, 1, 0}, {5, 1, 0}, {old, 2, 1}}); err != nil {
		t.Fatal(err)
	}
	if inc, _ := s.Income(ctx, "x", 0); len(inc) != 1 {
		t.Errorf("kept %d income points, want 1", len(inc))
	}
}

func TestForeignAndCorrupt(t *testing.T) {
	dir := t.TempDir()
	// Another program's SQLite database.
	foreign := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := OpenFile(foreign); !errors.Is(err, ErrForeign) {
		t.Errorf("foreign database: %v", err)
	}
	// Not a database at all.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("this is a text file, not SQLite, and it is long enough to have a header......."), 0o600)
	if _, err := OpenFile(junk); !errors.Is(err, ErrCorrupt) {
		t.Errorf("text file: %v", err)
	}
	b, _ := os.ReadFile(junk)
	if string(b[:9]) != "this is a" {
		t.Error("the foreign file was changed")
	}
	// A bbctl database with damaged pages.
	good := filepath.Join(dir, "good", FileName)
	s, err := Open(filepath.Dir(good))
	if err != nil {
		t.Fatal(err)
	}
	s.AddSamples(ctx, "live", []string{"A"}, samples(1, 3000, 1))
	s.Close()
	f, _ := os.OpenFile(good, os.O_RDWR, 0)
	st, _ := f.Stat()
	junkPage := make([]byte, 4096)
	for i := range junkPage {
		junkPage[i] = 0xA5
	}
	f.WriteAt(junkPage, st.Size()/2/4096*4096)
	f.Close()
	os.Remove(good + "-wal")
	os.Remove(good + "-shm")
	if _, err := OpenFile(good); !errors.Is(err, ErrCorrupt) {
		t.Errorf("damaged database: %v", err)
	}
	if _, err := OpenFile(dir); err == nil {
		t.Error("a directory accepted as a file")
	}
	if _, err := OpenFile(filepath.Join(dir, "a?b")); err == nil {
		t.Error("a path with '?' accepted")
	}
}

// TestKilledMidWrite kills a writer process at random moments and checks
// that the database opens, passes its integrity check and holds a prefix
// of what was written: every committed batch, nothing half-written.
func TestKilledMidWrite(t *testing.T) {
	if os.Getenv("BBCTL_STORE_WRITER") != "" {
		writer(os.Getenv("BBCTL_STORE_WRITER"))
		return
	}
	if testing.Short() {
		t.Skip("spawns writer processes")
	}
	dir := t.TempDir()
	for round := 0; round < 4; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledMidWrite$")
		cmd.Env = append(os.Environ(), "BBCTL_STORE_WRITER="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait until the writer has committed its first batch.
		if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
			t.Fatalf("round %d: writer: %v", round, err)
		}
		time.Sleep(time.Duration(20+70*round) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		s, err := Open(dir)
		if err != nil {
			t.Fatalf("round %d: after the kill: %v", round, err)
		}
		_, got, err := s.Samples(ctx, "w", 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		// Batches are 10 samples: whole batches, consecutive, none lost
		// but the oldest beyond the retention.
		if len(got) == 0 || got[len(got)-1].Update%10 != 0 {
			t.Fatalf("round %d: %d samples, not whole batches", round, len(got))
		}
		for i, sm := range got {
			if sm.Update != got[0].Update+int64(i) {
				t.Fatalf("round %d: sample %d is update %d after %d", round, i, sm.Update, got[0].Update)
			}
		}
		if got[0].Update != 1 && len(got) < KeepSamples {
			t.Errorf("round %d: %d samples from update %d: more than the retention was dropped", round, len(got), got[0].Update)
		}
		t.Logf("round %d: %d samples survived", round, len(got))
		s.Close()
	}
}

// writer appends batches of 10 samples until killed.
func writer(dir string) {
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_, have, _ := s.Samples(ctx, "w", 1<<30)
	next := int64(1)
	if len(have) > 0 {
		next = have[len(have)-1].Update + 1
	}
	first := next
	for {
		if err := s.AddSamples(ctx, "w", []string{"A", "B", "C"}, samples(next, next+9, 3)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if next == first {
			fmt.Println("writing")
		}
		next += 10
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/x/state")
	if d, err := DefaultDir(); err != nil || d != "/x/state/bbctl" {
		t.Errorf("%v %v", d, err)
	}
}
