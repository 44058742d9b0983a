package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"bbctl/internal/game"
	"bbctl/internal/input"
)

// jsonlRow is one line of --jsonl output: the input row with out filled in,
// or error saying why not.
type jsonlRow struct {
	Fn    string          `json:"fn"`
	In    json.RawMessage `json:"in,omitempty"`
	Out   any             `json:"out,omitempty"`
	Error string          `json:"error,omitempty"`
}

// decodeJSONLRow decodes one input line {"fn": …, "in": {…}, "out": …}; out
// is ignored.
func decodeJSONLRow(line []byte) (jsonlRow, error) {
	var raw struct {
		Fn  *string         `json:"fn"`
		In  json.RawMessage `json:"in"`
		Out json.RawMessage `json:"out"`
	}
	if err := json.Unmarshal(line, &raw); err != nil {
		return jsonlRow{}, fmt.Errorf("not a JSON row object: %v", err)
	}
	if raw.Fn == nil {
		return jsonlRow{In: raw.In}, errors.New("missing fn")
	}
	row := jsonlRow{Fn: *raw.Fn, In: raw.In}
	if len(raw.In) == 0 || raw.In[0] != '{' {
		return row, errors.New("missing in object")
	}
	return row, nil
}

// evalJSONLLine evaluates one input line and returns the output row.
func evalJSONLLine(line []byte) (jsonlRow, error) {
	row, err := decodeJSONLRow(line)
	if err != nil {
		row.Error = err.Error()
		return row, err
	}
	out, err := game.EvalRow(row.Fn, row.In)
	if err != nil {
		row.Error = err.Error()
		return row, err
	}
	row.Out = out
	return row, nil
}

// calcJSONL reads formula-vectors.json rows, one per line, and writes each
// back with out filled in (or error set). Blank lines are skipped. It fails
// at the end if any row failed.
func calcJSONL(r io.Reader, w io.Writer) error {
	sc := input.Lines(r)
	bw := bufio.NewWriter(w)
	failed, total, lineNo := 0, 0, 0
	for sc.Scan() {
		lineNo++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		total++
		row, err := evalJSONLLine(line)
		if err != nil {
			failed++
			row.Error = fmt.Sprintf("line %d: %s", lineNo, row.Error)
		}
		b, err := json.Marshal(row)
		if err != nil { // cannot happen: every value is encodable
			return fmt.Errorf("line %d: encode result: %w", lineNo, err)
		}
		bw.Write(b)
		bw.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		bw.Flush()
		return input.LineError("stdin", lineNo+1, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write rows: %w", err)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d rows failed (see their \"error\" fields)", failed, total)
	}
	return nil
}
