package game

import "testing"

// FormatRAM picks the largest unit that keeps the amount whole, and
// ParseRAM reads every figure it prints back.
func TestFormatRAM(t *testing.T) {
	for _, c := range []struct {
		r    RAM
		want string
	}{
		{0, "0GB"}, {175, "1.75GB"}, {8 * GiB, "8GB"}, {1024 * GiB, "1TB"}, {1536 * GiB, "1536GB"},
		{2048 * GiB, "2TB"}, {1 << 20 * GiB, "1PB"}, {3 << 20 * GiB, "3PB"}, {(1<<20 + 1024) * GiB, "1025TB"},
	} {
		got := FormatRAM(c.r)
		if got != c.want {
			t.Errorf("FormatRAM(%d) = %q, want %q", c.r, got, c.want)
		}
		if back, err := ParseRAM(got); err != nil || back != c.r {
			t.Errorf("ParseRAM(%q) = %d, %v; want %d", got, back, err, c.r)
		}
	}
}

// TestRAMString checks that RAM reads in the largest sensible unit.
func TestRAMString(t *testing.T) {
	for _, c := range []struct {
		r    RAM
		want string
	}{
		{0, "0GB"}, {175, "1.75GB"}, {8380, "83.8GB"}, {108 * GiB, "108GB"}, {1023 * GiB, "1023GB"},
		{1024 * GiB, "1TB"}, {1536 * GiB, "1.5TB"}, {1656988 * GiB, "1.58PB"}, {1 << 20 * GiB, "1PB"},
	} {
		if got := c.r.String(); got != c.want {
			t.Errorf("RAM(%d).String() = %q, want %q", c.r, got, c.want)
		}
	}
}
