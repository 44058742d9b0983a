package main

import (
	"bbctl/internal/jsonstyle"
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// What bbctl prints with --json names its keys in snake_case
// (docs/architecture.md, "JSON").
func TestJSONKeysSnakeCase(t *testing.T) {
	for _, args := range [][]string{
		{"calc", "hack", "--server", "n00dles", "--json"},
		{"calc", "grow", "--server", "joesguns", "--from", "10%", "--to", "100%", "--json"},
		{"calc", "weaken", "--remove", "10", "--json"},
		{"calc", "level", "--exp", "1000", "--json"},
		{"calc", "level", "--level", "100", "--json"},
		{"calc", "cost", "--home-ram", "64GB", "--home-cores", "2", "--json"},
		{"calc", "hacknet", "--json"},
		{"contracts", "types", "--json"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr}, args); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		dec := json.NewDecoder(&stdout)
		for dec.More() {
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("%v: %v", args, err)
			}
			for _, bad := range jsonstyle.NotSnake(strings.Join(args[:2], " "), v, nil) {
				t.Errorf("%s: not snake_case", bad)
			}
		}
	}
}
