package world

import (
	"reflect"
	"testing"
)

func TestWorkerArgsRoundTrip(t *testing.T) {
	for _, w := range []WorkerArgs{
		{Target: "n00dles", LandAt: 123456, Duration: 49264.70588235294, Tag: "bb:1:2"},
		{Target: "ecorp", LandAt: 0, Duration: 0, Tag: ""},
		{Target: "x", LandAt: 1 << 50, Duration: 1e9, Tag: "t"},
		{Target: "joesguns", LandAt: 90000, Duration: 40000.5, Tag: "bb:3:4", StartBy: 50012},
		{Target: "joesguns", LandAt: 90000, Duration: 40000.5, Tag: "bb:3:4", StartBy: 50012, LaunchedAt: 49980},
	} {
		got, err := ParseWorkerArgs(w.Args())
		if err != nil {
			t.Fatalf("ParseWorkerArgs(%q): %v", w.Args(), err)
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("round trip: got %+v, want %+v", got, w)
		}
	}
}

func TestParseWorkerArgsRejects(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"n00dles", "1", "2"},
		{"", "1", "2", "t"},
		{"n00dles", "1.5", "2", "t"},
		{"n00dles", "x", "2", "t"},
		{"n00dles", "1", "-2", "t"},
		{"n00dles", "1", "NaN", "t"},
		{"n00dles", "1", "Inf", "t"},
		{"n00dles", "1", "2", "t", "extra"},
		{"n00dles", "1", "2", "t", "-1"},
		{"n00dles", "1", "2", "t", "1.5"},
		{"n00dles", "1", "2", "t", "3", "4", "extra"},
		{"n00dles", "1", "2", "t", "3", "-4"},
		{"n00dles", "1", "2", "t", "3", "now"},
	} {
		if _, err := ParseWorkerArgs(args); err == nil {
			t.Errorf("ParseWorkerArgs(%q) = nil error, want an error", args)
		}
	}
}

// Workers launched by an older bbctl take four or five arguments; a bbctl
// that adopts them must read them.
func TestParseOlderWorkerArgs(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want WorkerArgs
	}{
		{[]string{"n00dles", "1000", "250.5", "bb:1:2"}, WorkerArgs{Target: "n00dles", LandAt: 1000, Duration: 250.5, Tag: "bb:1:2"}},
		{[]string{"n00dles", "1000", "250.5", "bb:1:2", "740"}, WorkerArgs{Target: "n00dles", LandAt: 1000, Duration: 250.5, Tag: "bb:1:2", StartBy: 740}},
	} {
		if got, err := ParseWorkerArgs(tt.args); err != nil || got != tt.want {
			t.Errorf("ParseWorkerArgs(%q) = %+v, %v; want %+v", tt.args, got, err, tt.want)
		}
	}
}

func FuzzParseWorkerArgs(f *testing.F) {
	f.Add("n00dles", "100", "49264.7", "tag", "0", "0")
	f.Add("", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, a, b, c, d, e, g string) {
		w, err := ParseWorkerArgs([]string{a, b, c, d, e, g})
		if err != nil {
			return
		}
		again, err := ParseWorkerArgs(w.Args())
		if err != nil || !reflect.DeepEqual(again, w) {
			t.Fatalf("re-encoding %+v: got %+v, %v", w, again, err)
		}
	})
}
