package contracts

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteParens deletes every subset of parentheses of the smallest size
// that leaves s balanced.
func bruteParens(s string) []string {
	var parens []int
	for i := 0; i < len(s); i++ {
		if s[i] == '(' || s[i] == ')' {
			parens = append(parens, i)
		}
	}
	balanced := func(b []byte) bool {
		open := 0
		for _, c := range b {
			switch c {
			case '(':
				open++
			case ')':
				if open--; open < 0 {
					return false
				}
			}
		}
		return open == 0
	}
	for k := 0; k <= len(parens); k++ {
		set := map[string]bool{}
		for mask := 0; mask < 1<<len(parens); mask++ {
			if popcount(mask) != k {
				continue
			}
			del := map[int]bool{}
			for j, p := range parens {
				if mask&(1<<j) != 0 {
					del[p] = true
				}
			}
			var b []byte
			for i := 0; i < len(s); i++ {
				if !del[i] {
					b = append(b, s[i])
				}
			}
			if balanced(b) {
				set[string(b)] = true
			}
		}
		if len(set) > 0 {
			var out []string
			for x := range set {
				out = append(out, x)
			}
			return out
		}
	}
	return nil
}

func popcount(x int) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

func TestSanitizeParensMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for range 300 {
		b := make([]byte, r.IntN(13))
		for i := range b {
			b[i] = "(()a"[r.IntN(4)]
		}
		got, err := sanitizeParens(string(b))
		if err != nil {
			t.Fatal(err)
		}
		want := bruteParens(string(b))
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: got %q, want %q", b, got, want)
		}
	}
}

// bruteLZ returns the length of the shortest LZ encoding of s by trying
// every sequence of chunks (exponential; short strings only).
func bruteLZ(s string) int {
	best := 1 << 30
	var try func(pos int, literal bool, length, zeros int)
	try = func(pos int, literal bool, length, zeros int) {
		if length >= best {
			return
		}
		if pos == len(s) {
			best = length
			return
		}
		if zeros < 2 { // two empty chunks in a row never help
			try(pos, !literal, length+1, zeros+1)
		}
		for l := 1; l <= 9 && pos+l <= len(s); l++ {
			if literal {
				try(pos+l, false, length+1+l, 0)
				continue
			}
			for x := 1; x <= 9 && x <= pos; x++ {
				ok := true
				for k := 0; k < l && ok; k++ {
					ok = s[pos+k] == s[pos+k-x]
				}
				if ok {
					try(pos+l, true, length+2, 0)
				}
			}
		}
	}
	try(0, true, 0, 0)
	return best
}

func TestLZEncodeIsOptimal(t *testing.T) {
	// The oracle against the game's own examples.
	for s, want := range map[string]int{"abracadabra": 10, "mississippi": 11, "aAAaAAaAaAA": 9, "2718281828": 9, "aaaaaaaaaaaaaa": 7} {
		if got := bruteLZ(s); got != want {
			t.Errorf("bruteLZ(%q) = %d, want %d", s, got, want)
		}
	}
	r := rand.New(rand.NewPCG(13, 14))
	for range 300 {
		b := make([]byte, r.IntN(13))
		alphabet := []string{"a", "ab", "abc", "abcdefghijklmnopqrstuvwxyz"}[r.IntN(4)]
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		enc := lzEncode(string(b))
		if dec, ok := lzDecode(enc); !ok || dec != string(b) {
			t.Errorf("%q: encoding %q decodes to %q, %v", b, enc, dec, ok)
		}
		if want := bruteLZ(string(b)); len(enc) != want {
			t.Errorf("%q: encoding %q has length %d, shortest is %d", b, enc, len(enc), want)
		}
	}
}

// bruteRect returns the largest area of an all-zero rectangle by trying
// every rectangle.
func bruteRect(g [][]int64) int {
	best := 0
	for r1 := range g {
		for c1 := range g[0] {
			for r2 := r1; r2 < len(g); r2++ {
				for c2 := c1; c2 < len(g[0]); c2++ {
					clear := true
					for r := r1; r <= r2 && clear; r++ {
						for c := c1; c <= c2 && clear; c++ {
							clear = g[r][c] == 0
						}
					}
					if clear {
						best = max(best, (r2-r1+1)*(c2-c1+1))
					}
				}
			}
		}
	}
	return best
}

func TestLargestRectMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for range 300 {
		g := make([][]int64, 1+r.IntN(7))
		cols := 1 + r.IntN(7)
		p := r.Float64()
		for i := range g {
			g[i] = make([]int64, cols)
			for j := range g[i] {
				if r.Float64() < p {
					g[i][j] = 1
				}
			}
		}
		q, ok := largestRect(g)
		want := bruteRect(g)
		if !ok {
			if want != 0 {
				t.Errorf("%v: no rectangle found, brute force finds area %d", g, want)
			}
			continue
		}
		if q.area() != want || bruteRect(subgrid(g, q)) != q.area() {
			t.Errorf("%v: got %+v (area %d), want area %d of zeros", g, q, q.area(), want)
		}
	}
}

// subgrid returns the cells of g inside q.
func subgrid(g [][]int64, q rect) [][]int64 {
	var s [][]int64
	for r := q.r1; r <= q.r2; r++ {
		s = append(s, g[r][q.c1:q.c2+1])
	}
	return s
}
