package contracts

import (
	"encoding/json"
	"testing"
	"time"
)

// hardCases are instances the game's generators can make that are slower
// to solve than the "largest" vectors: the two exponential searches depend
// on the digits and the target, not only on the length. They were found by
// a random search over generator-shaped inputs.
var hardCases = map[string][]string{
	"Find All Valid Math Expressions": {
		`["111111111111",1]`, // 115,000 expressions
		`["111001100010",2]`,
		`["100000000000",0]`,
		`["999999999999",0]`,
		`["331233333222",-7]`,
	},
	"Sanitize Parentheses in Expression": {
		`")aa)()))a(a)aa))(a()"`,
		`"(a(a(a(a(a)a)a)a)a)("`,
	},
}

// benchCases returns, for typ, the "largest" vector cases (every case if
// none is marked largest) and its hard cases.
func benchCases(f vectorFile) []json.RawMessage {
	var cases []json.RawMessage
	for _, c := range f.Cases {
		if c.Origin == "largest" {
			cases = append(cases, c.Data)
		}
	}
	if len(cases) == 0 {
		for _, c := range f.Cases {
			cases = append(cases, c.Data)
		}
	}
	for _, h := range hardCases[f.Type] {
		cases = append(cases, json.RawMessage(h))
	}
	return cases
}

// BenchmarkSolve solves each type's largest instances (see benchCases).
// ns/op is the time for all of them; worst-ms is the slowest instance's
// mean time, the figure the 50 ms bar applies to.
func BenchmarkSolve(b *testing.B) {
	for _, f := range loadVectors(b) {
		cases := benchCases(f)
		b.Run(f.Type, func(b *testing.B) {
			total := make([]time.Duration, len(cases))
			n := 0
			for b.Loop() {
				for i, d := range cases {
					t0 := time.Now()
					if _, err := Solve(f.Type, d); err != nil {
						b.Fatal(err)
					}
					total[i] += time.Since(t0)
				}
				n++
			}
			var worst time.Duration
			for _, d := range total {
				worst = max(worst, d)
			}
			b.ReportMetric(float64(worst)/float64(n)/1e6, "worst-ms")
		})
	}
}

// BenchmarkAllVectors solves all 1,200 vector cases; ns/op is the total.
func BenchmarkAllVectors(b *testing.B) {
	files := loadVectors(b)
	for b.Loop() {
		for _, f := range files {
			for _, c := range f.Cases {
				if _, err := Solve(f.Type, c.Data); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}
