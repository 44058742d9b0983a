package dashboard

import (
	"bbctl/internal/jsonstyle"
	"net/http"
	"testing"
)

// checkSnake fails t for every object key under v that is not snake_case.
func checkSnake(t *testing.T, where string, v any, data map[string]bool) {
	t.Helper()
	for _, bad := range jsonstyle.NotSnake(where, v, data) {
		t.Errorf("%s: not snake_case", bad)
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
