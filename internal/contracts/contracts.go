// Package contracts solves, checks and generates Bitburner coding contracts.
//
// Every contract type of the game (the 27 of 2.6, Square Root of 2.7, and
// Total Number of Primes and Largest Rectangle in a Matrix of 3.0) has a pure
// solver from the contract's data, as the game hands it over in JSON, to the
// answer; a checker that judges an answer the way the game does; and a
// generator that makes data in the game's formats and size ranges.
//
// Data larger than any generator can make, by a margin, is rejected with an
// error wrapping ErrBadData, so hostile input can neither hang nor crash a
// solver.
package contracts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Errors returned by this package wrap one of these; test with errors.Is.
var (
	// ErrUnknownType is returned for a contract type the game does not have.
	ErrUnknownType = errors.New("unknown contract type")
	// ErrBadData is returned when a contract's data is malformed or too large.
	ErrBadData = errors.New("bad contract data")
	// ErrBadAnswer is returned by Check when an answer does not have the
	// shape the game's typed API accepts; the game rejects such an answer
	// without using a try.
	ErrBadAnswer = errors.New("malformed answer")
)

// Answer is a contract's answer in the forms the game's APIs accept.
type Answer struct {
	// Value is the typed answer for the v3 API: int64 or float64 for
	// numbers, string, []string, []int64, [][]int64, or *big.Int (Square
	// Root).
	Value any
	// JSON is Value as JSON text. Square Root's answer is a decimal string.
	JSON json.RawMessage
	// String is what the 2.6 string API expects: the string itself for
	// string answers, the decimal digits for Square Root, and JSON text
	// (what JSON.stringify gives) for everything else.
	String string
}

// kind is the v3 shape of a type's answer.
type kind int

const (
	kindNumber  kind = iota // number
	kindString              // string
	kindStrings             // string[]
	kindNumbers             // number[]
	kindPairs               // [number, number][]
	kindCorners             // [[number, number], [number, number]]
	kindBig                 // bigint
)

// spec describes one contract type.
type spec struct {
	name       string
	tries      int
	difficulty float64
	kind       kind
	// solve returns the answer for the data.
	solve func(data []byte) (any, error)
	// check judges a well-formed answer (JSON-decoded with UseNumber) given
	// the data and solve's answer. Nil means the answer must equal solve's.
	check func(data []byte, sol, ans any) (bool, error)
	// gen makes data as the game's generator does.
	gen func(r *rand.Rand) any
}

