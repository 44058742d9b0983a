package game

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"bbctl/internal/refdata"
)

// vectorFile is formula-vectors.json.
type vectorFile struct {
	TotalRows int `json:"total_rows"`
	Sections  map[string]struct {
		Count int         `json:"count"`
		Rows  []vectorRow `json:"rows"`
	} `json:"sections"`
}

type vectorRow struct {
	Fn  string          `json:"fn"`
	In  json.RawMessage `json:"in"`
	Out json.RawMessage `json:"out"`
}

// integerFns are the functions whose results must match exactly.
var integerFns = map[string]bool{
	"numCycleForGrowthCorrected": true,
	"calculateSkill":             true,
	"purchasedServerLimit":       true,
	"purchasedServerMaxRam":      true,
}

func loadVectors(t testing.TB) vectorFile {
	var f vectorFile
	refdata.LoadJSON(t, "game/formula-vectors.json", &f)
	return f
}

// closeEnough reports whether got matches want: exactly for integer
// results and non-finite values, within 1e-12 relative otherwise.
func closeEnough(got, want float64, exact bool) bool {
	if math.IsNaN(want) || math.IsInf(want, 0) || exact {
		return got == want || (math.IsNaN(got) && math.IsNaN(want))
	}
	if got == want {
		return true
	}
	return math.Abs(got-want) <= 1e-12*math.Abs(want)
}

// checkOut compares a row's result with its recorded out.
func checkOut(t *testing.T, where string, row vectorRow, got any, inexact map[string]int, maxRel *float64) {
	t.Helper()
	if row.Fn == "serverConstruction" {
		var want, have map[string]Number
		if err := json.Unmarshal(row.Out, &want); err != nil {
			t.Fatalf("%s: decode out: %v", where, err)
		}
		b, _ := json.Marshal(got)
		if err := json.Unmarshal(b, &have); err != nil {
			t.Fatalf("%s: re-decode result: %v", where, err)
		}
		if len(have) != len(want) {
			t.Errorf("%s: fields %v, want %v", where, have, want)
		}
		for k, w := range want {
			if h, ok := have[k]; !ok || float64(h) != float64(w) {
				t.Errorf("%s: %s = %v, want %v", where, k, float64(h), float64(w))
			}
		}
		return
	}
	var want Number
	if err := json.Unmarshal(row.Out, &want); err != nil {
		t.Fatalf("%s: decode out %s: %v", where, row.Out, err)
	}
	g, ok := got.(Number)
	if !ok {
		t.Fatalf("%s: result %T, want a number", where, got)
	}
	if float64(g) != float64(want) && !math.IsNaN(float64(want)) {
		inexact[row.Fn]++
		if rel := math.Abs(float64(g)-float64(want)) / math.Abs(float64(want)); rel > *maxRel {
			*maxRel = rel
		}
	}
	if !closeEnough(float64(g), float64(want), integerFns[row.Fn]) {
		t.Errorf("%s: %s(%s) = %v, want %v", where, row.Fn, row.In, float64(g), float64(want))
	}
}

func TestFormulaVectors(t *testing.T) {
	f := loadVectors(t)
	total := 0
	inexact := map[string]int{} // rows within tolerance but not bit-identical
	maxRel := 0.0
	for name, sec := range f.Sections {
		if len(sec.Rows) != sec.Count {
			t.Errorf("section %s: %d rows, count says %d", name, len(sec.Rows), sec.Count)
		}
		for i, row := range sec.Rows {
			total++
			got, err := EvalRow(row.Fn, row.In)
			if err != nil {
				t.Errorf("%s[%d]: %v", name, i, err)
				continue
			}
			if row.Fn == "hackChance" {
				// v3's clamp of 1.75·L to ≥ 1 matters only below level 1;
				// every row has L ≥ 1, so both rules must agree.
				var r rowEval
				json.Unmarshal(row.In, &r.in)
				if v3 := HackChance(r.server(), r.person(), V3); Number(v3) != got {
					t.Errorf("%s[%d]: hackChance V3 %v, V261 %v", name, i, v3, got)
				}
			}
			checkOut(t, fmt.Sprintf("%s[%d]", name, i), row, got, inexact, &maxRel)
		}
	}
	t.Logf("%d rows; not bit-identical: %v; largest relative error %.3g", total, inexact, maxRel)
	if total != f.TotalRows || total != 5655 {
		t.Errorf("ran %d rows, file says %d (expected 5655)", total, f.TotalRows)
	}
}
