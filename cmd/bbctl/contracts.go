package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"text/tabwriter"

	"bbctl/internal/contracts"
	"bbctl/internal/input"
)

// contractActions are the subcommands of "bbctl contracts".
var contractActions = []command{
	{"solve", "solve one contract (--type, --data) or a stream of them (--jsonl)", nil, contractsSolve},
	{"check", "judge an answer as the game would (exit 0 if accepted, 1 if not)", nil, contractsCheck},
	{"types", "list the contract types and their tries", nil, contractsTypes},
	{"generate", "make contract data the way the game's generators do", nil, contractsGenerate},
}

func runContracts(ctx context.Context, e env, args []string) error {
	return dispatch(ctx, e, "action", contractActions, printContractsHelp, args)
}

func printContractsHelp(w io.Writer) {
	printActions(w, "contracts", "solve Bitburner coding contracts", contractActions, []string{
		`bbctl contracts solve --type "Subarray with Maximum Sum" --data '[1,-2,3]'`,
		`echo '{"type":"Total Ways to Sum","data":8}' | bbctl contracts solve --jsonl`,
		`bbctl contracts generate --type "Square Root" --count 3 | bbctl contracts solve --jsonl`,
		`bbctl contracts types --json`,
	})
}

// printActions prints the help of a command made of actions: its usage
// line, the actions with their summaries, and examples.
func printActions(w io.Writer, name, what string, acts []command, examples []string) {
	width := 0
	for _, a := range acts {
		width = max(width, len(a.name)+1)
	}
	fmt.Fprintf(w, "Usage: bbctl %s <action> [flags]   %s\n", name, what)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Actions:")
	for _, a := range acts {
		fmt.Fprintf(w, "  %-*s %s\n", width, a.name, a.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Examples:")
	for _, ex := range examples {
		fmt.Fprintln(w, "  "+ex)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Run \"bbctl %s <action> --help\" for an action's flags.\n", name)
}

func contractsSolve(_ context.Context, e env, args []string) error {
	fs := newFlagSet(e, "contracts solve", "(--type TYPE --data JSON [--string|--json] | --jsonl)")
	typ := fs.String("type", "", "contract type, as the game names it")
	data := fs.String("data", "", "contract data, as JSON (the game's getData)")
	str := fs.Bool("string", false, "print the answer as the 2.6 string API wants it instead of JSON")
	asJSON := fs.Bool("json", false, `print {"type", "data", "answer", "string"}: the answer in both APIs' forms`)
	jsonl := fs.Bool("jsonl", false, `read {"type":…,"data":…} lines from stdin; write each back with "answer" or "error" added`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	if *jsonl {
		if *typ != "" || *data != "" || *str || *asJSON {
			return usageError("--jsonl takes no --type, --data, --string or --json")
		}
		return solveJSONL(e.stdin, e.stdout)
	}
	if *typ == "" || *data == "" {
		return usageError("--type and --data are required (or --jsonl)")
	}
	if *str && *asJSON {
		return usageError("--string and --json: choose one")
	}
	a, err := contracts.Solve(*typ, json.RawMessage(*data))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, struct {
			Type   string          `json:"type"`
			Data   json.RawMessage `json:"data"`
			Answer json.RawMessage `json:"answer"`
			String string          `json:"string"`
		}{*typ, json.RawMessage(*data), a.JSON, a.String})
	}
	if *str {
		fmt.Fprintln(e.stdout, a.String)
	} else {
		fmt.Fprintf(e.stdout, "%s\n", a.JSON)
	}
	return nil
}

// maxLineBytes bounds one line of --jsonl input.
const maxLineBytes = 4 << 20

// solveJSONL answers each line of in on out. A line that fails gets an
// "error" field; the others still get answered. The error returned says
// how many lines failed.
func solveJSONL(in io.Reader, out io.Writer) error {
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriter(out)
	failed, n := 0, 0
	for {
		line, tooLong, err := readLine(r, maxLineBytes)
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read stdin: %w", err)
		}
		if len(bytes.TrimSpace(line)) > 0 || tooLong {
			n++
			res, ok := solveLine(n, line, tooLong)
			if !ok {
				failed++
			}
			w.Write(res)
			w.WriteByte('\n')
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write stdout: %w", err)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d lines failed", failed, n)
	}
	return nil
}

// readLine reads one line without its newline. A line longer than limit is
// consumed and reported with tooLong.
func readLine(r *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) > limit {
			tooLong = true
			line = line[:0]
		} else {
			line = append(line, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimSuffix(line, []byte("\n")), tooLong, err
	}
}

