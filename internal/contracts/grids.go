package contracts

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
)

// Limits for graph contracts (the game makes at most 14 vertices and 49
// edges).
const (
	maxVertices = 10000
	maxEdges    = 100000
)

// binaryGrid decodes a rectangular grid of 0s and 1s.
func binaryGrid(data []byte) ([][]int64, error) {
	return grid(data, maxSide, 0, 1)
}

func solveUniquePaths2(data []byte) (any, error) {
	g, err := binaryGrid(data)
	if err != nil {
		return nil, err
	}
	cols := len(g[0])
	ways := make([]int64, cols)
	for r, row := range g {
		for c, cell := range row {
			switch {
			case cell == 1:
				ways[c] = 0
			case r == 0 && c == 0:
				ways[c] = 1
			case c > 0:
				ways[c] += ways[c-1]
			}
			if ways[c] > exactLimit {
				return nil, badData("the answer exceeds 2^53, beyond exact JavaScript numbers")
			}
		}
	}
	return ways[cols-1], nil
}

func genUniquePaths2(r *rand.Rand) any {
	rows, cols := randInt(r, 2, 12), randInt(r, 2, 12)
	g := make([][]int, rows)
	for i := range g {
		g[i] = make([]int, cols)
		for j := range g[i] {
			corner := (i == 0 && j == 0) || (i == rows-1 && j == cols-1)
			if !corner && r.Float64() < 0.15 {
				g[i][j] = 1
			}
		}
	}
	return g
}

// moves are the four steps of a grid path, in the letters the game uses.
var moves = []struct {
	dr, dc int
	letter byte
}{{-1, 0, 'U'}, {1, 0, 'D'}, {0, -1, 'L'}, {0, 1, 'R'}}

// gridDistances returns the breadth-first distance of every cell from the
// top-left cell through 0-cells (-1: unreachable), and for each reached
// cell the index in moves of the step that reached it.
func gridDistances(g [][]int64) (dist [][]int, via [][]int) {
	rows, cols := len(g), len(g[0])
	dist = make([][]int, rows)
	via = make([][]int, rows)
	for r := range dist {
		dist[r] = make([]int, cols)
		via[r] = make([]int, cols)
		for c := range dist[r] {
			dist[r][c] = -1
		}
	}
	dist[0][0] = 0
	queue := [][2]int{{0, 0}}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for m, mv := range moves {
			r, c := cur[0]+mv.dr, cur[1]+mv.dc
			if r < 0 || r >= rows || c < 0 || c >= cols || g[r][c] != 0 || dist[r][c] >= 0 {
				continue
			}
			dist[r][c] = dist[cur[0]][cur[1]] + 1
			via[r][c] = m
			queue = append(queue, [2]int{r, c})
		}
	}
	return dist, via
}

func solveShortestPath(data []byte) (any, error) {
	g, err := binaryGrid(data)
	if err != nil {
		return nil, err
	}
	dist, via := gridDistances(g)
	r, c := len(g)-1, len(g[0])-1
	d := dist[r][c]
	if d < 0 {
		return "", nil
	}
	path := make([]byte, d)
	for i := d - 1; i >= 0; i-- {
		mv := moves[via[r][c]]
		path[i] = mv.letter
		r, c = r-mv.dr, c-mv.dc
	}
	return string(path), nil
}

// checkShortestPath accepts any path through 0-cells from the top-left to
// the bottom-right cell that is no longer than the shortest; "" only when
// there is no path (or the grid is one cell).
func checkShortestPath(data []byte, sol, ans any) (bool, error) {
	g, err := binaryGrid(data)
	if err != nil {
		return false, err
	}
	path := ans.(string)
	dist, _ := gridDistances(g)
	rows, cols := len(g), len(g[0])
	d := dist[rows-1][cols-1]
	if d < 0 {
		return path == "", nil
	}
	if len(path) > d {
		return false, nil
	}
	r, c := 0, 0
	for i := 0; i < len(path); i++ {
		ok := false
		for _, mv := range moves {
			if path[i] == mv.letter {
				r, c, ok = r+mv.dr, c+mv.dc, true
			}
		}
		if !ok || r < 0 || r >= rows || c < 0 || c >= cols || g[r][c] != 0 {
			return false, nil
		}
	}
	return r == rows-1 && c == cols-1, nil
}

