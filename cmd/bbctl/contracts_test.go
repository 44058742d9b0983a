package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// runContractsCmd runs "bbctl contracts args…" with stdin and returns
// stdout, stderr and the exit code.
func runContractsCmd(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), env{strings.NewReader(stdin), &out, &errb}, append([]string{"contracts"}, args...))
	return out.String(), errb.String(), code
}

func TestContractsSolveOne(t *testing.T) {
	tests := []struct {
		args []string
		out  string
		code int
	}{
		{[]string{"solve", "--type", "Subarray with Maximum Sum", "--data", "[1,-2,3]"}, "3\n", exitOK},
		{[]string{"solve", "--type", "Encryption I: Caesar Cipher", "--data", `["ABC", 1]`}, "\"ZAB\"\n", exitOK},
		{[]string{"solve", "--string", "--type", "Encryption I: Caesar Cipher", "--data", `["ABC", 1]`}, "ZAB\n", exitOK},
		{[]string{"solve", "--type", "Square Root", "--data", `"17"`}, "\"4\"\n", exitOK},
		{[]string{"solve", "--string", "--type", "Square Root", "--data", `"17"`}, "4\n", exitOK},
		{[]string{"solve", "--type", "Subarray with Maximum Sum", "--data", "[]"}, "", exitError},
		{[]string{"solve", "--type", "No Such Type", "--data", "1"}, "", exitError},
		{[]string{"solve", "--type", "Subarray with Maximum Sum"}, "", exitUsage},
		{[]string{"solve", "--jsonl", "--type", "x"}, "", exitUsage},
		{[]string{"solve", "extra"}, "", exitUsage},
		{[]string{"solve", "--help"}, "", exitOK},
		{[]string{"check", "--type", "Shortest Path in a Grid", "--data", "[[0,0],[0,0]]", "--answer", `"DR"`}, "right\n", exitOK},
		{[]string{"check", "--type", "Shortest Path in a Grid", "--data", "[[0,0],[0,0]]", "--answer", `"DD"`}, "wrong\n", exitError},
		{[]string{"check", "--type", "Shortest Path in a Grid", "--data", "[[0,0],[0,0]]", "--answer", `5`}, "", exitError},
		{[]string{"frobnicate"}, "", exitUsage},
		{nil, "", exitUsage},
		{[]string{"--help"}, "", exitOK},
	}
	for _, tc := range tests {
		out, errOut, code := runContractsCmd(t, "", tc.args...)
		if code != tc.code || (tc.out != "" && out != tc.out) {
			t.Errorf("contracts %q: exit %d, stdout %q, stderr %q; want exit %d, stdout %q", tc.args, code, out, errOut, tc.code, tc.out)
		}
		if code != exitOK && errOut == "" {
			t.Errorf("contracts %q: exit %d with nothing on stderr", tc.args, code)
		}
	}
}

func TestContractsSolveJSONL(t *testing.T) {
	tests := []struct {
		name, in  string
		field     string // "answer" or "error"
		want      string // the answer's JSON, or a substring of the error
		wantExtra string // a field of the input that must survive
	}{
		{"good line", `{"type":"Subarray with Maximum Sum","data":[1,-2,3],"host":"n00dles"}`, "answer", `3`, "host"},
		{"bad JSON", `{"type":`, "error", "invalid JSON", "line"},
		{"not an object", `[1,2]`, "error", "invalid JSON", "line"},
		{"unknown type", `{"type":"Nope","data":1,"file":"c.cct"}`, "error", "unknown contract type", "file"},
		{"missing type", `{"data":1}`, "error", `"type"`, "data"},
		{"missing data", `{"type":"Total Ways to Sum"}`, "error", `missing "data"`, "type"},
		{"malformed data", `{"type":"Total Ways to Sum","data":"eight"}`, "error", "Total Ways to Sum", "data"},
		{"set answer", `{"type":"Generate IP Addresses","data":"1111"}`, "answer", `["1.1.1.1"]`, "type"},
	}
	// All lines in one run: a bad line must not stop the rest.
	var in strings.Builder
	for _, tc := range tests {
		in.WriteString(tc.in + "\n\n")
	}
	out, errOut, code := runContractsCmd(t, in.String(), "solve", "--jsonl")
	if code != exitError || !strings.Contains(errOut, "6 of 8 lines failed") {
		t.Errorf("exit %d, stderr %q; want exit %d and a count of failed lines", code, errOut, exitError)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(tests) {
		t.Fatalf("%d output lines, want %d:\n%s", len(lines), len(tests), out)
	}
	for i, tc := range tests {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal([]byte(lines[i]), &obj); err != nil {
			t.Errorf("%s: output %q is not a JSON object: %v", tc.name, lines[i], err)
			continue
		}
		got, ok := obj[tc.field]
		if !ok {
			t.Errorf("%s: output %s has no %q", tc.name, lines[i], tc.field)
			continue
		}
		var msg string
		if tc.field == "error" {
			json.Unmarshal(got, &msg)
		}
		if tc.field == "answer" && string(got) != tc.want || tc.field == "error" && !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %s = %s, want %s", tc.name, tc.field, got, tc.want)
		}
		if _, ok := obj[tc.wantExtra]; !ok {
			t.Errorf("%s: output %s lost field %q", tc.name, lines[i], tc.wantExtra)
		}
		if tc.field == "error" && !strings.Contains(string(obj["error"]), "line ") {
			t.Errorf("%s: error %s does not give the line number", tc.name, obj["error"])
		}
	}
}