// specs lists every contract type the game has.
var specs = []spec{
	{name: "Algorithmic Stock Trader I", tries: 5, difficulty: 1, kind: kindNumber, solve: solveStock1, gen: genStock},
	{name: "Algorithmic Stock Trader II", tries: 10, difficulty: 2, kind: kindNumber, solve: solveStock2, gen: genStock},
	{name: "Algorithmic Stock Trader III", tries: 10, difficulty: 5, kind: kindNumber, solve: solveStock3, gen: genStock},
	{name: "Algorithmic Stock Trader IV", tries: 10, difficulty: 8, kind: kindNumber, solve: solveStock4, gen: genStock4},
	{name: "Array Jumping Game", tries: 1, difficulty: 2.5, kind: kindNumber, solve: solveJump1, gen: genJump1},
	{name: "Array Jumping Game II", tries: 3, difficulty: 3, kind: kindNumber, solve: solveJump2, gen: genJump2},
	{name: "Compression I: RLE Compression", tries: 10, difficulty: 2, kind: kindString, solve: solveRLE, check: checkRLE, gen: genRLE},
	{name: "Compression II: LZ Decompression", tries: 10, difficulty: 4, kind: kindString, solve: solveLZDecompress, gen: genLZDecompress},
	{name: "Compression III: LZ Compression", tries: 10, difficulty: 10, kind: kindString, solve: solveLZCompress, check: checkLZCompress, gen: genLZCompress},
	{name: "Encryption I: Caesar Cipher", tries: 10, difficulty: 1, kind: kindString, solve: solveCaesar, gen: genCaesar},
	{name: "Encryption II: Vigenère Cipher", tries: 10, difficulty: 2, kind: kindString, solve: solveVigenere, gen: genVigenere},
	{name: "Find All Valid Math Expressions", tries: 10, difficulty: 10, kind: kindStrings, solve: solveMathExpr, check: checkStringSet, gen: genMathExpr},
	{name: "Find Largest Prime Factor", tries: 10, difficulty: 1, kind: kindNumber, solve: solvePrimeFactor, gen: genPrimeFactor},
	{name: "Generate IP Addresses", tries: 10, difficulty: 3, kind: kindStrings, solve: solveIPs, check: checkStringSet, gen: genIPs},
	{name: "HammingCodes: Encoded Binary to Integer", tries: 10, difficulty: 8, kind: kindNumber, solve: solveHammingDecode, gen: genHammingDecode},
	{name: "HammingCodes: Integer to Encoded Binary", tries: 10, difficulty: 5, kind: kindString, solve: solveHammingEncode, gen: genHammingEncode},
	{name: "Largest Rectangle in a Matrix", tries: 10, difficulty: 6, kind: kindCorners, solve: solveRectangle, check: checkRectangle, gen: genRectangle},
	{name: "Merge Overlapping Intervals", tries: 15, difficulty: 3, kind: kindPairs, solve: solveIntervals, gen: genIntervals},
	{name: "Minimum Path Sum in a Triangle", tries: 10, difficulty: 5, kind: kindNumber, solve: solveTriangle, gen: genTriangle},
	{name: "Proper 2-Coloring of a Graph", tries: 5, difficulty: 7, kind: kindNumbers, solve: solveColoring, check: checkColoring, gen: genColoring},
	{name: "Sanitize Parentheses in Expression", tries: 10, difficulty: 10, kind: kindStrings, solve: solveParens, check: checkStringSet, gen: genParens},
	{name: "Shortest Path in a Grid", tries: 10, difficulty: 7, kind: kindString, solve: solveShortestPath, check: checkShortestPath, gen: genShortestPath},
	{name: "Spiralize Matrix", tries: 10, difficulty: 2, kind: kindNumbers, solve: solveSpiral, gen: genSpiral},
	{name: "Square Root", tries: 10, difficulty: 5, kind: kindBig, solve: solveSqrt, gen: genSqrt},
	{name: "Subarray with Maximum Sum", tries: 10, difficulty: 1, kind: kindNumber, solve: solveMaxSubarray, gen: genMaxSubarray},
	{name: "Total Number of Primes", tries: 10, difficulty: 2, kind: kindNumber, solve: solvePrimeCount, gen: genPrimeCount},
	{name: "Total Ways to Sum", tries: 10, difficulty: 1.5, kind: kindNumber, solve: solveWays1, gen: genWays1},
	{name: "Total Ways to Sum II", tries: 10, difficulty: 2, kind: kindNumber, solve: solveWays2, gen: genWays2},
	{name: "Unique Paths in a Grid I", tries: 10, difficulty: 3, kind: kindNumber, solve: solveUniquePaths1, gen: genUniquePaths1},
	{name: "Unique Paths in a Grid II", tries: 10, difficulty: 5, kind: kindNumber, solve: solveUniquePaths2, gen: genUniquePaths2},
}

// lookup returns the spec of typ.
func lookup(typ string) (*spec, error) {
	for i := range specs {
		if specs[i].name == typ {
			return &specs[i], nil
		}
	}
	return nil, fmt.Errorf("contracts: %w %q; known types: %s", ErrUnknownType, typ, strings.Join(Types(), ", "))
}

// Types returns the names of every contract type, sorted, exactly as the
// game's getContractType returns them.
func Types() []string {
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.name
	}
	return names
}

// NumTries returns how many tries the game allows for typ, or 0 for an
// unknown type.
func NumTries(typ string) int {
	s, err := lookup(typ)
	if err != nil {
		return 0
	}
	return s.tries
}

// Difficulty returns the game's difficulty rating of typ (2.6.1 values),
// which scales a contract's reward, or 0 for an unknown type.
func Difficulty(typ string) float64 {
	s, err := lookup(typ)
	if err != nil {
		return 0
	}
	return s.difficulty
}

// Solve returns the answer to a contract of type typ with the given data
// (JSON, as the game's getData returns it; Square Root's data may be a
// decimal string or a JSON integer). Where several answers are correct, it
// returns one of them.
func Solve(typ string, data json.RawMessage) (Answer, error) {
	s, err := lookup(typ)
	if err != nil {
		return Answer{}, err
	}
	v, err := s.solve(data)
	if err != nil {
		return Answer{}, fmt.Errorf("contracts: %s: %w", typ, err)
	}
	return s.answer(v)
}

