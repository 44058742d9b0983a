package main

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

var snakeKey = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// checkSnake fails t for every object key under v that is not snake_case.
func checkSnake(t *testing.T, where string, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !snakeKey.MatchString(k) {
				t.Errorf("%s: key %q is not snake_case", where, k)
			}
			checkSnake(t, where+"."+k, e)
		}
	case []any:
		for _, e := range x {
			checkSnake(t, where+"[]", e)
		}
	}
}

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
			checkSnake(t, strings.Join(args[:2], " "), v)
		}
	}
}
