package contracts

import (
	"encoding/json"
	"errors"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// seeds is how many generated contracts each property test draws per type.
const seeds = 50

// TestRoundTrip checks that the answer to generated data is accepted.
func TestRoundTrip(t *testing.T) {
	for _, typ := range Types() {
		r := rand.New(rand.NewPCG(1, 2))
		for i := range seeds {
			data, err := Generate(typ, r)
			if err != nil {
				t.Fatalf("%s: Generate: %v", typ, err)
			}
			a, err := Solve(typ, data)
			if err != nil {
				t.Fatalf("%s: Solve(%s): %v", typ, data, err)
			}
			ok, err := Check(typ, data, a.JSON)
			if err != nil || !ok {
				t.Errorf("%s #%d: Check(%s, %s) = %v, %v", typ, i, data, a.JSON, ok, err)
			}
		}
	}
}

// TestStringForm checks the 2.6 string form of answers.
func TestStringForm(t *testing.T) {
	tests := []struct {
		typ, data, json, str string
	}{
		{"Subarray with Maximum Sum", `[1,-2,3]`, `3`, `3`},
		{"Encryption I: Caesar Cipher", `["ABC XYZ", 3]`, `"XYZ UVW"`, `XYZ UVW`},
		{"Generate IP Addresses", `"1111"`, `["1.1.1.1"]`, `["1.1.1.1"]`},
		{"Sanitize Parentheses in Expression", `")("`, `[""]`, `[""]`},
		{"Find All Valid Math Expressions", `["105", 5]`, `["1*0+5","10-5"]`, `["1*0+5","10-5"]`},
		{"Merge Overlapping Intervals", `[[1,3],[8,10],[2,6],[10,16]]`, `[[1,6],[8,16]]`, `[[1,6],[8,16]]`},
		{"Square Root", `"17"`, `"4"`, `4`},
		{"Square Root", `21`, `"5"`, `5`},
		{"Shortest Path in a Grid", `[[0,1],[1,0]]`, `""`, ``},
		{"Proper 2-Coloring of a Graph", `[3, [[0,1],[0,2],[1,2]]]`, `[]`, `[]`},
		{"Proper 2-Coloring of a Graph", `[4, [[0,2],[0,3],[1,2],[1,3]]]`, `[0,0,1,1]`, `[0,0,1,1]`},
		{"HammingCodes: Integer to Encoded Binary", `8`, `"11110000"`, `11110000`},
		{"HammingCodes: Integer to Encoded Binary", `21`, `"1001101011"`, `1001101011`},
		{"HammingCodes: Encoded Binary to Integer", `"11110000"`, `8`, `8`},
		{"Compression III: LZ Compression", `"abracadabra"`, `"7abracad47"`, `7abracad47`},
		{"Compression I: RLE Compression", `"aaaaabccc"`, `"5a1b3c"`, `5a1b3c`},
		{"Largest Rectangle in a Matrix", `[[1,0,0],[0,0,0]]`, `[[0,1],[1,2]]`, `[[0,1],[1,2]]`},
		{"Total Number of Primes", `[0, 20]`, `8`, `8`},
		{"Array Jumping Game", `[0, 1]`, `0`, `0`},
	}
	for _, tc := range tests {
		a, err := Solve(tc.typ, json.RawMessage(tc.data))
		if err != nil {
			t.Errorf("%s %s: %v", tc.typ, tc.data, err)
			continue
		}
		if string(a.JSON) != tc.json || a.String != tc.str {
			t.Errorf("%s %s: JSON %s, String %q; want %s, %q", tc.typ, tc.data, a.JSON, a.String, tc.json, tc.str)
		}
	}
}

// TestDescriptionExamples solves the examples of the game's contract
// descriptions; where several answers are right, Check must accept the
// game's.
func TestDescriptionExamples(t *testing.T) {
	tests := []struct{ typ, data, answer string }{
		{"Spiralize Matrix", `[[1,2,3],[4,5,6],[7,8,9]]`, `[1,2,3,6,9,8,7,4,5]`},
		{"Spiralize Matrix", `[[1,2,3,4],[5,6,7,8],[9,10,11,12]]`, `[1,2,3,4,8,12,11,10,9,5,6,7]`},
		{"Generate IP Addresses", `"25525511135"`, `["255.255.111.35","255.255.11.135"]`},
		{"Sanitize Parentheses in Expression", `"()())()"`, `["(())()","()()()"]`},
		{"Sanitize Parentheses in Expression", `"(a)())()"`, `["(a())()","(a)()()"]`},
		{"Find All Valid Math Expressions", `["123", 6]`, `["1*2*3","1+2+3"]`},
		{"Compression I: RLE Compression", `"aAaAaA"`, `"1a1A1a1A1a1A"`},
		{"Compression I: RLE Compression", `"111112333"`, `"511233"`},
		{"Compression I: RLE Compression", `"zzzzzzzzzzzzzzzzzzz"`, `"9z8z2z"`},
		{"Compression II: LZ Decompression", `"5aaabb450723abb"`, `"aaabbaaababababaabb"`},
		{"Compression III: LZ Compression", `"mississippi"`, `"4miss433ppi"`},
		{"Compression III: LZ Compression", `"aAAaAAaAaAA"`, `"3aAA53035"`},
		{"Compression III: LZ Compression", `"2718281828"`, `"627182844"`},
		{"Compression III: LZ Compression", `"abcdefghijk"`, `"9abcdefghi02jk"`},
		{"Compression III: LZ Compression", `"aaaaaaaaaaaa"`, `"3aaa91"`},
		{"Compression III: LZ Compression", `"aaaaaaaaaaaaa"`, `"1a91031"`},
		{"Compression III: LZ Compression", `"aaaaaaaaaaaaaa"`, `"1a91041"`},
		{"Shortest Path in a Grid", `[[0,1,0,0,0],[0,0,0,1,0]]`, `"DRRURRD"`},
		{"Largest Rectangle in a Matrix", `[[0,0,0,1],[0,0,0,0],[0,0,1,0],[0,0,0,1]]`, `[[0,0],[3,1]]`},
		{"Total Ways to Sum", `4`, `4`},
		{"Minimum Path Sum in a Triangle", `[[2],[3,4],[6,5,7],[4,1,8,3]]`, `11`},
	}
	for _, tc := range tests {
		ok, err := Check(tc.typ, json.RawMessage(tc.data), json.RawMessage(tc.answer))
		if err != nil || !ok {
			t.Errorf("%s %s: Check(%s) = %v, %v", tc.typ, tc.data, tc.answer, ok, err)
		}
	}
}

// TestCheck judges answers that are right in another form, wrong, or
// malformed.
func TestCheck(t *testing.T) {
	type verdict int
	const (
		right verdict = iota
		wrong
		malformed
	)
	tests := []struct {
		typ, data, answer string
		want              verdict
	}{
		// Numbers: compared as JavaScript numbers; a string is parsed.
		{"Subarray with Maximum Sum", `[1,-2,3]`, `3`, right},
		{"Subarray with Maximum Sum", `[1,-2,3]`, `3.0`, right},
		{"Subarray with Maximum Sum", `[1,-2,3]`, `"3"`, right},
		{"Subarray with Maximum Sum", `[1,-2,3]`, `4`, wrong},
		{"Subarray with Maximum Sum", `[1,-2,3]`, `"x"`, wrong}, // parseInt gives NaN
		{"Subarray with Maximum Sum", `[1,-2,3]`, `" 3 apples"`, right},
		{"Subarray with Maximum Sum", `[1,-2,3]`, `[3]`, malformed},
		{"Subarray with Maximum Sum", `[1,-2,3]`, `3 4`, malformed},
		{"Array Jumping Game", `[0,1]`, `1`, wrong},
		{"Array Jumping Game II", `[2,3,1,1,4]`, `2`, right},
		{"Array Jumping Game II", `[3,2,1,0,4]`, `0`, right},
		{"HammingCodes: Encoded Binary to Integer", `"0111000100110101110010101010110110011110111111000000110111110000"`, `84835390698819056`, right},
		{"HammingCodes: Encoded Binary to Integer", `"0111000100110101110010101010110110011110111111000000110111110000"`, `84835390698819070`, wrong},
		// Strings.
		{"Encryption II: Vigenère Cipher", `["DASHBOARD","LINUX"]`, `"OIFBYZIEX"`, right},
		{"Encryption II: Vigenère Cipher", `["DASHBOARD","LINUX"]`, `"OIFBYZIEY"`, wrong},
		{"Encryption II: Vigenère Cipher", `["DASHBOARD","LINUX"]`, `["OIFBYZIEX"]`, malformed},
		// Sets of strings: any order, no extras, no duplicates, none missing.
		{"Generate IP Addresses", `"25525511135"`, `["255.255.11.135","255.255.111.35"]`, right},
		{"Generate IP Addresses", `"25525511135"`, `["255.255.11.135"]`, wrong},
		{"Generate IP Addresses", `"25525511135"`, `["255.255.11.135","255.255.11.135"]`, wrong},
		{"Generate IP Addresses", `"25525511135"`, `["255.255.11.135","255.255.111.35","2.5.5.2"]`, wrong},
		{"Generate IP Addresses", `"25525511135"`, `"255.255.11.135"`, malformed},
		{"Generate IP Addresses", `"25525511135"`, `"[\"255.255.111.35\",\"255.255.11.135\"]"`, right},
		{"Sanitize Parentheses in Expression", `")("`, `[""]`, right},
		{"Sanitize Parentheses in Expression", `")("`, `[]`, wrong},
		{"Find All Valid Math Expressions", `["00", 1]`, `[]`, right},
		{"Find All Valid Math Expressions", `["00", 1]`, `[""]`, wrong},
		{"Find All Valid Math Expressions", `["105", 5]`, `["10-5","1*0+5"]`, right},
		{"Find All Valid Math Expressions", `["105", 5]`, `["10-5","1*0+5","1*05"]`, wrong},
		{"Find All Valid Math Expressions", `["105", 5]`, `["10-5",5]`, malformed},
		// Proper 2-colouring: any proper colouring; [] only if none.
		{"Proper 2-Coloring of a Graph", `[4, [[0,2],[0,3],[1,2],[1,3]]]`, `[1,1,0,0]`, right},
		{"Proper 2-Coloring of a Graph", `[4, [[0,2],[0,3],[1,2],[1,3]]]`, `[0,1,1,0]`, wrong},
		{"Proper 2-Coloring of a Graph", `[4, [[0,2],[0,3],[1,2],[1,3]]]`, `[0,0,1]`, wrong},
		{"Proper 2-Coloring of a Graph", `[4, [[0,2],[0,3],[1,2],[1,3]]]`, `[0,0,2,2]`, wrong},
		{"Proper 2-Coloring of a Graph", `[4, [[0,2],[0,3],[1,2],[1,3]]]`, `[]`, wrong},
		{"Proper 2-Coloring of a Graph", `[3, [[0,1],[0,2],[1,2]]]`, `[]`, right},
		{"Proper 2-Coloring of a Graph", `[3, [[0,1],[0,2],[1,2]]]`, `[0,1,0]`, wrong},
		{"Proper 2-Coloring of a Graph", `[3, [[0,1]]]`, `[1,0,1]`, right},
		{"Proper 2-Coloring of a Graph", `[3, [[0,1]]]`, `[1.0,0,1]`, right},
		{"Proper 2-Coloring of a Graph", `[3, [[0,1]]]`, `[0.5,0,1]`, wrong},
		// Shortest path: any valid path of shortest length.
		{"Shortest Path in a Grid", `[[0,0],[0,0]]`, `"RD"`, right},
		{"Shortest Path in a Grid", `[[0,0],[0,0]]`, `"DR"`, right},
		{"Shortest Path in a Grid", `[[0,0],[0,0]]`, `"DRLR"`, wrong},
		{"Shortest Path in a Grid", `[[0,0],[0,0]]`, `"D"`, wrong},
		{"Shortest Path in a Grid", `[[0,0],[0,0]]`, `""`, wrong},
		{"Shortest Path in a Grid", `[[0,1],[0,0]]`, `"RD"`, wrong},
		{"Shortest Path in a Grid", `[[0,0],[0,0]]`, `"XD"`, wrong},
		{"Shortest Path in a Grid", `[[0,1],[1,0]]`, `""`, right},
		{"Shortest Path in a Grid", `[[0,1],[1,0]]`, `"DR"`, wrong},
		{"Shortest Path in a Grid", `[[0]]`, `""`, right},
		// RLE: any minimal encoding.
		{"Compression I: RLE Compression", `"zzzzzzzzzzzzzzzzzzz"`, `"9z9z1z"`, right},
		{"Compression I: RLE Compression", `"zzzzzzzzzzzzzzzzzzz"`, `"9z5z5z"`, right},
		{"Compression I: RLE Compression", `"zzzzzzzzzzzzzzzzzzz"`, `"9z9z0a1z"`, wrong},
		{"Compression I: RLE Compression", `"zzzzzzzzzzzzzzzzzzz"`, `"9z9z2z"`, wrong},
		{"Compression I: RLE Compression", `"aa"`, `"1a1a"`, wrong},
		{"Compression I: RLE Compression", `"aa"`, `"2a3"`, wrong},
		// LZ: decodes to the data and is no longer than optimal.
		{"Compression III: LZ Compression", `"abracadabra"`, `"7abracad47"`, right},
		{"Compression III: LZ Compression", `"abracadabra"`, `"7abracad4701a"`, wrong},
		{"Compression III: LZ Compression", `"abracadabra"`, `"9abracadab02ra"`, wrong},
		{"Compression III: LZ Compression", `"abracadabra"`, `"7abracad48"`, wrong},
		{"Compression III: LZ Compression", `"aaaaaaaaaaaaaa"`, `"1a91041"`, right},
		{"Compression III: LZ Compression", `"aaaaaaaaaaaaaa"`, `"1a91051"`, wrong},
		// Largest rectangle: any maximal all-zero rectangle, corners in any order.
		{"Largest Rectangle in a Matrix", `[[1,0,0],[0,0,0]]`, `[[1,2],[0,1]]`, right},
		{"Largest Rectangle in a Matrix", `[[1,0,0],[0,0,0]]`, `[[0,2],[1,1]]`, right},
		{"Largest Rectangle in a Matrix", `[[1,0,0],[0,0,0]]`, `[[1,0],[1,2]]`, wrong},
		{"Largest Rectangle in a Matrix", `[[1,0,0],[0,0,0]]`, `[[0,0],[1,1]]`, wrong},
		{"Largest Rectangle in a Matrix", `[[1,0,0],[0,0,0]]`, `[[0,1],[1,3]]`, wrong},
		{"Largest Rectangle in a Matrix", `[[1,0,0],[0,0,0]]`, `[[0,1],[-1,2]]`, wrong},
		{"Largest Rectangle in a Matrix", `[[0,1,0],[0,1,0]]`, `[[0,2],[1,2]]`, right},
		{"Largest Rectangle in a Matrix", `[[0,1,0],[0,1,0]]`, `[[0,2.0],[1,2]]`, right},
		{"Largest Rectangle in a Matrix", `[[0,1,0],[0,1,0]]`, `[[0,1.5],[1,2]]`, wrong},
		{"Largest Rectangle in a Matrix", `[[1,0,0],[0,0,0]]`, `[[0,1]]`, malformed},
		{"Largest Rectangle in a Matrix", `[[1,0,0],[0,0,0]]`, `[[0,1],[1,2,3]]`, malformed},
		// Exact arrays.
		{"Merge Overlapping Intervals", `[[1,3],[8,10],[2,6],[10,16]]`, `[[1,6],[8,16]]`, right},
		{"Merge Overlapping Intervals", `[[1,3],[8,10],[2,6],[10,16]]`, `[[8,16],[1,6]]`, wrong},
		{"Merge Overlapping Intervals", `[[1,3],[8,10],[2,6],[10,16]]`, `[[1,6],[8,10],[10,16]]`, wrong},
		{"Spiralize Matrix", `[[1,2],[3,4]]`, `[1,2,4,3]`, right},
		{"Spiralize Matrix", `[[1,2],[3,4]]`, `[1,2,3,4]`, wrong},
		{"Spiralize Matrix", `[[1,2],[3,4]]`, `[1,2,4]`, wrong},
		// Square Root: a decimal string or a number.
		{"Square Root", `"1000000"`, `"1000"`, right},
		{"Square Root", `"1000000"`, `1000`, right},
		{"Square Root", `"1000000"`, `" 1000 "`, right},
		{"Square Root", `"1000000"`, `"1001"`, wrong},
		{"Square Root", `"1000000"`, `"1e3"`, malformed},
		{"Square Root", `"1000000"`, `1000.5`, malformed},
		{"Square Root", `"1000000"`, `[1000]`, malformed},
		{"Square Root", `"1000000"`, `not json`, malformed},
	}
	for _, tc := range tests {
		ok, err := Check(tc.typ, json.RawMessage(tc.data), json.RawMessage(tc.answer))
		var got verdict
		switch {
		case errors.Is(err, ErrBadAnswer):
			got = malformed
		case err != nil:
			t.Errorf("%s %s: Check(%s): unexpected error %v", tc.typ, tc.data, tc.answer, err)
			continue
		case ok:
			got = right
		default:
			got = wrong
		}
		if got != tc.want {
			t.Errorf("%s %s: Check(%s) = %v, %v; want verdict %d, got %d", tc.typ, tc.data, tc.answer, ok, err, tc.want, got)
		}
	}
}

// TestCheckRejectsMutations checks, on generated contracts of every type,
// that answers made wrong in a way that matters are rejected.
func TestCheckRejectsMutations(t *testing.T) {
	for _, typ := range Types() {
		s, _ := lookup(typ)
		r := rand.New(rand.NewPCG(3, 4))
		for range seeds {
			data, _ := Generate(typ, r)
			a, err := Solve(typ, data)
			if err != nil {
				t.Fatalf("%s: %v", typ, err)
			}
			for _, bad := range mutations(s.kind, a) {
				ok, err := Check(typ, data, bad)
				if ok {
					t.Errorf("%s: data %s: wrong answer %s accepted (right: %s)", typ, data, bad, a.JSON)
				}
				if err != nil && !errors.Is(err, ErrBadAnswer) {
					t.Errorf("%s: data %s: answer %s: %v", typ, data, bad, err)
				}
			}
		}
	}
}

// mutations returns answers that differ from a in ways no checker may
// accept.
func mutations(k kind, a Answer) []json.RawMessage {
	enc := func(v any) json.RawMessage { b, _ := marshal(v); return b }
	var out []json.RawMessage
	switch v := a.Value.(type) {
	case int64:
		out = append(out, enc(v+1), enc(v-1), enc("x"), enc([]int64{v}))
	case float64:
		out = append(out, enc(v*2+1), enc(-v))
	case string:
		out = append(out, enc(v+"U"), enc(strings.Repeat("R", len(v)+1)), enc([]string{v}))
		if len(v) > 0 {
			out = append(out, enc(v[:len(v)-1]))
		}
	case []string:
		out = append(out, enc(append(slices.Clone(v), "1+1")))
		if len(v) > 0 {
			out = append(out, enc(v[1:]), enc(append(slices.Clone(v), v[0])))
		}
	case []int64:
		if len(v) > 0 {
			w := slices.Clone(v)
			w[0] += 2 // still a number, no longer a colour
			out = append(out, enc(w), enc(v[1:]))
			if k == kindNumbers && len(v) > 1 && v[0] != v[1] { // spiral: order matters
				w := slices.Clone(v)
				w[0], w[1] = w[1], w[0]
				out = append(out, enc(w))
			}
		}
	case [][]int64:
		w := slices.Clone(v)
		w = append(w, []int64{1000, 1001})
		out = append(out, enc(w))
		if len(v) > 0 {
			first := slices.Clone(v[0])
			first[1] += 1000
			out = append(out, enc(append([][]int64{first}, v[1:]...)))
		}
	case *big.Int:
		out = append(out, enc(new(big.Int).Add(v, big.NewInt(1)).String()), enc(new(big.Int).Sub(v, big.NewInt(1)).String()))
	}
	return out
}
