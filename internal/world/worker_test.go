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
		{"n00dles", "1", "2", "t", "3", "extra"},
	} {
		if _, err := ParseWorkerArgs(args); err == nil {
			t.Errorf("ParseWorkerArgs(%q) = nil error, want an error", args)
		}
	}
}

// Workers launched before StartBy existed take four arguments; a bbctl
// that adopts them must read them.
func TestParseWorkerArgsWithoutStartBy(t *testing.T) {
	got, err := ParseWorkerArgs([]string{"n00dles", "1000", "250.5", "bb:1:2"})
	want := WorkerArgs{Target: "n00dles", LandAt: 1000, Duration: 250.5, Tag: "bb:1:2"}
	if err != nil || got != want {
		t.Errorf("ParseWorkerArgs of four args = %+v, %v; want %+v", got, err, want)
	}
}

func FuzzParseWorkerArgs(f *testing.F) {
	f.Add("n00dles", "100", "49264.7", "tag", "0")
	f.Add("", "", "", "", "")
	f.Fuzz(func(t *testing.T, a, b, c, d, e string) {
		w, err := ParseWorkerArgs([]string{a, b, c, d, e})
		if err != nil {
			return
		}
		again, err := ParseWorkerArgs(w.Args())
		if err != nil || !reflect.DeepEqual(again, w) {
			t.Fatalf("re-encoding %+v: got %+v, %v", w, again, err)
		}
	})
}
