package live

import (
	"strings"
	"testing"
)

func TestDecodeFrame(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "" = ok, else a substring of the error
	}{
		{`{"type":"hello","token":"abc","agent":1,"pid":4,"v3":true}`, ""},
		{`{"type":"hello","agent":1}`, "without a token"},
		{`{"type":"results","results":[{"id":1,"value":5},{"id":2,"error":"boom"}]}`, ""},
		{`{"type":"results","results":[{"id":0,"value":5}]}`, "id 0"},
		{`{"type":"results","results":[{"id":"x"}]}`, "result 0"},
		{`{"type":"events","events":[{"bbctl":1,"pid":3,"op":"hack","target":"n00dles","tag":"t","landAt":10,"start":1,"end":10,"misfire":false,"value":5}]}`, ""},
		{`{"type":"events","events":[{"bbctl":1,"pid":3,"op":"share"}]}`, "unknown op"},
		{`{"type":"events","events":[{"bbctl":0,"pid":3,"op":"hack"}]}`, "not a bbctl worker report"},
		{`{"type":"events","events":[{"bbctl":1,"pid":-3,"op":"hack"}]}`, "pid -3"},
		{`{"type":"events","events":[7]}`, "event 0"},
		{`{"type":"launch"}`, "unknown message type"},
		{`{"type":"hello","token":"a"} {}`, "more than one"},
		{`[]`, "not a JSON object"},
		{"\xfe", "UTF-8"},
	} {
		_, err := decodeFrame([]byte(c.in))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("decodeFrame(%s): %v", c.in, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("decodeFrame(%s) = %v, want an error with %q", c.in, err, c.want)
		}
	}
}

func FuzzDecodeFrame(f *testing.F) {
	f.Add([]byte(`{"type":"hello","token":"abc","agent":1,"pid":4}`))
	f.Add([]byte(`{"type":"results","results":[{"id":1,"value":{"a":[1]}},{"id":2,"error":"x"}]}`))
	f.Add([]byte(`{"type":"events","events":[{"bbctl":1,"pid":3,"op":"grow","value":1.5}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := decodeFrame(b)
		if err != nil {
			return
		}
		for _, r := range fr.Results {
			if r.ID <= 0 || r.ID > maxCallID {
				t.Fatalf("accepted id %d", r.ID)
			}
		}
		for _, n := range fr.Notes {
			if n.check() != nil {
				t.Fatalf("accepted a bad note %+v", n)
			}
			_ = n.report("h", 1)
		}
	})
}
