package contracts

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestTypes(t *testing.T) {
	types := Types()
	if len(types) != 30 {
		t.Errorf("%d types, want 30", len(types))
	}
	for i := 1; i < len(types); i++ {
		if types[i-1] >= types[i] {
			t.Errorf("types not sorted: %q before %q", types[i-1], types[i])
		}
	}
	for _, typ := range types {
		if n := NumTries(typ); n < 1 {
			t.Errorf("NumTries(%q) = %d", typ, n)
		}
	}
	if n := NumTries("Nope"); n != 0 {
		t.Errorf("NumTries(unknown) = %d, want 0", n)
	}
}

func TestUnknownType(t *testing.T) {
	_, err := Solve("Find Smallest Prime Factor", json.RawMessage(`10`))
	if !errors.Is(err, ErrUnknownType) {
		t.Fatalf("Solve: err = %v, want ErrUnknownType", err)
	}
	if !strings.Contains(err.Error(), "Find Largest Prime Factor") || !strings.Contains(err.Error(), `"Find Smallest Prime Factor"`) {
		t.Errorf("error %q should name the type and list the known ones", err)
	}
	if _, err := Check("x", nil, nil); !errors.Is(err, ErrUnknownType) {
		t.Errorf("Check: err = %v, want ErrUnknownType", err)
	}
	if _, err := Generate("x", rand.New(rand.NewPCG(1, 1))); !errors.Is(err, ErrUnknownType) {
		t.Errorf("Generate: err = %v, want ErrUnknownType", err)
	}
}

// TestBadData checks that malformed or oversized data is an error naming
// the type, for every type.
func TestBadData(t *testing.T) {
	long := func(s string, n int) string { return `"` + strings.Repeat(s, n) + `"` }
	bigArray := "[" + strings.Repeat("1,", 20000) + "1]"
	common := []string{``, `null`, `{}`, `"x`, `[1,2] 3`, `true`}
	tests := map[string][]string{
		"Algorithmic Stock Trader I":              {`[1,null]`, `[1,-2]`, `[1.5]`, bigArray, `[1e400]`},
		"Algorithmic Stock Trader II":             {`[1,"2"]`, bigArray},
		"Algorithmic Stock Trader III":            {`[[1]]`},
		"Algorithmic Stock Trader IV":             {`[2]`, `[-1,[1,2]]`, `[2000,[1]]`, `[2,[1],3]`, `[2,null]`},
		"Array Jumping Game":                      {`[]`, `[-1]`},
		"Array Jumping Game II":                   {`[]`, `[1,-1]`},
		"Compression I: RLE Compression":          {`5`, `"héllo"`, `"a\nb"`, long("a", 20000)},
		"Compression II: LZ Decompression":        {`"5ab"`, `"1a20"`, `[1,null]`, `"1a2"`, `"1a9a"`, `"x"`, `"0a"`},
		"Compression III: LZ Compression":         {`["a"]`, `"\u0000"`},
		"Encryption I: Caesar Cipher":             {`["ABC",27]`, `["abc",1]`, `["ABC"]`, `[1,1]`, `["ABC",1.5]`},
		"Encryption II: Vigenère Cipher":          {`["ABC",""]`, `["ABC","ab"]`, `["A-C","AB"]`},
		"Find All Valid Math Expressions":         {`["",1]`, `["12a",1]`, `["12345678901234",1]`, `["123",1e16]`, `["123",1.5]`, `[123,1]`},
		"Find Largest Prime Factor":               {`1`, `1.5`, `-7`, `1e13`, `"12"`},
		"Generate IP Addresses":                   {`"12a4"`, `1234`, long("1", 2000)},
		"HammingCodes: Encoded Binary to Integer": {`"0101010"`, `"01"`, `"0120"`, long("0", 2048)},
		"HammingCodes: Integer to Encoded Binary": {`0`, `-5`, `2.5`, `1e20`, `"8"`},
		"Largest Rectangle in a Matrix":           {`[[1,1],[1,1]]`, `[[0,2]]`, `[[0,0],[0]]`, `[]`, `[[]]`},
		"Merge Overlapping Intervals":             {`[]`, `[[3,1]]`, `[[1,2,3]]`, `[[1]]`},
		"Minimum Path Sum in a Triangle":          {`[]`, `[[1],[2]]`, `[[1],[2,3,4]]`},
		"Proper 2-Coloring of a Graph":            {`[0,[]]`, `[3,[[0,3]]]`, `[3,[[0,-1]]]`, `[3,[[0]]]`, `[3]`, `[3,null]`, `[1e9,[]]`},
		"Sanitize Parentheses in Expression":      {`5`, long("(", 100)},
		"Shortest Path in a Grid":                 {`[[0,2]]`, `[[0],[0,0]]`, `[]`},
		"Spiralize Matrix":                        {`[]`, `[[1],[1,2]]`, `[[]]`, `[1,2]`},
		"Square Root":                             {`"-4"`, `"12x"`, `""`, `-4`, `4.5`, `[4]`, long("9", 6000)},
		"Subarray with Maximum Sum":               {`[]`, `[1e10]`},
		"Total Number of Primes":                  {`[10,5]`, `[-1,5]`, `[0,100000000]`, `[0]`, `[0,1e11]`},
		"Total Ways to Sum":                       {`0`, `500`, `2.5`},
		"Total Ways to Sum II":                    {`[10,[0,1]]`, `[10,[1,-2]]`, `[100000,[1]]`, `[10]`, `[10000,[1,2,3,4,5,6,7,8,9,10]]`},
		"Unique Paths in a Grid I":                {`[0,5]`, `[5]`, `[100,100]`},
		"Unique Paths in a Grid II":               {`[[0,2]]`, `[[0,0],[0]]`, `[[]]`, bigGrid()},
	}
	if len(tests) != len(Types()) {
		t.Errorf("bad data for %d types, want all %d", len(tests), len(Types()))
	}
	for typ, cases := range tests {
		for _, data := range append(cases, common...) {
			_, err := Solve(typ, json.RawMessage(data))
			if !errors.Is(err, ErrBadData) {
				t.Errorf("%s: Solve(%s) error = %v, want ErrBadData", typ, clip([]byte(data)), err)
				continue
			}
			if !strings.Contains(err.Error(), typ) {
				t.Errorf("%s: error %q does not name the type", typ, err)
			}
			if _, err := Check(typ, json.RawMessage(data), json.RawMessage(`0`)); !errors.Is(err, ErrBadData) {
				t.Errorf("%s: Check(%s) error = %v, want ErrBadData", typ, clip([]byte(data)), err)
			}
		}
	}
}

// bigGrid is an obstacle-free 60×60 grid, whose path count exceeds 2^53.
func bigGrid() string {
	row := "[" + strings.Repeat("0,", 59) + "0]"
	return "[" + strings.Repeat(row+",", 59) + row + "]"
}
