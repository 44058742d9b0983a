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
	} {
		if _, err := ParseWorkerArgs(args); err == nil {
			t.Errorf("ParseWorkerArgs(%q) = nil error, want an error", args)
		}
	}
}

func FuzzParseWorkerArgs(f *testing.F) {
	f.Add("n00dles", "100", "49264.7", "tag")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, a, b, c, d string) {
		w, err := ParseWorkerArgs([]string{a, b, c, d})
		if err != nil {
			return
		}
		again, err := ParseWorkerArgs(w.Args())
		if err != nil || !reflect.DeepEqual(again, w) {
			t.Fatalf("re-encoding %+v: got %+v, %v", w, again, err)
		}
	})
}