// jsonStrings is a solved []string that carries its JSON text, for answers
// too large to encode twice (Find All Valid Math Expressions).
type jsonStrings struct {
	list []string
	json string
}

// value returns the answer a solver's result stands for.
func value(v any) any {
	if js, ok := v.(jsonStrings); ok {
		return js.list
	}
	return v
}

// answer builds the Answer for a solved value v.
func (s *spec) answer(v any) (Answer, error) {
	if js, ok := v.(jsonStrings); ok {
		return Answer{Value: js.list, JSON: json.RawMessage(js.json), String: js.json}, nil
	}
	a := Answer{Value: v}
	switch x := v.(type) {
	case *big.Int:
		a.String = x.String()
		a.JSON = json.RawMessage(strconv.Quote(a.String))
		return a, nil
	case string:
		a.String = x
	}
	b, err := marshal(v)
	if err != nil {
		return Answer{}, fmt.Errorf("contracts: %s: encode answer: %w", s.name, err)
	}
	a.JSON = b
	if s.kind != kindString {
		a.String = string(b)
	}
	return a, nil
}

// marshal is json.Marshal without HTML escaping, as JSON.stringify writes.
// Arrays of plain strings, the large answers, take a fast path.
func marshal(v any) ([]byte, error) {
	if a, ok := v.([]string); ok {
		if b, ok := appendPlainStrings(nil, a); ok {
			return b, nil
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// appendPlainStrings appends a as a JSON array, or reports false if a
// string needs escaping.
func appendPlainStrings(b []byte, a []string) ([]byte, bool) {
	n := 2
	for _, s := range a {
		n += len(s) + 3
	}
	b = slices.Grow(b, n)
	b = append(b, '[')
	for i, s := range a {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		for j := 0; j < len(s); j++ {
			if c := s[j]; c < ' ' || c > '~' || c == '"' || c == '\\' {
				return nil, false
			}
		}
		b = append(b, s...)
		b = append(b, '"')
	}
	return append(b, ']'), true
}

// Check reports whether answer (JSON, in the shape of the v3 typed API) is
// accepted for a contract of type typ with the given data, judging as the
// game does: set-like answers ignore order, any proper colouring, shortest
// path, minimal RLE, minimal LZ encoding or maximal rectangle is accepted.
// As in the v3 API, a JSON string given for a non-string answer is first
// converted (numbers as by parseInt, arrays as JSON text).
//
// An answer of the wrong shape gives an error wrapping ErrBadAnswer; bad
// data gives one wrapping ErrBadData.
func Check(typ string, data, answer json.RawMessage) (bool, error) {
	s, err := lookup(typ)
	if err != nil {
		return false, err
	}
	sol, err := s.solve(data)
	if err != nil {
		return false, fmt.Errorf("contracts: %s: %w", typ, err)
	}
	sol = value(sol)
	ans, err := s.decodeAnswer(answer)
	if err != nil {
		return false, fmt.Errorf("contracts: %s: %w", typ, err)
	}
	if s.check != nil {
		ok, err := s.check(data, sol, ans)
		if err != nil {
			return false, fmt.Errorf("contracts: %s: %w", typ, err)
		}
		return ok, nil
	}
	if s.kind == kindBig {
		return ans.(*big.Int).Cmp(sol.(*big.Int)) == 0, nil
	}
	want, err := s.answer(sol)
	if err != nil {
		return false, err
	}
	wantAny, err := decodeJSON(want.JSON)
	if err != nil {
		return false, fmt.Errorf("contracts: %s: %w", typ, err)
	}
	return reflect.DeepEqual(canon(ans), canon(wantAny)), nil
}

// decodeAnswer parses an answer, converts a string given for a non-string
// type, and checks its shape. Numbers stay json.Number.
func (s *spec) decodeAnswer(answer []byte) (any, error) {
	if len(answer) > maxAnswerBytes {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrBadAnswer, len(answer), maxAnswerBytes)
	}
	v, err := decodeJSON(answer)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadAnswer, err)
	}
	if str, ok := v.(string); ok && s.kind != kindString {
		switch s.kind {
		case kindBig:
			n, ok := new(big.Int).SetString(strings.TrimSpace(str), 10)
			if !ok {
				return nil, fmt.Errorf("%w: %q is not a decimal integer", ErrBadAnswer, str)
			}
			return n, nil
		case kindNumber:
			// As v3 does: parseInt, whose NaN is a well-formed wrong answer.
			n, ok := parseIntPrefix(str)
			if !ok {
				n = "NaN"
			}
			v = json.Number(n)
		default:
			if v, err = decodeJSON([]byte(str)); err != nil {
				return nil, fmt.Errorf("%w: string answer %q is not an array: %v", ErrBadAnswer, str, err)
			}
		}
	}
	if !shapeOK(s.kind, v) {
		return nil, fmt.Errorf("%w: %s is not %s", ErrBadAnswer, clip(answer), s.kind)
	}
	if s.kind == kindBig {
		n, ok := new(big.Int).SetString(string(v.(json.Number)), 10)
		if !ok {
			return nil, fmt.Errorf("%w: %s is not an integer", ErrBadAnswer, v)
		}
		return n, nil
	}
	return v, nil
}

