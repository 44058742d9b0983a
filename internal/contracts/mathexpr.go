package contracts

import (
	"math"
	"strconv"
	"strings"
)

// mathExpressions returns every way of putting +, -, * or nothing between
// the digits of num so that the expression evaluates to target (with *
// before + and -, and no operand with a leading zero).
//
// The search walks the digits left to right in the state (position, base,
// last): the expression so far is base + last, last being the term that a
// following * would extend. Distinct prefixes often reach the same state
// ("1+1-1" and "1-1+1"), so states with several digits left are memoised.
// The expressions found form a graph of successful states, which is
// enumerated at the end, so the cost of the output is paid once.
func mathExpressions(num string, target int64) (jsonStrings, error) {
	s := exprSearch{
		num:    num,
		target: target,
		rest:   make([]float64, len(num)+1),
		memo:   map[exprState]int32{},
		nodes:  []exprNode{{pos: len(num)}}, // node 0: the end of an expression
	}
	for i := len(num) - 1; i >= 0; i-- {
		s.rest[i], _ = strconv.ParseFloat(num[i:], 64)
	}
	root, err := s.solve(0, 0, 0)
	if err != nil {
		return jsonStrings{}, badData("%v: more than %d steps", err, maxSearchWork)
	}
	if root < 0 {
		return jsonStrings{[]string{}, "[]"}, nil
	}
	// Write the answer's JSON text once and cut the strings from it: no
	// allocation per expression, no second encoding.
	count, size := s.measure()
	if count[root] > maxResults {
		return jsonStrings{}, badData("%d expressions, more than %d", count[root], maxResults)
	}
	var e exprText
	e.text.Grow(size[root] + 3*count[root] + 1)
	e.text.WriteByte('[')
	e.spans = make([][2]int, 0, count[root])
	if err := s.emit(root, 0, make([]byte, 0, 2*len(num)), &e); err != nil {
		return jsonStrings{}, badData("%v: more than %d results", err, maxResults)
	}
	e.text.WriteByte(']')
	text := e.text.String()
	out := make([]string, len(e.spans))
	for i, sp := range e.spans {
		out[i] = text[sp[0]:sp[1]]
	}
	return jsonStrings{out, text}, nil
}

// exprText collects expressions as the text of a JSON array of strings.
type exprText struct {
	text  strings.Builder
	spans [][2]int // where each expression lies in text
}

// memoMinRest is the fewest digits left at which states are memoised;
// below it the search is cheaper than the map.
const memoMinRest = 5

type exprSearch struct {
	num    string
	target int64
	rest   []float64 // rest[i]: the number num[i:] forms
	memo   map[exprState]int32
	nodes  []exprNode // the successful states
	work   int
}

type exprState struct {
	pos        int
	base, last int64
}

// exprNode is a state from which some completion reaches the target.
type exprNode struct {
	pos   int
	edges []exprEdge // the ways on that reach it
}

// exprEdge appends an operator (none before the first operand) and the
// operand num[pos:end], leading to node child.
type exprEdge struct {
	op    byte
	end   int
	child int32
}

// solve returns the node of state (pos, base, last), or -1 if no
// completion reaches the target.
func (s *exprSearch) solve(pos int, base, last int64) (int32, error) {
	if s.work++; s.work > maxSearchWork {
		return -1, errTooMuchWork
	}
	n := len(s.num)
	if pos == n {
		if base+last == s.target {
			return 0, nil
		}
		return -1, nil
	}
	key := exprState{pos, base, last}
	memo := n-pos >= memoMinRest
	if memo {
		if id, ok := s.memo[key]; ok {
			return id, nil
		}
	}
	id, err := s.expand(pos, base, last)
	if err != nil {
		return -1, err
	}
	if memo {
		s.memo[key] = id
	}
	return id, nil
}

// expand tries every next operand and operator from state (pos, base, last).
func (s *exprSearch) expand(pos int, base, last int64) (int32, error) {
	// Whatever follows changes base + last by at most |last|·R + R, R being
	// the number the remaining digits form.
	r := s.rest[pos]
	if math.Abs(float64(s.target-base)) > (math.Abs(float64(last))*max(1, r)+r)*(1+1e-9)+1 {
		return -1, nil
	}
	var edges []exprEdge
	try := func(op byte, end int, base, last int64) error {
		child, err := s.solve(end, base, last)
		if child >= 0 {
			edges = append(edges, exprEdge{op, end, child})
		}
		return err
	}
	var cur int64
	for i := pos; i < len(s.num); i++ {
		if i > pos && s.num[pos] == '0' {
			break // no leading zeros
		}
		cur = cur*10 + int64(s.num[i]-'0')
		end := i + 1
		if pos == 0 {
			if err := try(0, end, 0, cur); err != nil {
				return -1, err
			}
			continue
		}
		if err := try('+', end, base+last, cur); err != nil {
			return -1, err
		}
		if err := try('-', end, base+last, -cur); err != nil {
			return -1, err
		}
		if err := try('*', end, base, last*cur); err != nil {
			return -1, err
		}
	}
	if len(edges) == 0 {
		return -1, nil
	}
	s.nodes = append(s.nodes, exprNode{pos, edges})
	return int32(len(s.nodes) - 1), nil
}

// measure returns, for every node, how many expressions continue from it
// and their total length. Children come before their parents in s.nodes.
func (s *exprSearch) measure() (count, size []int) {
	count = make([]int, len(s.nodes))
	size = make([]int, len(s.nodes))
	count[0] = 1
	for id := 1; id < len(s.nodes); id++ {
		node := s.nodes[id]
		for _, e := range node.edges {
			n := count[e.child]
			text := e.end - node.pos
			if e.op != 0 {
				text++
			}
			count[id] = min(count[id]+n, maxResults+1)
			size[id] += size[e.child] + n*text
		}
	}
	return count, size
}

// emit appends to out every expression through node id, reached at pos
// with the text buf.
func (s *exprSearch) emit(id int32, pos int, buf []byte, out *exprText) error {
	if id == 0 {
		if len(out.spans) >= maxResults {
			return errTooMuchWork
		}
		if len(out.spans) > 0 {
			out.text.WriteByte(',')
		}
		out.text.WriteByte('"')
		start := out.text.Len()
		out.text.Write(buf)
		out.spans = append(out.spans, [2]int{start, out.text.Len()})
		out.text.WriteByte('"')
		return nil
	}
	for _, e := range s.nodes[id].edges {
		b := buf
		if e.op != 0 {
			b = append(b, e.op)
		}
		b = append(b, s.num[pos:e.end]...)
		if err := s.emit(e.child, e.end, b, out); err != nil {
			return err
		}
	}
	return nil
}
