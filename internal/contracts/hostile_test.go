package contracts

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestHostileInputs feeds the largest data each solver accepts, shaped to
// make its search as long as possible: each must end (with an answer or
// ErrBadData) rather than hang.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	tests := []struct{ typ, data string }{
		{"Sanitize Parentheses in Expression", q(strings.Repeat(")(", 32))},
		{"Sanitize Parentheses in Expression", q(strings.Repeat("(a", 16) + strings.Repeat(")a", 16))},
		{"Sanitize Parentheses in Expression", q(strings.Repeat("()(", 21))},
		{"Sanitize Parentheses in Expression", q(strings.Repeat("(()", 21))},
		{"Sanitize Parentheses in Expression", q(strings.Repeat("(a)", 10) + strings.Repeat(")", 34))},
		{"Find All Valid Math Expressions", `["0000000000000", 0]`},
		{"Find All Valid Math Expressions", `["1111111111111", 1]`},
		{"Find All Valid Math Expressions", `["9999999999999", 0]`},
		{"Total Number of Primes", `[9990000000, 10000000000]`},
		{"Find Largest Prime Factor", `999999999989`},
		{"Unique Paths in a Grid I", `[1000, 1000]`},
		{"Total Ways to Sum II", `[10000, [` + strings.TrimSuffix(strings.Repeat("1,", 1000), ",") + `]]`},
		{"Algorithmic Stock Trader IV", `[1000, [` + strings.TrimSuffix(strings.Repeat("1,2,", 500), ",") + `]]`},
		{"Compression III: LZ Compression", q(strings.Repeat("ab", 5000))},
		{"Compression II: LZ Decompression", q(strings.Repeat("1a99", 2500))},
		{"Square Root", q(strings.Repeat("9", 5000))},
		{"HammingCodes: Encoded Binary to Integer", q(strings.Repeat("1", 1024))},
		{"Proper 2-Coloring of a Graph", `[10000, [` + strings.TrimSuffix(strings.Repeat("[0,1],", 20000), ",") + `]]`},
	}
	for _, tc := range tests {
		a, err := Solve(tc.typ, json.RawMessage(tc.data))
		if err != nil && !errors.Is(err, ErrBadData) {
			t.Errorf("%s %s: %v", tc.typ, clip([]byte(tc.data)), err)
		}
		t.Logf("%s %s: %d bytes of answer, err %v", tc.typ, clip([]byte(tc.data)), len(a.JSON), err)
	}
}
