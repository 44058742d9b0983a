package rfa

import (
	"testing"
)

func TestDecodeReply(t *testing.T) {
	for _, c := range []struct {
		in      string
		ok      bool
		id      int64
		isErr   bool
		message string
	}{
		{`{"jsonrpc":"2.0","id":3,"result":"OK"}`, true, 3, false, ""},
		{`{"jsonrpc":"2.0","id":4,"error":"Invalid file extension"}`, true, 4, true, "Invalid file extension"},
		{`{"jsonrpc":"2.0","id":5,"error":{"code":-1,"message":"boom"}}`, true, 5, true, "boom"},
		{`{"jsonrpc":"2.0","id":6}`, true, 6, false, ""},
		{`{"id":7,"result":[]}`, true, 7, false, ""},
		{`{"jsonrpc":"2.0","result":"OK"}`, false, 0, false, ""},
		{`{"jsonrpc":"2.0","id":null,"result":"OK"}`, false, 0, false, ""},
		{`{"jsonrpc":"2.0","id":1.5,"result":"OK"}`, false, 0, false, ""},
		{`{"jsonrpc":"2.0","id":-1,"result":"OK"}`, false, 0, false, ""},
		{`{"jsonrpc":"2.0","id":1e300,"result":"OK"}`, false, 0, false, ""},
		{`{"jsonrpc":"3.0","id":1,"result":"OK"}`, false, 0, false, ""},
		{`{"jsonrpc":"2.0","id":1,"method":"x"}`, false, 0, false, ""},
		{`[1,2]`, false, 0, false, ""},
		{`{"id":1} {"id":2}`, false, 0, false, ""},
		{"\xff", false, 0, false, ""},
		{``, false, 0, false, ""},
	} {
		r, err := decodeReply([]byte(c.in))
		if (err == nil) != c.ok {
			t.Errorf("decodeReply(%s): err = %v, want ok=%v", c.in, err, c.ok)
			continue
		}
		if c.ok && (r.ID != c.id || r.IsErr != c.isErr || r.Err != c.message) {
			t.Errorf("decodeReply(%s) = %+v", c.in, r)
		}
	}
}

func FuzzDecodeReply(f *testing.F) {
	for _, s := range []string{
		`{"jsonrpc":"2.0","id":3,"result":"OK"}`,
		`{"jsonrpc":"2.0","id":4,"error":"x"}`,
		`{"id":1e3,"result":{"a":[1,2]}}`,
		`{"id":"1"}`,
		`null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodeReply(b)
		if err != nil {
			return
		}
		if r.ID < 0 || r.ID > maxID {
			t.Fatalf("accepted id %d", r.ID)
		}
		if r.IsErr && r.Result != nil {
			t.Fatalf("both error and result: %+v", r)
		}
	})
}

func FuzzDecodeBinaryString(f *testing.F) {
	f.Add("abc\x00\u00ff")
	f.Add("\u0100")
	f.Fuzz(func(t *testing.T, s string) {
		b, err := DecodeBinaryString(s)
		if err != nil {
			return
		}
		var back []rune
		for _, c := range b {
			back = append(back, rune(c))
		}
		if string(back) != s {
			t.Fatalf("round trip: %q -> %v -> %q", s, b, string(back))
		}
	})
}
