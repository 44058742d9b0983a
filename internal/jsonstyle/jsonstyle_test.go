package jsonstyle

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"
)

func TestNotSnake(t *testing.T) {
	var v any
	if err := json.Unmarshal([]byte(`{"ok_key":1,"badKey":{"inner_ok":[{"AlsoBad":2}]},"phases":{"Harvest":1},"x2":[]}`), &v); err != nil {
		t.Fatal(err)
	}
	got := NotSnake("v", v, map[string]bool{"phases": true})
	sort.Strings(got)
	want := []string{"v.badKey", "v.badKey.inner_ok[].AlsoBad"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("NotSnake = %q, want %q", got, want)
	}
}
