package dashboard

import (
	"net/http"
	"regexp"
	"testing"
)

var snakeKey = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// checkSnake fails t for every object key under v that is not snake_case
// (docs/architecture.md, "JSON"). Maps keyed by data — hosts, phases — are
// named in data and skipped.
func checkSnake(t *testing.T, where string, v any, data map[string]bool) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !snakeKey.MatchString(k) {
				t.Errorf("%s: key %q is not snake_case", where, k)
			}
			if data[k] {
				continue
			}
			checkSnake(t, where+"."+k, e, data)
		}
	case []any:
		for _, e := range x {
			checkSnake(t, where+"[]", e, data)
		}
	}
}

// Everything the dashboard serves names its keys in snake_case.
func TestAPIKeysSnakeCase(t *testing.T) {
	_, srv := live(t)
	var st map[string]any
	get(t, srv, "/api/status", http.StatusOK, &st)
	checkSnake(t, "/api/status", st, map[string]bool{"phases": true})
	host := st["targets"].([]any)[0].(map[string]any)["host"].(string)
	for _, path := range []string{"/api/memory", "/api/income", "/api/contracts", "/api/stocks", "/api/economy", "/api/log",
		"/api/target?host=" + host, "/api/worker?host=home"} {
		var v any
		get(t, srv, path, http.StatusOK, &v)
		checkSnake(t, path, v, nil)
	}
}
