package contracts

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Limits for string contracts, above the game's generators (12 digits, 20
// parentheses, 29 cipher letters). The searches of Sanitize Parentheses and
// Find All Valid Math Expressions grow exponentially, so besides a length
// limit they stop with an error after a fixed amount of work.
const (
	maxIPDigits   = 1000
	maxParensLen  = 64
	maxExprDigits = 13
	maxTarget     = 1e15
	maxTextLen    = 10000
	maxSearchWork = 20_000_000 // search steps before giving up
	maxResults    = 1_000_000  // strings in one answer
)

// errTooMuchWork stops a search that exceeds its budget.
var errTooMuchWork = errors.New("search too large")

// stringData decodes data as a JSON string of at most maxLen bytes.
func stringData(data []byte, maxLen int) (string, error) {
	var s string
	if err := unmarshal(data, &s); err != nil {
		return "", err
	}
	if len(s) > maxLen {
		return "", badData("string of %d characters, more than %d", len(s), maxLen)
	}
	return s, nil
}

// onlyChars checks that every byte of s is in allowed.
func onlyChars(what, s, allowed string) error {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(allowed, s[i]) < 0 {
			return badData("%s has %q at position %d; allowed: %q", what, s[i], i, allowed)
		}
	}
	return nil
}

const digits = "0123456789"

func solveIPs(data []byte) (any, error) {
	s, err := stringData(data, maxIPDigits)
	if err != nil {
		return nil, err
	}
	if err := onlyChars("the string", s, digits); err != nil {
		return nil, err
	}
	out := []string{}
	n := len(s)
	if n < 4 || n > 12 {
		return out, nil
	}
	octet := func(p string) bool {
		if len(p) > 1 && p[0] == '0' {
			return false
		}
		v, _ := strconv.Atoi(p)
		return v <= 255
	}
	for a := 1; a <= 3; a++ {
		for b := 1; b <= 3; b++ {
			for c := 1; c <= 3; c++ {
				d := n - a - b - c
				if d < 1 || d > 3 {
					continue
				}
				p := []string{s[:a], s[a : a+b], s[a+b : a+b+c], s[a+b+c:]}
				if octet(p[0]) && octet(p[1]) && octet(p[2]) && octet(p[3]) {
					out = append(out, strings.Join(p, "."))
				}
			}
		}
	}
	return out, nil
}

func genIPs(r *rand.Rand) any {
	var b strings.Builder
	for range 4 {
		b.WriteString(strconv.Itoa(randInt(r, 0, 255)))
	}
	return b.String()
}

func solveParens(data []byte) (any, error) {
	s, err := stringData(data, maxParensLen)
	if err != nil {
		return nil, err
	}
	res, err := sanitizeParens(s)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// sanitizeParens returns every distinct string made by deleting the fewest
// parentheses from s that leaves them balanced.
func sanitizeParens(s string) ([]string, error) {
	// The fewest deletions: the unmatched '(' and ')'.
	remOpen, remClose := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			remOpen++
		case ')':
			if remOpen > 0 {
				remOpen--
			} else {
				remClose++
			}
		}
	}
	// Work on runs of equal characters: deleting any k of a run gives the
	// same string, so choose how many to keep, not which.
	type run struct {
		ch byte
		n  int
	}
	var runs []run
	for i := 0; i < len(s); i++ {
		if len(runs) > 0 && runs[len(runs)-1].ch == s[i] {
			runs[len(runs)-1].n++
		} else {
			runs = append(runs, run{s[i], 1})
		}
	}
	seen := map[string]bool{}
	out := []string{}
	buf := make([]byte, 0, len(s))
	work := 0
	var walk func(j, open, remOpen, remClose int) error
	walk = func(j, open, remOpen, remClose int) error {
		if work++; work > maxSearchWork {
			return errTooMuchWork
		}
		if j == len(runs) {
			if open == 0 && remOpen == 0 && remClose == 0 && !seen[string(buf)] {
				if len(out) >= maxResults {
					return errTooMuchWork
				}
				seen[string(buf)] = true
				out = append(out, string(buf))
			}
			return nil
		}
		rn := runs[j]
		mark := len(buf)
		switch rn.ch {
		case '(', ')':
			rem := remOpen
			if rn.ch == ')' {
				rem = remClose
			}
			for del := 0; del <= min(rem, rn.n); del++ {
				keep := rn.n - del
				o := open + keep
				if rn.ch == ')' {
					o = open - keep
				}
				if o < 0 {
					continue
				}
				buf = buf[:mark]
				for range keep {
					buf = append(buf, rn.ch)
				}
				var err error
				if rn.ch == '(' {
					err = walk(j+1, o, remOpen-del, remClose)
				} else {
					err = walk(j+1, o, remOpen, remClose-del)
				}
				if err != nil {
					return err
				}
			}
		default:
			for range rn.n {
				buf = append(buf, rn.ch)
			}
			if err := walk(j+1, open, remOpen, remClose); err != nil {
				return err
			}
		}
		buf = buf[:mark]
		return nil
	}
	if err := walk(0, 0, remOpen, remClose); err != nil {
		return nil, badData("%v: more than %d steps or %d results", err, maxSearchWork, maxResults)
	}
	return out, nil
}

func genParens(r *rand.Rand) any {
	b := make([]byte, randInt(r, 6, 20))
	b[0] = ')'
	if r.Float64() < 0.8 {
		b[0] = '('
	}
	for i := 1; i < len(b); i++ {
		switch x := r.Float64(); {
		case x < 0.4:
			b[i] = '('
		case x < 0.8:
			b[i] = ')'
		default:
			b[i] = 'a'
		}
	}
	return string(b)
}

