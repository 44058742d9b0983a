// Package refdata locates the reference files of ../shared (game data, test
// vectors) for tests. The files are read in place, never copied into the
// repository; when they are absent, tests that need them skip.
package refdata

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// EnvVar names an environment variable that, when set, overrides where the
// shared directory is looked for.
const EnvVar = "BBCTL_SHARED"

// Find returns the shared directory: $BBCTL_SHARED if set, else the
// directory "shared" beside the module root (the directory holding go.mod),
// found by walking up from the working directory.
func Find() (string, error) {
	if d := os.Getenv(EnvVar); d != "" {
		return checkDir(d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return checkDir(filepath.Join(filepath.Dir(d), "shared"))
		}
		if filepath.Dir(d) == d {
			return "", errors.New("refdata: no go.mod above the working directory")
		}
	}
}

func checkDir(d string) (string, error) {
	st, err := os.Stat(d)
	if err != nil {
		return "", err
	}
	if !st.IsDir() {
		return "", errors.New("refdata: " + d + " is not a directory")
	}
	return d, nil
}

// Path returns the path of rel inside the shared directory, or skips tb with
// a message saying what is missing.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	d, err := Find()
	if err != nil {
		tb.Skipf("reference data ../shared not found (%v); set %s to its path to run this test", err, EnvVar)
	}
	p := filepath.Join(d, rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("reference file %s not found: %v", p, err)
	}
	return p
}

// LoadJSON decodes the JSON file rel of the shared directory into v, or skips
// tb when it is absent. A file that exists but does not decode fails tb.
func LoadJSON(tb testing.TB, rel string, v any) {
	tb.Helper()
	p := Path(tb, rel)
	b, err := os.ReadFile(p)
	if err != nil {
		tb.Fatalf("read %s: %v", p, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatalf("decode %s: %v", p, err)
	}
}
