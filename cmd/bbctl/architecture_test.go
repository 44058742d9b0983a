package main

import (
	"go/build"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// docs/architecture.md lists each package's imports of bbctl's own
// packages; the table must match the code, and name every package.
func TestArchitecture(t *testing.T) {
	doc, err := os.ReadFile("../../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| (`[^|]+) \\| ([^|]+) \\|$")
	documented := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(doc), -1) {
		imports := strings.TrimSpace(m[2])
		if imports == "—" {
			imports = ""
		}
		for _, pkg := range strings.Split(m[1], ",") {
			documented[strings.Trim(strings.TrimSpace(pkg), "`")] = imports
		}
	}
	if len(documented) == 0 {
		t.Fatal("docs/architecture.md has no import table")
	}
	root := "../../internal"
	seen := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		p, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files of the package (a test-data folder)
		}
		name := filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator)))
		var own []string
		for _, imp := range p.Imports {
			if s, ok := strings.CutPrefix(imp, "bbctl/internal/"); ok {
				own = append(own, s)
			}
		}
		sort.Strings(own)
		got := strings.Join(own, ", ")
		seen[name] = true
		want, ok := documented[name]
		switch {
		case !ok:
			t.Errorf("package %s (imports: %s) is missing from the table in docs/architecture.md", name, got)
		case want != got:
			t.Errorf("docs/architecture.md: %s imports %q; the code imports %q", name, want, got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range documented {
		if !seen[name] {
			t.Errorf("docs/architecture.md lists %s, which is not a package", name)
		}
	}
}