func solveMathExpr(data []byte) (any, error) {
	t, err := tuple(data, 2)
	if err != nil {
		return nil, err
	}
	num, err := stringData(t[0], maxExprDigits)
	if err != nil {
		return nil, err
	}
	if num == "" {
		return nil, badData("empty digit string")
	}
	if err := onlyChars("the digit string", num, digits); err != nil {
		return nil, err
	}
	target, err := integer(t[1], -maxTarget, maxTarget)
	if err != nil {
		return nil, err
	}
	return mathExpressions(num, int64(target))
}

func genMathExpr(r *rand.Rand) any {
	b := make([]byte, randInt(r, 4, 12))
	for i := range b {
		if i == 0 {
			b[i] = byte('0' + randInt(r, 1, 9))
		} else {
			b[i] = byte('0' + randInt(r, 0, 9))
		}
	}
	return []any{string(b), randInt(r, -100, 100)}
}

const upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// cipherWords are the plaintext words of both cipher contracts.
var cipherWords = []string{
	"ARRAY", "CACHE", "CLOUD", "DEBUG", "EMAIL", "ENTER", "FLASH", "FRAME", "INBOX",
	"LINUX", "LOGIC", "LOGIN", "MACRO", "MEDIA", "MODEM", "MOUSE", "PASTE", "POPUP",
	"PRINT", "QUEUE", "SHELL", "SHIFT", "TABLE", "TRASH", "VIRUS",
}

// vigenereKeys are the keywords of the Vigenère contract (COMPUTER is in the
// game's list twice).
var vigenereKeys = []string{
	"ALGORITHM", "BANDWIDTH", "BLOGGER", "BOOKMARK", "BROADBAND", "BROWSER",
	"CAPTCHA", "CLIPBOARD", "COMPUTING", "COMMAND", "COMPILE", "COMPRESS",
	"COMPUTER", "CONFIGURE", "DASHBOARD", "DATABASE", "DESKTOP", "DIGITAL",
	"DOCUMENT", "DOWNLOAD", "DYNAMIC", "EMOTICON", "ENCRYPT", "EXABYTE",
	"FIREWALL", "FIRMWARE", "FLAMING", "FLOWCHART", "FREEWARE", "GIGABYTE",
	"GRAPHICS", "HARDWARE", "HYPERLINK", "HYPERTEXT", "INTEGER", "INTERFACE",
	"INTERNET", "ITERATION", "JOYSTICK", "JUNKMAIL", "KEYBOARD", "KEYWORD",
	"LURKING", "MACINTOSH", "MAINFRAME", "MALWARE", "MONITOR", "NETWORK",
	"NOTEBOOK", "COMPUTER", "OFFLINE", "OPERATING", "PASSWORD", "PHISHING",
	"PLATFORM", "PODCAST", "PRINTER", "PRIVACY", "PROCESS", "PROGRAM",
	"PROTOCOL", "REALTIME", "RESTORE", "RUNTIME", "SCANNER", "SECURITY",
	"SHAREWARE", "SNAPSHOT", "SOFTWARE", "SPAMMER", "SPYWARE", "STORAGE",
	"TERMINAL", "TEMPLATE", "TERABYTE", "TOOLBAR", "TYPEFACE", "USERNAME",
	"UTILITY", "VERSION", "VIRTUAL", "WEBMASTER", "WEBSITE", "WINDOWS",
	"WIRELESS", "PROCESSOR",
}

func solveCaesar(data []byte) (any, error) {
	t, err := tuple(data, 2)
	if err != nil {
		return nil, err
	}
	text, err := stringData(t[0], maxTextLen)
	if err != nil {
		return nil, err
	}
	if err := onlyChars("the plaintext", text, upper+" "); err != nil {
		return nil, err
	}
	var shift int64
	if err := unmarshal(t[1], &shift); err != nil {
		return nil, err
	}
	if err := intIn("shift", shift, 0, 26); err != nil {
		return nil, err
	}
	out := []byte(text)
	for i, c := range out {
		if c != ' ' {
			out[i] = 'A' + byte((int64(c-'A')-shift+26)%26)
		}
	}
	return string(out), nil
}

// shuffledWords returns the first n words of list after a random shuffle.
func shuffledWords(r *rand.Rand, list []string, n int) []string {
	w := append([]string(nil), list...)
	r.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
	return w[:n]
}

func genCaesar(r *rand.Rand) any {
	return []any{strings.Join(shuffledWords(r, cipherWords, 5), " "), randInt(r, 1, 25)}
}

func solveVigenere(data []byte) (any, error) {
	t, err := tuple(data, 2)
	if err != nil {
		return nil, err
	}
	text, err := stringData(t[0], maxTextLen)
	if err != nil {
		return nil, err
	}
	if err := onlyChars("the plaintext", text, upper+" "); err != nil {
		return nil, err
	}
	key, err := stringData(t[1], maxTextLen)
	if err != nil {
		return nil, err
	}
	if key == "" {
		return nil, badData("empty keyword")
	}
	if err := onlyChars("the keyword", key, upper); err != nil {
		return nil, err
	}
	out := []byte(text)
	for i, c := range out {
		if c != ' ' {
			out[i] = 'A' + (c-'A'+key[i%len(key)]-'A')%26
		}
	}
	return string(out), nil
}

func genVigenere(r *rand.Rand) any {
	return []any{strings.Join(shuffledWords(r, cipherWords, 5), ""), shuffledWords(r, vigenereKeys, 1)[0]}
}