func TestContractsSolveJSONLAllGood(t *testing.T) {
	gen, _, code := runContractsCmd(t, "", "generate", "--count", "2", "--seed", "7")
	if code != exitOK {
		t.Fatalf("generate: exit %d", code)
	}
	out, errOut, code := runContractsCmd(t, gen, "solve", "--jsonl")
	if code != exitOK {
		t.Fatalf("solve --jsonl: exit %d: %s", code, errOut)
	}
	if n := strings.Count(out, `"answer":`); n != 60 {
		t.Errorf("%d answers, want 60 (2 of each of 30 types)", n)
	}
}

func TestContractsSolveJSONLLongLine(t *testing.T) {
	in := `{"type":"Square Root","data":"` + strings.Repeat("9", maxLineBytes) + `"}` + "\n" + `{"type":"Total Ways to Sum","data":8}` + "\n"
	out, _, code := runContractsCmd(t, in, "solve", "--jsonl")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitError || len(lines) != 2 || !strings.Contains(lines[0], "longer than") || !strings.Contains(lines[1], `"answer":21`) {
		t.Errorf("exit %d, output:\n%.300s", code, out)
	}
}

func TestContractsTypes(t *testing.T) {
	out, _, code := runContractsCmd(t, "", "types")
	if code != exitOK || !strings.Contains(out, "Array Jumping Game ") || strings.Count(out, "\n") != 31 {
		t.Errorf("types: exit %d, output:\n%s", code, out)
	}
	out, _, code = runContractsCmd(t, "", "types", "--json")
	var rows []struct {
		Name  string
		Tries int
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || code != exitOK || len(rows) != 30 {
		t.Fatalf("types --json: exit %d, %v, %d rows", code, err, len(rows))
	}
	tries := map[string]int{}
	for _, r := range rows {
		tries[r.Name] = r.Tries
	}
	for name, want := range map[string]int{"Array Jumping Game": 1, "Array Jumping Game II": 3, "Merge Overlapping Intervals": 15, "Square Root": 10} {
		if tries[name] != want {
			t.Errorf("%s: %d tries, want %d", name, tries[name], want)
		}
	}
}

func TestContractsGenerate(t *testing.T) {
	a, _, _ := runContractsCmd(t, "", "generate", "--type", "Square Root", "--count", "3", "--seed", "5")
	b, _, _ := runContractsCmd(t, "", "generate", "--type", "Square Root", "--count", "3", "--seed", "5")
	if a != b || strings.Count(a, "\n") != 3 {
		t.Errorf("generate is not reproducible or has the wrong count:\n%s\n%s", a, b)
	}
	if _, _, code := runContractsCmd(t, "", "generate", "--type", "Nope"); code != exitError {
		t.Errorf("generate unknown type: exit %d, want %d", code, exitError)
	}
	if _, _, code := runContractsCmd(t, "", "generate", "--count", "-1"); code != exitUsage {
		t.Errorf("generate --count -1: exit %d, want %d", code, exitUsage)
	}
}

// FuzzContractsJSONLLine checks that any input line gives exactly one JSON
// object with an "answer" or an "error", and never a panic.
func FuzzContractsJSONLLine(f *testing.F) {
	f.Add([]byte(`{"type":"Subarray with Maximum Sum","data":[1,-2,3]}`))
	f.Add([]byte(`{"type":"Square Root","data":"17","id":7}`))
	f.Add([]byte(`{"type":"Nope","data":1}`))
	f.Add([]byte(`{"type":`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"type":"Nope","data":1,"answer":2}`))
	f.Add([]byte(`{"type":"Total Ways to Sum","data":8,"error":"old"}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		res, ok := solveLine(1, line, false)
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(res, &obj); err != nil {
			t.Fatalf("line %q gave %q, not a JSON object: %v", line, res, err)
		}
		_, hasAnswer := obj["answer"]
		_, hasError := obj["error"]
		if hasAnswer == hasError || ok != hasAnswer {
			t.Fatalf("line %q gave %s (ok %v): want exactly one of answer and error", line, res, ok)
		}
	})
}
