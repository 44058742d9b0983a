package dashboard

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestSnapshotDownload: /api/snapshot is there only when the hub can take
// a snapshot, serves it as a file to save, and says why when it cannot.
func TestSnapshotDownload(t *testing.T) {
	none := httptest.NewServer(New(Options{}).Handler())
	defer none.Close()
	var st StatusView
	get(t, none, "/api/status", http.StatusOK, &st)
	if st.Snapshot {
		t.Error("status offers a snapshot without a way to take one")
	}
	get(t, none, "/api/snapshot", http.StatusNotFound, nil)

	var fail atomic.Bool
	hub := New(Options{Snapshot: func(ctx context.Context) ([]byte, error) {
		if fail.Load() {
			return nil, errors.New("the agent is not connected")
		}
		return []byte(`{"name":"mygame"}` + "\n"), nil
	}})
	srv := httptest.NewServer(hub.Handler())
	defer srv.Close()
	get(t, srv, "/api/status", http.StatusOK, &st)
	if !st.Snapshot {
		t.Error("status does not offer the snapshot")
	}
	res, err := http.Get(srv.URL + "/api/snapshot")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), `filename="bbctl-snapshot.json"`) ||
		string(body) != `{"name":"mygame"}`+"\n" {
		t.Errorf("GET /api/snapshot: %d %q %q", res.StatusCode, res.Header.Get("Content-Disposition"), body)
	}
	do(t, srv, http.MethodPost, "/api/snapshot", "", nil, http.StatusMethodNotAllowed, nil)
	fail.Store(true)
	var e struct {
		Error string `json:"error"`
	}
	get(t, srv, "/api/snapshot", http.StatusServiceUnavailable, &e)
	if !strings.Contains(e.Error, "agent is not connected") {
		t.Errorf("error %q", e.Error)
	}
}