func genShortestPath(r *rand.Rand) any {
	rows, cols := randInt(r, 6, 12), randInt(r, 6, 12)
	dr, dc := rows-1, cols-1
	g := make([][]int, rows)
	for y := range g {
		g[y] = make([]int, cols)
		for x := range g[y] {
			if (y == 0 && x == 0) || (y == dr && x == dc) {
				continue
			}
			f := float64(min(y+x, dr-y+dc-x)) / float64(dr+dc) * 0.8
			if r.Float64() < max(0.15, f) {
				g[y][x] = 1
			}
		}
	}
	return g
}

// rect is an all-zero rectangle: rows r1..r2, columns c1..c2.
type rect struct{ r1, c1, r2, c2 int }

func (q rect) area() int { return (q.r2 - q.r1 + 1) * (q.c2 - q.c1 + 1) }

// largestRect returns an all-zero rectangle of largest area, or ok false
// if the grid has no 0.
func largestRect(g [][]int64) (best rect, ok bool) {
	cols := len(g[0])
	h := make([]int, cols) // height of the run of 0s ending at this row
	stack := make([]int, 0, cols+1)
	bestArea := 0
	for r, row := range g {
		for c, v := range row {
			if v == 0 {
				h[c]++
			} else {
				h[c] = 0
			}
		}
		stack = stack[:0]
		for c := 0; c <= cols; c++ {
			cur := 0
			if c < cols {
				cur = h[c]
			}
			for len(stack) > 0 && h[stack[len(stack)-1]] >= cur {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				left := 0
				if len(stack) > 0 {
					left = stack[len(stack)-1] + 1
				}
				if a := h[top] * (c - left); a > bestArea {
					bestArea = a
					best = rect{r - h[top] + 1, left, r, c - 1}
				}
			}
			stack = append(stack, c)
		}
	}
	return best, bestArea > 0
}

func solveRectangle(data []byte) (any, error) {
	g, err := binaryGrid(data)
	if err != nil {
		return nil, err
	}
	q, ok := largestRect(g)
	if !ok {
		return nil, badData("the grid has no 0 cell")
	}
	return [][]int64{{int64(q.r1), int64(q.c1)}, {int64(q.r2), int64(q.c2)}}, nil
}

// smallInt returns the value of a decoded JSON number if it is an integer
// of at most a million in magnitude (1.0 counts, as in JavaScript).
func smallInt(v any) (int, bool) {
	f, err := v.(json.Number).Float64()
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e6 {
		return 0, false
	}
	return int(f), true
}

// checkRectangle accepts two opposite corners, in either order, of an
// all-zero rectangle of maximal area.
func checkRectangle(data []byte, sol, ans any) (bool, error) {
	g, err := binaryGrid(data)
	if err != nil {
		return false, err
	}
	pairs := ans.([]any) // two pairs, as decodeAnswer checked
	var xy [4]int
	for i, p := range pairs {
		for j, n := range p.([]any) {
			v, ok := smallInt(n)
			if !ok {
				return false, nil
			}
			xy[2*i+j] = v
		}
	}
	q := rect{min(xy[0], xy[2]), min(xy[1], xy[3]), max(xy[0], xy[2]), max(xy[1], xy[3])}
	if q.r1 < 0 || q.c1 < 0 || q.r2 >= len(g) || q.c2 >= len(g[0]) {
		return false, nil
	}
	for r := q.r1; r <= q.r2; r++ {
		for c := q.c1; c <= q.c2; c++ {
			if g[r][c] != 0 {
				return false, nil
			}
		}
	}
	s := sol.([][]int64)
	want := rect{int(s[0][0]), int(s[0][1]), int(s[1][0]), int(s[1][1])}
	return q.area() == want.area(), nil
}

