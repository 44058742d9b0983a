// Package jsonstyle checks bbctl's one JSON naming style: every key of
// what bbctl prints or serves is snake_case (docs/architecture.md, "JSON").
// The tests of the commands and of the dashboard use it.
package jsonstyle

import "regexp"

var snake = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// NotSnake returns where under v (a decoded JSON value) an object key is
// not snake_case, as "where.key" paths. The values of the keys in data are
// maps keyed by data (hosts, phases) and are not looked into.
func NotSnake(where string, v any, data map[string]bool) []string {
	var bad []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !snake.MatchString(k) {
				bad = append(bad, where+"."+k)
			}
			if !data[k] {
				bad = append(bad, NotSnake(where+"."+k, e, data)...)
			}
		}
	case []any:
		for _, e := range x {
			bad = append(bad, NotSnake(where+"[]", e, data)...)
		}
	}
	return bad
}
