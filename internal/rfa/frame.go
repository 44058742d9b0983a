package rfa

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// request is one JSON-RPC request as bbctl sends it. Params is always
// present: the game (2.6.1) throws without replying when it is missing.
type request struct {
	JSONRPC string `json:"jsonrpc"`
	ID      int64  `json:"id"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
}

// reply is a decoded answer from the game.
type reply struct {
	ID     int64
	Result json.RawMessage // nil when the game omitted it (an undefined result)
	Err    string          // the game's error message
	IsErr  bool
}

// maxID is the largest id bbctl sends; ids above it cannot be ours.
const maxID = 1 << 53

// decodeReply decodes one text frame from the game. It accepts the game's
// error form (a plain string) and, leniently, a JSON-RPC error object with
// a message. It rejects anything that is not a single reply to a numeric id.
func decodeReply(b []byte) (reply, error) {
	if !utf8.Valid(b) {
		return reply{}, errors.New("frame is not valid UTF-8")
	}
	var raw struct {
		JSONRPC *string         `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  json.RawMessage `json:"result"`
		Error   json.RawMessage `json:"error"`
		Method  *string         `json:"method"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&raw); err != nil {
		return reply{}, fmt.Errorf("frame is not a JSON object: %w", err)
	}
	if dec.More() {
		return reply{}, errors.New("frame holds more than one JSON value")
	}
	if raw.JSONRPC != nil && *raw.JSONRPC != "2.0" {
		return reply{}, fmt.Errorf("frame has jsonrpc %q, want \"2.0\"", *raw.JSONRPC)
	}
	if raw.Method != nil {
		return reply{}, fmt.Errorf("frame is a request (method %q); the game only answers", *raw.Method)
	}
	if len(raw.ID) == 0 || string(raw.ID) == "null" {
		return reply{}, errors.New("reply has no id")
	}
	var id float64
	if err := json.Unmarshal(raw.ID, &id); err != nil {
		return reply{}, fmt.Errorf("reply id %s is not a number", raw.ID)
	}
	if id != float64(int64(id)) || id < 0 || id > maxID {
		return reply{}, fmt.Errorf("reply id %s is not an id bbctl sends", raw.ID)
	}
	r := reply{ID: int64(id)}
	if len(raw.Error) > 0 && string(raw.Error) != "null" {
		r.IsErr = true
		r.Err = errorText(raw.Error)
		return r, nil
	}
	if len(raw.Result) > 0 {
		r.Result = raw.Result
	}
	return r, nil
}

// errorText turns the game's error value into a message: the game sends a
// string; a JSON-RPC error object or anything else is shown as best we can.
func errorText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var obj struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &obj) == nil && obj.Message != "" {
		return obj.Message
	}
	return string(raw)
}

// DecodeBinaryString converts a JavaScript "binary string" (one UTF-16 code
// unit 0–255 per byte, as the game sends a binary save) to bytes. A
// character above 255 is an error naming its position.
func DecodeBinaryString(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	i := 0
	for _, r := range s {
		if r > 0xFF {
			return nil, fmt.Errorf("binary string: character %d is U+%04X, above U+00FF", i, r)
		}
		out = append(out, byte(r))
		i++
	}
	return out, nil
}