func genRectangle(r *rand.Rand) any {
	rows, cols := randInt(r, 4, 15), randInt(r, 4, 15)
	g := make([][]int, rows)
	for {
		allOnes := true
		for i := range g {
			g[i] = make([]int, cols)
			for j := range g[i] {
				if r.Float64() < 0.15 {
					g[i][j] = 1
				} else {
					allOnes = false
				}
			}
		}
		if !allOnes {
			return g
		}
	}
}

// graph is a Proper 2-Coloring contract's data.
type graph struct {
	n     int
	edges [][2]int
}

func parseGraph(data []byte) (graph, error) {
	t, err := tuple(data, 2)
	if err != nil {
		return graph{}, err
	}
	var n int64
	if err := unmarshal(t[0], &n); err != nil {
		return graph{}, err
	}
	if err := intIn("vertex count", n, 1, maxVertices); err != nil {
		return graph{}, err
	}
	var raw [][]int64
	if err := unmarshal(t[1], &raw); err != nil {
		return graph{}, err
	}
	if raw == nil || len(raw) > maxEdges {
		return graph{}, badData("want an array of at most %d edges", maxEdges)
	}
	gr := graph{n: int(n), edges: make([][2]int, len(raw))}
	for i, e := range raw {
		if err := checkInts("edge", e, 2, 2, 0, n-1); err != nil {
			return graph{}, fmt.Errorf("edge %d: %w", i, err)
		}
		gr.edges[i] = [2]int{int(e[0]), int(e[1])}
	}
	return gr, nil
}

// twoColor returns a proper 2-colouring (vertex 0 of each component gets
// colour 0), or nil if the graph has an odd cycle.
func twoColor(g graph) []int64 {
	adj := make([][]int, g.n)
	for _, e := range g.edges {
		adj[e[0]] = append(adj[e[0]], e[1])
		adj[e[1]] = append(adj[e[1]], e[0])
	}
	color := make([]int64, g.n)
	seen := make([]bool, g.n)
	for s := range g.n {
		if seen[s] {
			continue
		}
		seen[s] = true
		stack := []int{s}
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, u := range adj[v] {
				if !seen[u] {
					seen[u] = true
					color[u] = 1 - color[v]
					stack = append(stack, u)
				} else if color[u] == color[v] {
					return nil
				}
			}
		}
	}
	return color
}

func solveColoring(data []byte) (any, error) {
	g, err := parseGraph(data)
	if err != nil {
		return nil, err
	}
	if c := twoColor(g); c != nil {
		return c, nil
	}
	return []int64{}, nil
}

// checkColoring accepts any proper 2-colouring with colours 0 and 1, and
// [] only when the graph has none.
func checkColoring(data []byte, sol, ans any) (bool, error) {
	g, err := parseGraph(data)
	if err != nil {
		return false, err
	}
	a := ans.([]any)
	if len(a) == 0 {
		return len(sol.([]int64)) == 0, nil
	}
	if len(a) != g.n {
		return false, nil
	}
	color := make([]int, g.n)
	for i, v := range a {
		c, ok := smallInt(v)
		if !ok || (c != 0 && c != 1) {
			return false, nil
		}
		color[i] = c
	}
	for _, e := range g.edges {
		if color[e[0]] == color[e[1]] {
			return false, nil
		}
	}
	return true, nil
}

func genColoring(r *rand.Rand) any {
	n, m := r.IntN(5)+3, r.IntN(5)+3
	var edges [][2]int
	for i := range n {
		for j := range m {
			if r.Float64() > 0.5 {
				edges = append(edges, [2]int{i, n + j})
			}
		}
	}
	a, b := r.IntN(n+m), r.IntN(n+m)
	if a > b {
		a, b = b, a
	}
	if a != b {
		edges = append(edges, [2]int{a, b})
	}
	perm := r.Perm(n + m)
	for i, e := range edges {
		u, v := perm[e[0]], perm[e[1]]
		edges[i] = [2]int{min(u, v), max(u, v)}
	}
	r.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
	if edges == nil {
		edges = [][2]int{}
	}
	return []any{n + m, edges}
}