// solveLine answers line number n: the line's object with "answer" added,
// or with "error" added (ok false).
func solveLine(n int, line []byte, tooLong bool) (res []byte, ok bool) {
	fail := func(obj map[string]json.RawMessage, format string, args ...any) ([]byte, bool) {
		if obj == nil {
			obj = map[string]json.RawMessage{"line": json.RawMessage(fmt.Sprint(n))}
		}
		msg, _ := json.Marshal(fmt.Sprintf("line %d: ", n) + fmt.Sprintf(format, args...))
		obj["error"] = msg
		b, _ := json.Marshal(obj)
		return b, false
	}
	if tooLong {
		return fail(nil, "longer than %d bytes", maxLineBytes)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil || obj == nil {
		if err == nil {
			err = errors.New("not an object")
		}
		return fail(nil, "invalid JSON: %v", input.JSONError(line, err))
	}
	// Results of an earlier pass are replaced, not kept beside the new one.
	delete(obj, "answer")
	delete(obj, "error")
	var typ string
	if err := json.Unmarshal(obj["type"], &typ); err != nil || typ == "" {
		return fail(obj, `"type" must be a contract type name`)
	}
	data, has := obj["data"]
	if !has {
		return fail(obj, `missing "data"`)
	}
	a, err := contracts.Solve(typ, data)
	if err != nil {
		return fail(obj, "%v", err)
	}
	obj["answer"] = a.JSON
	b, err := json.Marshal(obj)
	if err != nil {
		return fail(nil, "encode: %v", err)
	}
	return b, true
}

func contractsCheck(_ context.Context, e env, args []string) error {
	fs := newFlagSet(e, "contracts check", "--type TYPE --data JSON --answer JSON [--json]")
	typ := fs.String("type", "", "contract type, as the game names it")
	data := fs.String("data", "", "contract data, as JSON")
	answer := fs.String("answer", "", "the answer, as JSON in the shape of the v3 API")
	asJSON := fs.Bool("json", false, `print {"type", "right"} instead of right or wrong`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *typ == "" || *data == "" || *answer == "" || fs.NArg() > 0 {
		return usageError("--type, --data and --answer are required, and nothing else")
	}
	ok, err := contracts.Check(*typ, json.RawMessage(*data), json.RawMessage(*answer))
	if err != nil {
		return err
	}
	if *asJSON {
		if err := writeJSON(e.stdout, struct {
			Type  string `json:"type"`
			Right bool   `json:"right"`
		}{*typ, ok}); err != nil {
			return err
		}
		if !ok {
			return errors.New("the game would reject this answer")
		}
		return nil
	}
	if !ok {
		fmt.Fprintln(e.stdout, "wrong")
		return errors.New("the game would reject this answer")
	}
	fmt.Fprintln(e.stdout, "right")
	return nil
}

func contractsTypes(_ context.Context, e env, args []string) error {
	fs := newFlagSet(e, "contracts types", "[--json]")
	asJSON := fs.Bool("json", false, "print a JSON array of {name, tries}")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	type row struct {
		Name  string `json:"name"`
		Tries int    `json:"tries"`
	}
	var rows []row
	for _, t := range contracts.Types() {
		rows = append(rows, row{t, contracts.NumTries(t)})
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tTRIES")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\n", r.Name, r.Tries)
	}
	return tw.Flush()
}

func contractsGenerate(_ context.Context, e env, args []string) error {
	fs := newFlagSet(e, "contracts generate", "[--type TYPE] [--count N] [--seed N] [--json]")
	typ := fs.String("type", "", "contract type (default: every type)")
	count := fs.Int("count", 1, "contracts per type")
	seed := fs.Uint64("seed", 1, "random seed")
	asJSON := fs.Bool("json", false, `print one JSON array of {"type", "data"} instead of one object per line`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	if *count < 0 || *count > 1e6 {
		return usageError("--count %d out of range 0..1000000", *count)
	}
	types := contracts.Types()
	if *typ != "" {
		types = []string{*typ}
	}
	type generated struct {
		Type string          `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	r := rand.New(rand.NewPCG(*seed, 0))
	w := bufio.NewWriter(e.stdout)
	all := []generated{}
	for _, t := range types {
		for range *count {
			data, err := contracts.Generate(t, r)
			if err != nil {
				return err
			}
			if *asJSON {
				all = append(all, generated{t, data})
				continue
			}
			line, err := json.Marshal(generated{t, data})
			if err != nil {
				return err
			}
			w.Write(line)
			w.WriteByte('\n')
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, all)
	}
	return w.Flush()
}
