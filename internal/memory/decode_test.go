package memory

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeRoundTrip(t *testing.T) {
	s, v := healthy(t)
	var sb, vb bytes.Buffer
	if err := json.NewEncoder(&sb).Encode(s); err != nil {
		t.Fatal(err)
	}
	if err := json.NewEncoder(&vb).Encode(v); err != nil {
		t.Fatal(err)
	}
	s2, err := DecodeSnapshot(&sb)
	if err != nil {
		t.Fatalf("DecodeSnapshot: %v", err)
	}
	v2, err := DecodeWorldView(&vb)
	if err != nil {
		t.Fatalf("DecodeWorldView: %v", err)
	}
	if !reflect.DeepEqual(s, s2) || !reflect.DeepEqual(v, v2) {
		t.Errorf("round trip changed the data")
	}
	if ps := Check(s2, v2); len(ps) != 0 {
		t.Errorf("decoded healthy pair: %v", ps)
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{``, "EOF"},
		{`{"workers":[]} {}`, "trailing data"},
		{`{"workers":[],"extra":1}`, "unknown field"},
		{`{"workers":[{"host":"a","total":1.5}]}`, "cannot unmarshal"},
		{`{"workers":[{"host":""}]}`, "workers[0]: empty host"},
		{`{"workers":[{"host":"a"},{"host":"a"}]}`, `workers[1] ("a"): duplicate host`},
		{`{"workers":[{"host":"a","reserved":-1}]}`, "reserved RAM -1 out of range"},
		{`{"workers":[{"host":"a","cores":-2}]}`, "-2 cores"},
		{`{"allocations":[{"id":0,"owner":{"controller":true},"chunk_size":1}]}`, "zero id"},
		{`{"allocations":[{"id":1,"owner":{"controller":true},"chunk_size":1},{"id":1,"owner":{"controller":true},"chunk_size":1}]}`, "duplicate id"},
		{`{"allocations":[{"id":1,"owner":{},"chunk_size":1}]}`, "owner pid 0"},
		{`{"allocations":[{"id":1,"owner":{"pid":3},"chunk_size":0}]}`, "chunk size 0"},
		{`{"allocations":[{"id":1,"owner":{"pid":3},"chunk_size":5,"count":-1}]}`, "negative chunk count"},
		{`{"allocations":[{"id":1,"owner":{"pid":3},"chunk_size":5,"chunks":[{"host":"","n":1}]}]}`, "chunks[0]"},
		{`{"allocations":[{"id":1,"owner":{"pid":3},"chunk_size":5,"claims":[{"pid":-4,"host":"a","chunk_size":5,"num_chunks":1}]}]}`, "claims[0] (pid -4"},
	} {
		if _, err := DecodeSnapshot(strings.NewReader(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("DecodeSnapshot(%s): %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{`{"servers":[{"host":""}]}`, "servers[0]: empty host"},
		{`{"servers":[{"host":"a"},{"host":"a"}]}`, "duplicate host"},
		{`{"servers":[{"host":"a","max_ram":-8}]}`, "RAM out of range"},
		{`{"servers":[{"host":"a","processes":[{"pid":0,"threads":1}]}]}`, "pid 0 is not positive"},
		{`{"servers":[{"host":"a","processes":[{"pid":1,"threads":0}]}]}`, "0 threads"},
		{`{"servers":[{"host":"a","processes":[{"pid":1,"host":"b","threads":1}]}]}`, `is on "b"`},
		{`{"servers":[{"host":"a","processes":[{"pid":1,"threads":1,"ram":-1}]}]}`, "out of range"},
		{`{"servers":[{"host":"a","processes":[{"pid":1,"threads":1,"ram":1125899906842624},{"pid":2,"threads":1,"ram":1}]}]}`, "processes use more"},
		{`{"servers":[],"x":1}`, "unknown field"},
	} {
		if _, err := DecodeWorldView(strings.NewReader(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("DecodeWorldView(%s): %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestWorkersAndLargestFree(t *testing.T) {
	l := newLedger(t, Config{}, srv("home", 64), srv("b", 16), srv("a", 32))
	ws := l.Workers()
	if len(ws) != 3 || ws[0].Host != "a" || ws[1].Host != "b" || ws[2].Host != "home" {
		t.Errorf("Workers: %+v", ws)
	}
	for _, w := range ws {
		if one, ok := l.Worker(w.Host); !ok || one != w {
			t.Errorf("Workers has %+v, Worker says %+v", w, one)
		}
	}
	if h, f := l.LargestFree(); h != "home" || f != gb(32) {
		t.Errorf("LargestFree = %s %v, want home 32GB (tie goes to home)", h, f)
	}
	mustRequest(t, l, Request{Owner: ControllerOwner(), ChunkSize: gb(1), NumChunks: 1, Host: "home"})
	if h, f := l.LargestFree(); h != "a" || f != gb(32) {
		t.Errorf("LargestFree = %s %v, want a 32GB", h, f)
	}
	empty := newLedger(t, Config{})
	if h, f := empty.LargestFree(); h != "" || f != 0 {
		t.Errorf("empty LargestFree = %q %v", h, f)
	}
}

// FuzzDecodeSnapshot: any input either fails to decode with an error or
// decodes to a snapshot that re-encodes to the same value and that Check
// accepts without panicking.
func FuzzDecodeSnapshot(f *testing.F) {
	s, _ := healthy(f)
	b, _ := json.Marshal(s)
	f.Add(b)
	f.Add([]byte(`{"workers":[{"host":"a","total":800}],"allocations":[{"id":1,"owner":{"pid":2},"chunk_size":100,"want":1,"count":1,"chunks":[{"host":"a","n":1}]}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := DecodeSnapshot(bytes.NewReader(in))
		if err != nil {
			return
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		again, err := DecodeSnapshot(bytes.NewReader(out))
		if err != nil || !reflect.DeepEqual(normalize(s), normalize(again)) {
			t.Fatalf("re-decode: %v\n%+v\n%+v", err, s, again)
		}
		_ = Check(s, WorldView{})
	})
}

// normalize maps nil and empty slices alike (JSON cannot tell them apart
// after omitempty-free encoding of nil as null).
func normalize(s Snapshot) Snapshot {
	b, _ := json.Marshal(s)
	var out Snapshot
	_ = json.Unmarshal(b, &out)
	return out
}

func FuzzDecodeWorldView(f *testing.F) {
	f.Add([]byte(`{"servers":[{"host":"a","max_ram":800,"ram_used":175,"processes":[{"pid":1,"host":"a","filename":"w.js","threads":1,"args":["x"],"temporary":false,"ram":175}]}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		v, err := DecodeWorldView(bytes.NewReader(in))
		if err != nil {
			return
		}
		for _, sv := range v.Servers {
			if sv.Host == "" || sv.MaxRAM < 0 || sv.UsedRAM < 0 {
				t.Fatalf("accepted bad server %+v", sv)
			}
			for _, p := range sv.Processes {
				if p.PID <= 0 || p.Threads <= 0 || p.RAM < 0 {
					t.Fatalf("accepted bad process %+v", p)
				}
			}
		}
		_ = Check(Snapshot{}, v)
	})
}