// maxAnswerBytes bounds the size of an answer Check accepts.
const maxAnswerBytes = 64 << 20

func (k kind) String() string {
	switch k {
	case kindNumber:
		return "a number"
	case kindString:
		return "a string"
	case kindStrings:
		return "an array of strings"
	case kindNumbers:
		return "an array of numbers"
	case kindPairs:
		return "an array of [number, number] pairs"
	case kindCorners:
		return "two [number, number] corners"
	case kindBig:
		return "an integer (decimal string or number)"
	}
	return "?"
}

// shapeOK reports whether v has the shape of answers of kind k.
func shapeOK(k kind, v any) bool {
	isNum := func(v any) bool { _, ok := v.(json.Number); return ok }
	switch k {
	case kindNumber, kindBig:
		return isNum(v)
	case kindString:
		_, ok := v.(string)
		return ok
	case kindStrings, kindNumbers, kindPairs, kindCorners:
		a, ok := v.([]any)
		if !ok || (k == kindCorners && len(a) != 2) {
			return false
		}
		for _, e := range a {
			switch k {
			case kindStrings:
				if _, ok := e.(string); !ok {
					return false
				}
			case kindNumbers:
				if !isNum(e) {
					return false
				}
			case kindPairs, kindCorners:
				p, ok := e.([]any)
				if !ok || len(p) != 2 || !isNum(p[0]) || !isNum(p[1]) {
					return false
				}
			}
		}
		return true
	}
	return false
}

// canon replaces json.Number values by float64 so that values compare as
// the game compares them (JavaScript numbers).
func canon(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return string(x)
		}
		return f
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = canon(e)
		}
		return out
	}
	return v
}

// parseIntPrefix parses s as JavaScript's parseInt(s, 10) does: optional
// leading space and sign, then the longest run of decimal digits.
func parseIntPrefix(s string) (string, bool) {
	s = strings.TrimLeft(s, " \t\n\r\v\f")
	sign := ""
	if s != "" && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			sign = "-"
		}
		s = s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return "", false
	}
	return sign + s[:i], true
}

// checkStringSet accepts exactly the same set of strings as the solution,
// in any order, without duplicates.
func checkStringSet(_ []byte, sol, ans any) (bool, error) {
	want := sol.([]string)
	got := ans.([]any)
	if len(got) != len(want) {
		return false, nil
	}
	set := make(map[string]bool, len(want))
	for _, w := range want {
		set[w] = true
	}
	for _, g := range got {
		s := g.(string)
		if !set[s] {
			return false, nil
		}
		delete(set, s)
	}
	return true, nil
}

// Generate returns data for a contract of type typ, drawn from rng with the
// sizes and distributions of the game's own generator.
func Generate(typ string, rng *rand.Rand) (json.RawMessage, error) {
	s, err := lookup(typ)
	if err != nil {
		return nil, err
	}
	b, err := marshal(s.gen(rng))
	if err != nil {
		return nil, fmt.Errorf("contracts: %s: encode data: %w", typ, err)
	}
	return b, nil
}

// clip shortens b for an error message.
func clip(b []byte) string {
	const n = 60
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + "…"
}
