package game

import (
	"errors"
	"fmt"
	"math"
	pathpkg "path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Charge is one item of a script's static RAM: a function (by flattened
// name) or one of the special identifiers window, document and hacknet.
type Charge struct {
	Name string  `json:"name"`
	Cost float64 `json:"cost"` // GB
}

// ScriptRAM computes the RAM per thread the game's static checker gives the
// JavaScript source src, with the rules of version v (MECHANICS §4.1, §4.5):
// every identifier token is charged once, by its bare name, as the first
// function of that name in the cost tree (so a variable called connect costs
// singularity.connect); window and document cost 25 GB each; in V261 the
// identifier hacknet costs 4 GB and hacknet functions nothing, in V3 each
// hacknet function costs 0.5 GB. Singularity functions are charged for a
// player without Source-File 4 (×16). The total is 1.6 GB plus the charges,
// capped at 1024 and rounded to hundredths. In V3 a main whose first
// statement is ns.ramOverride(<number ≥ 1.6>) gets that number instead.
//
// The charges are listed in order of first appearance. Strings, template
// text, regular expressions and comments are skipped. Like the game, which
// charges dead code too (MECHANICS §4.5), ScriptRAM charges every identifier
// of the file; it also charges the parameters of top-level functions, which
// the game skips, so it can only overestimate. A script that imports other
// scripts is an error, since their code is not at hand.
func ScriptRAM(src string, v Version) (RAM, []Charge, error) {
	const name = "script.js"
	return ScriptRAMFiles(name, func(p string) (string, error) {
		if p == name {
			return src, nil
		}
		return "", errors.New("ScriptRAM needs a self-contained script; use ScriptRAMFiles to follow imports")
	}, v)
}

// ScriptRAMFiles is ScriptRAM for the script at path, following its imports
// (import … from, export … from, import(…)) through read, which returns the
// source of a file on the script's host. Specifiers resolve as the game
// resolves them: "./" and "../" from the importing file, anything else from
// the root, with ".js" added when a name without an extension is not found;
// http(s) imports are skipped. Every identifier of every imported file is
// charged, where the game charges only the imported functions' bodies, so
// the result can only overestimate. A ramOverride counts only in the main
// script.
func ScriptRAMFiles(path string, read func(path string) (string, error), v Version) (RAM, []Charge, error) {
	path = strings.TrimPrefix(pathpkg.Clean("/"+path), "/")
	var all []token
	seen := map[string]bool{path: true}
	queue := []string{path}
	for k := 0; k < len(queue); k++ {
		file := queue[k]
		src, err := read(file)
		if err != nil {
			return 0, nil, fmt.Errorf("read %s: %w", file, err)
		}
		toks, err := tokenize(src)
		if err != nil {
			return 0, nil, fmt.Errorf("%s: %w", file, err)
		}
		if k == 0 && v >= V3 {
			if ram, ok := ramOverride(toks); ok {
				return GB(ram), nil, nil
			}
		}
		for _, imp := range imports(toks) {
			if strings.HasPrefix(imp.text, "http://") || strings.HasPrefix(imp.text, "https://") {
				continue
			}
			dep, err := resolveImport(file, imp.text, read)
			if err != nil {
				return 0, nil, fmt.Errorf("%s:%d: import %q: %w", file, imp.line, imp.text, err)
			}
			if !seen[dep] {
				seen[dep] = true
				queue = append(queue, dep)
			}
		}
		all = append(all, toks...)
	}
	ram, charges := chargeTokens(all, v)
	return ram, charges, nil
}

// imports returns the module specifier tokens of import declarations,
// re-exports and dynamic imports.
func imports(toks []token) []token {
	var out []token
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		if t.kind != tokIdent || (t.text != "from" && t.text != "import") {
			continue
		}
		next := toks[i+1]
		if next.kind == tokString {
			out = append(out, next)
		} else if t.text == "import" && next.text == "(" && i+2 < len(toks) && toks[i+2].kind == tokString {
			out = append(out, toks[i+2])
		}
	}
	return out
}

// resolveImport turns the specifier spec of an import in file into the path
// of a file read can open.
func resolveImport(file, spec string, read func(string) (string, error)) (string, error) {
	p := spec
	if strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") {
		p = pathpkg.Join(pathpkg.Dir("/"+file), spec)
	}
	p = strings.TrimPrefix(pathpkg.Clean("/"+p), "/")
	_, err := read(p)
	if err == nil {
		return p, nil
	}
	if pathpkg.Ext(p) != "" {
		return "", err
	}
	if _, err := read(p + ".js"); err != nil {
		return "", err
	}
	return p + ".js", nil
}

