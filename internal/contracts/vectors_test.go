package contracts

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"bbctl/internal/refdata"
)

// vectorFile is one file of ../shared/contracts/vectors.
type vectorFile struct {
	Type       string       `json:"type"`
	NumTries   int          `json:"numTries"`
	Difficulty float64      `json:"difficulty"`
	Check      string       `json:"check"`
	Cases      []vectorCase `json:"cases"`
}

type vectorCase struct {
	Origin string          `json:"origin"`
	Data   json.RawMessage `json:"data"`
	Answer json.RawMessage `json:"answer"`
}

// loadVectors reads every vector file, skipping tb if they are absent.
func loadVectors(tb testing.TB) []vectorFile {
	tb.Helper()
	dir := refdata.Path(tb, "contracts/vectors")
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(names) == 0 {
		tb.Fatalf("no vector files in %s: %v", dir, err)
	}
	var files []vectorFile
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		var f vectorFile
		if err := json.Unmarshal(b, &f); err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		files = append(files, f)
	}
	return files
}

func TestVectors(t *testing.T) {
	files := loadVectors(t)
	if len(files) != len(Types()) {
		t.Errorf("%d vector files, %d types", len(files), len(Types()))
	}
	for _, f := range files {
		t.Run(f.Type, func(t *testing.T) {
			if got := NumTries(f.Type); got != f.NumTries {
				t.Errorf("NumTries = %d, want %d", got, f.NumTries)
			}
			if got := Difficulty(f.Type); got != f.Difficulty {
				t.Errorf("Difficulty = %v, want %v", got, f.Difficulty)
			}
			for i, c := range f.Cases {
				got, err := Solve(f.Type, c.Data)
				if err != nil {
					t.Errorf("case %d (%s): %v", i, c.Origin, err)
					continue
				}
				if f.Check == "" && !sameJSON(t, got.JSON, c.Answer) {
					t.Errorf("case %d (%s): data %s\n got %s\nwant %s", i, c.Origin, clip(c.Data), got.JSON, c.Answer)
				}
				for _, a := range []json.RawMessage{got.JSON, c.Answer} {
					ok, err := Check(f.Type, c.Data, a)
					if err != nil || !ok {
						t.Errorf("case %d (%s): Check(%s) = %v, %v; want true", i, c.Origin, clip(a), ok, err)
					}
				}
			}
		})
	}
}

// sameJSON reports whether two JSON texts hold the same value, numbers
// compared as float64.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}
