package contracts

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// shape summarises a contract's data: array lengths by nesting depth, the
// range of its numbers and of its string lengths.
type shape struct {
	lens       map[int][2]int
	nums, strs [2]float64
}

func newShape() *shape {
	return &shape{lens: map[int][2]int{}, nums: [2]float64{math.Inf(1), math.Inf(-1)}, strs: [2]float64{math.Inf(1), math.Inf(-1)}}
}

func widen(r *[2]float64, v float64) { r[0], r[1] = min(r[0], v), max(r[1], v) }

func (s *shape) add(v any, depth int) {
	switch x := v.(type) {
	case []any:
		r, ok := s.lens[depth]
		if !ok {
			r = [2]int{len(x), len(x)}
		}
		s.lens[depth] = [2]int{min(r[0], len(x)), max(r[1], len(x))}
		for _, e := range x {
			s.add(e, depth+1)
		}
	case json.Number:
		f, _ := x.Float64()
		widen(&s.nums, f)
	case string:
		widen(&s.strs, float64(len(x)))
	}
}

// bounds are the sizes a type's generator makes: array lengths by depth,
// number values, string lengths. Absent means none occur.
type bounds struct {
	lens       map[int][2]int
	nums, strs [2]float64
}

var (
	prices = bounds{lens: map[int][2]int{0: {3, 50}}, nums: [2]float64{1, 200}}
	none   = [2]float64{math.Inf(1), math.Inf(-1)}
)

// generatorBounds are the ranges of the game's generators, as the vector
// files describe them.
var generatorBounds = map[string]bounds{
	"Algorithmic Stock Trader I":              prices,
	"Algorithmic Stock Trader II":             prices,
	"Algorithmic Stock Trader III":            prices,
	"Algorithmic Stock Trader IV":             {lens: map[int][2]int{0: {2, 2}, 1: {3, 50}}, nums: [2]float64{1, 200}},
	"Array Jumping Game":                      {lens: map[int][2]int{0: {3, 25}}, nums: [2]float64{0, 10}},
	"Array Jumping Game II":                   {lens: map[int][2]int{0: {3, 25}}, nums: [2]float64{0, 9}},
	"Compression I: RLE Compression":          {strs: [2]float64{50, 99}},
	"Compression II: LZ Decompression":        {strs: [2]float64{10, 100}},
	"Compression III: LZ Compression":         {strs: [2]float64{50, 99}},
	"Encryption I: Caesar Cipher":             {lens: map[int][2]int{0: {2, 2}}, nums: [2]float64{1, 25}, strs: [2]float64{29, 29}},
	"Encryption II: Vigenère Cipher":          {lens: map[int][2]int{0: {2, 2}}, strs: [2]float64{7, 25}},
	"Find All Valid Math Expressions":         {lens: map[int][2]int{0: {2, 2}}, nums: [2]float64{-100, 100}, strs: [2]float64{4, 12}},
	"Find Largest Prime Factor":               {nums: [2]float64{500, 1e9}},
	"Generate IP Addresses":                   {strs: [2]float64{4, 12}},
	"HammingCodes: Encoded Binary to Integer": {strs: [2]float64{8, 64}},
	"HammingCodes: Integer to Encoded Binary": {nums: [2]float64{2, 1 << 57}},
	"Largest Rectangle in a Matrix":           {lens: map[int][2]int{0: {4, 15}, 1: {4, 15}}, nums: [2]float64{0, 1}},
	"Merge Overlapping Intervals":             {lens: map[int][2]int{0: {3, 20}, 1: {2, 2}}, nums: [2]float64{1, 35}},
	"Minimum Path Sum in a Triangle":          {lens: map[int][2]int{0: {3, 12}, 1: {1, 12}}, nums: [2]float64{1, 9}},
	"Proper 2-Coloring of a Graph":            {lens: map[int][2]int{0: {2, 2}, 1: {0, 50}, 2: {2, 2}}, nums: [2]float64{0, 14}},
	"Sanitize Parentheses in Expression":      {strs: [2]float64{6, 20}},
	"Shortest Path in a Grid":                 {lens: map[int][2]int{0: {6, 12}, 1: {6, 12}}, nums: [2]float64{0, 1}},
	"Spiralize Matrix":                        {lens: map[int][2]int{0: {1, 15}, 1: {1, 15}}, nums: [2]float64{1, 50}},
	"Square Root":                             {strs: [2]float64{200, 201}},
	"Subarray with Maximum Sum":               {lens: map[int][2]int{0: {5, 40}}, nums: [2]float64{-10, 10}},
	"Total Number of Primes":                  {lens: map[int][2]int{0: {2, 2}}, nums: [2]float64{0, 6e6}},
	"Total Ways to Sum":                       {nums: [2]float64{8, 100}},
	"Total Ways to Sum II":                    {lens: map[int][2]int{0: {2, 2}, 1: {8, 12}}, nums: [2]float64{1, 200}},
	"Unique Paths in a Grid I":                {lens: map[int][2]int{0: {2, 2}}, nums: [2]float64{2, 14}},
	"Unique Paths in a Grid II":               {lens: map[int][2]int{0: {2, 12}, 1: {2, 12}}, nums: [2]float64{0, 1}},
}

// outside reports what of s lies outside b.
func (s *shape) outside(b bounds) []string {
	var bad []string
	for d, r := range s.lens {
		br, ok := b.lens[d]
		if !ok || r[0] < br[0] || r[1] > br[1] {
			bad = append(bad, "array lengths")
		}
	}
	in := func(r, b [2]float64) bool { return r == none || (r[0] >= b[0] && r[1] <= b[1]) }
	if !in(s.nums, b.nums) {
		bad = append(bad, "numbers")
	}
	if !in(s.strs, b.strs) {
		bad = append(bad, "string lengths")
	}
	return bad
}

// TestGeneratorRanges checks that generated data, and the game's own
// vectors, stay inside the generators' documented ranges.
func TestGeneratorRanges(t *testing.T) {
	if len(generatorBounds) != len(Types()) {
		t.Errorf("bounds for %d types, want %d", len(generatorBounds), len(Types()))
	}
	for _, typ := range Types() {
		b := generatorBounds[typ]
		gen := newShape()
		r := rand.New(rand.NewPCG(9, 10))
		for range 500 {
			data, err := Generate(typ, r)
			if err != nil {
				t.Fatal(err)
			}
			v, _ := decodeJSON(data)
			gen.add(v, 0)
		}
		if bad := gen.outside(b); bad != nil {
			t.Errorf("%s: generated %v out of range: %+v", typ, bad, *gen)
		}
	}
}

func TestVectorRanges(t *testing.T) {
	for _, f := range loadVectors(t) {
		vec := newShape()
		for _, c := range f.Cases {
			v, err := decodeJSON(c.Data)
			if err != nil {
				t.Fatal(err)
			}
			vec.add(v, 0)
		}
		if bad := vec.outside(generatorBounds[f.Type]); bad != nil {
			t.Errorf("%s: vectors' %v out of the declared range: %+v", f.Type, bad, *vec)
		}
	}
}