// chargeTokens charges every identifier of toks once and returns the RAM
// per thread and the charges in order of first appearance.
func chargeTokens(toks []token, v Version) (RAM, []Charge) {
	table := tableFor(v)
	seen := map[string]bool{}
	var charges []Charge
	total := ScriptBaseRAM
	charge := func(name string, cost float64) {
		if seen[name] {
			return
		}
		seen[name] = true
		if cost == 0 {
			return
		}
		charges = append(charges, Charge{name, cost})
		total += cost
	}
	for _, t := range toks {
		if t.kind != tokIdent {
			continue
		}
		switch t.text {
		case "window", "document":
			charge(t.text, domRAM)
			continue
		case "hacknet":
			charge(t.text, table.hacknetIdent)
			continue
		}
		name, ok := table.bare[t.text]
		if !ok {
			continue
		}
		cost := table.cost[name]
		if strings.HasPrefix(name, "singularity.") {
			cost *= SingularityNoSF4
		}
		charge(name, cost)
	}
	return GB(math.Min(ScriptMaxRAM, total)), charges
}

// SingularityRAMMult returns what the Singularity functions' RAM costs are
// multiplied by at the Singularity API's level (SingularityLevel): 16 at
// level 1 (ScriptRAM charges this without the API too), 4 at level 2, 1 at
// level 3 and in BitNode 4.
func SingularityRAMMult(level int) float64 {
	switch {
	case level >= 3:
		return 1
	case level == 2:
		return 4
	}
	return SingularityNoSF4
}

// AtSingularity returns the RAM per thread of a script whose charges
// ScriptRAM gave (its Singularity functions at ×16), for a player at the
// Singularity API's level: the game charges those functions less at levels
// 2 and 3.
func AtSingularity(charges []Charge, level int) RAM {
	total := ScriptBaseRAM
	scale := SingularityRAMMult(level) / SingularityNoSF4
	for _, c := range charges {
		if strings.HasPrefix(c.Name, "singularity.") {
			total += c.Cost * scale
		} else {
			total += c.Cost
		}
	}
	return GB(math.Min(ScriptMaxRAM, total))
}

// ScriptRAMAt is ScriptRAM for a player at the Singularity API's level
// (AtSingularity); a ramOverride stands as it is.
func ScriptRAMAt(src string, v Version, level int) (RAM, error) {
	r, charges, err := ScriptRAM(src, v)
	if err != nil || charges == nil {
		return r, err
	}
	return AtSingularity(charges, level), nil
}

// ramOverride recognises the 2.7+ first-statement form: the first statement
// of function main is a call of something ending in ramOverride with one
// numeric literal argument of at least 1.6. It returns that literal.
func ramOverride(toks []token) (float64, bool) {
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].text != "function" || toks[i+1].text != "main" || toks[i].kind != tokIdent {
			continue
		}
		// Skip the parameter list to the body's opening brace.
		j := i + 2
		depth := 0
		for ; j < len(toks); j++ {
			if toks[j].text == "(" {
				depth++
			} else if toks[j].text == ")" {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		j++
		if j >= len(toks) || toks[j].text != "{" {
			return 0, false
		}
		j++
		// callee: ident (. ident)* ending in ramOverride
		last := ""
		for j < len(toks) && toks[j].kind == tokIdent {
			last = toks[j].text
			j++
			if j < len(toks) && toks[j].text == "." {
				j++
				continue
			}
			break
		}
		if last != "ramOverride" || j+2 >= len(toks) || toks[j].text != "(" || toks[j+1].kind != tokNumber || toks[j+2].text != ")" {
			return 0, false
		}
		x, err := strconv.ParseFloat(toks[j+1].text, 64)
		if err != nil || !(x >= ScriptBaseRAM) {
			return 0, false
		}
		return x, true
	}
	return 0, false
}

type tokKind int

const (
	tokIdent tokKind = iota
	tokNumber
	tokString // string literal; text is its raw body
	tokPunct
	tokTemplate // a template literal's text part
	tokRegexp
)

type token struct {
	kind tokKind
	text string
	line int
}

