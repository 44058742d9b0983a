package controller

import (
	"testing"

	"bbctl/internal/game"
)

// TestOpShare: operations take a quarter of the largest worker from
// 256 GB, half from 32 GB, and the whole of a smaller one.
func TestOpShare(t *testing.T) {
	for _, tc := range []struct {
		largest game.RAM
		want    game.RAM
	}{
		{8 * game.GiB, 1},
		{16 * game.GiB, 1},
		{32*game.GiB - 1, 1},
		{32 * game.GiB, 2},
		{128 * game.GiB, 2},
		{256*game.GiB - 1, 2},
		{256 * game.GiB, 4},
		{1024 * 1024 * game.GiB, 4},
	} {
		if got := opShare(tc.largest); got != tc.want {
			t.Errorf("opShare(%v) = %d, want %d", tc.largest, got, tc.want)
		}
	}
}