// tokenize splits JavaScript source into tokens well enough for the RAM
// checker: identifiers, numbers, strings, punctuation. Template literals'
// ${…} expressions are tokenized as code. A regular expression is
// recognised where a value may start (after an operator, a keyword such as
// return, or at the start).
func tokenize(src string) ([]token, error) {
	var toks []token
	line := 1
	// templates holds, for each open template literal, the brace depth at
	// which its current ${ began.
	var templates []int
	depth := 0
	i := 0
	regexAllowed := func() bool {
		if len(toks) == 0 {
			return true
		}
		t := toks[len(toks)-1]
		switch t.kind {
		case tokNumber, tokString, tokTemplate, tokRegexp:
			return false
		case tokIdent:
			switch t.text {
			case "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await":
				return true
			}
			return false
		}
		return t.text != ")" && t.text != "]" && t.text != "}"
	}
	// template scans template text from i (just after ` or }) to the next
	// ` (closing) or ${ (opening an expression).
	template := func() error {
		start, startLine := i, line
		for i < len(src) {
			switch c := src[i]; c {
			case '\\':
				i += 2
				continue
			case '\n':
				line++
			case '`':
				toks = append(toks, token{tokTemplate, src[start:i], startLine})
				i++
				return nil
			case '$':
				if i+1 < len(src) && src[i+1] == '{' {
					toks = append(toks, token{tokTemplate, src[start:i], startLine})
					i += 2
					templates = append(templates, depth)
					depth++
					return nil
				}
			}
			i++
		}
		return fmt.Errorf("line %d: unterminated template literal", startLine)
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("line %d: unterminated comment", line)
			}
			line += strings.Count(src[i:i+2+end], "\n")
			i += end + 4
		case c == '"' || c == '\'':
			start, startLine := i+1, line
			i++
			for i < len(src) && src[i] != c {
				if src[i] == '\\' {
					i++
				} else if src[i] == '\n' {
					return nil, fmt.Errorf("line %d: unterminated string", startLine)
				}
				i++
			}
			if i >= len(src) {
				return nil, fmt.Errorf("line %d: unterminated string", startLine)
			}
			toks = append(toks, token{tokString, src[start:i], startLine})
			i++
		case c == '`':
			i++
			if err := template(); err != nil {
				return nil, err
			}
		case c == '/' && regexAllowed():
			startLine := line
			i++
			inClass := false
			for ; i < len(src); i++ {
				if src[i] == '\n' {
					return nil, fmt.Errorf("line %d: unterminated regular expression", startLine)
				}
				if src[i] == '\\' {
					i++
					continue
				}
				if src[i] == '[' {
					inClass = true
				} else if src[i] == ']' {
					inClass = false
				} else if src[i] == '/' && !inClass {
					break
				}
			}
			if i >= len(src) {
				return nil, fmt.Errorf("line %d: unterminated regular expression", startLine)
			}
			i++
			for i < len(src) && isIdentPart(rune(src[i])) { // flags
				i++
			}
			toks = append(toks, token{tokRegexp, "", startLine})
		case c >= '0' && c <= '9' || (c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9'):
			start := i
			for i < len(src) {
				d := src[i]
				if isIdentPart(rune(d)) || d == '.' {
					i++
				} else if (d == '+' || d == '-') && (src[i-1] == 'e' || src[i-1] == 'E') && !strings.HasPrefix(src[start:], "0x") {
					i++
				} else {
					break
				}
			}
			toks = append(toks, token{tokNumber, strings.ReplaceAll(src[start:i], "_", ""), line})
		default:
			r, size := utf8.DecodeRuneInString(src[i:])
			if isIdentStart(r) || r == '\\' {
				start := i
				for i < len(src) {
					r, size := utf8.DecodeRuneInString(src[i:])
					if !isIdentPart(r) {
						break
					}
					i += size
				}
				if i == start {
					i += size // a lone backslash
					continue
				}
				toks = append(toks, token{tokIdent, src[start:i], line})
				continue
			}
			i += size
			switch c {
			case '{':
				depth++
			case '}':
				depth--
				if n := len(templates); n > 0 && templates[n-1] == depth {
					templates = templates[:n-1]
					if err := template(); err != nil {
						return nil, err
					}
					continue
				}
			}
			if c == '.' && i+1 < len(src) && src[i] == '.' && src[i+1] == '.' {
				i += 2 // spread
				toks = append(toks, token{tokPunct, "...", line})
				continue
			}
			toks = append(toks, token{tokPunct, string(r), line})
		}
	}
	if len(templates) > 0 {
		return nil, fmt.Errorf("unterminated template literal expression")
	}
	return toks, nil
}

func isIdentStart(r rune) bool {
	return r == '_' || r == '$' || unicode.IsLetter(r)
}

func isIdentPart(r rune) bool {
	return isIdentStart(r) || unicode.IsDigit(r) || r == '\u200c' || r == '\u200d'
}
