package contracts

import (
	"math/rand/v2"
	"strings"
)

// maxCompressLen bounds the text of the compression contracts (the game
// makes 50..74 characters).
const maxCompressLen = 10000

// asciiData decodes data as a string of printable ASCII characters.
func asciiData(data []byte) (string, error) {
	s, err := stringData(data, maxCompressLen)
	if err != nil {
		return "", err
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return "", badData("character %q at position %d is not printable ASCII", s[i], i)
		}
	}
	return s, nil
}

func solveRLE(data []byte) (any, error) {
	s, err := asciiData(data)
	if err != nil {
		return nil, err
	}
	return rleEncode(s), nil
}

// rleEncode returns the run-length encoding of s, splitting runs longer
// than 9 greedily (9, 9, …, remainder).
func rleEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] == s[i] && j-i < 9 {
			j++
		}
		b.WriteByte(byte('0' + j - i))
		b.WriteByte(s[i])
		i = j
	}
	return b.String()
}

// checkRLE accepts any encoding that decodes to the data and is no longer
// than the minimal one (as 2.6 does: 9z8z2z is as good as 9z9z1z).
func checkRLE(data []byte, sol, ans any) (bool, error) {
	s, err := asciiData(data)
	if err != nil {
		return false, err
	}
	a := ans.(string)
	if len(a)%2 != 0 || len(a) > len(sol.(string)) {
		return false, nil
	}
	var b strings.Builder
	for i := 0; i < len(a); i += 2 {
		if a[i] < '0' || a[i] > '9' || a[i+1] >= 0x80 {
			return false, nil
		}
		for range a[i] - '0' {
			b.WriteByte(a[i+1])
		}
	}
	return b.String() == s, nil
}

// genChar returns a random character as the game's compression contracts
// draw them: 40% upper case, 40% lower case, 20% digits from the game's
// pool "01234567689" indexed 0..9 (so 6 is twice as likely and 9 never
// appears).
func genChar(r *rand.Rand) byte {
	switch x := r.Float64(); {
	case x < 0.4:
		return upper[r.IntN(26)]
	case x < 0.8:
		return "abcdefghijklmnopqrstuvwxyz"[r.IntN(26)]
	default:
		return "01234567689"[r.IntN(10)]
	}
}

// genLength returns 50 + floor(25·(r1+r2)).
func genLength(r *rand.Rand) int { return 50 + int(25*(r.Float64()+r.Float64())) }

func genRLE(r *rand.Rand) any {
	n := genLength(r)
	var b []byte
	for len(b) < n {
		k := 1
		switch x := r.Float64(); {
		case x < 0.3:
			k = 1
		case x < 0.6:
			k = 2
		case x < 0.9:
			k = r.IntN(10)
		default:
			k = 10 + r.IntN(5)
		}
		c := genChar(r)
		for range k {
			b = append(b, c)
		}
	}
	return string(b[:n])
}

// lzPlain generates LZ contract plaintext as the game does.
func lzPlain(r *rand.Rand) string {
	n := genLength(r)
	var b []byte
	for len(b) < n {
		if r.Float64() < 0.8 {
			b = append(b, genChar(r))
			continue
		}
		length, offset := 1+r.IntN(9), 1+r.IntN(9)
		if offset > len(b) {
			continue
		}
		for range length {
			b = append(b, b[len(b)-offset])
		}
	}
	return string(b[:n])
}

// lzDecode decodes the game's LZ format; ok is false if s is not a valid
// encoding. Chunks alternate, starting with a literal: a digit L and L
// characters; then a back-reference: a digit L and, if L > 0, a digit X in
// 1..9, copying L characters from X places back.
func lzDecode(s string) (plain string, ok bool) {
	var out []byte
	for i := 0; i < len(s); {
		n := int(s[i]) - '0'
		if n < 0 || n > 9 || i+1+n > len(s) {
			return "", false
		}
		out = append(out, s[i+1:i+1+n]...)
		i += 1 + n
		if i >= len(s) {
			break
		}
		n = int(s[i]) - '0'
		if n < 0 || n > 9 {
			return "", false
		}
		if n == 0 {
			i++
			continue
		}
		if i+1 >= len(s) {
			return "", false
		}
		x := int(s[i+1]) - '0'
		if x < 1 || x > 9 || x > len(out) {
			return "", false
		}
		for range n {
			out = append(out, out[len(out)-x])
		}
		i += 2
	}
	return string(out), true
}

// lzEncode returns a shortest LZ encoding of s, by dynamic programming over
// (position, type of the next chunk).
func lzEncode(s string) string {
	n := len(s)
	const inf = 1 << 30
	// lit[i], ref[i]: shortest encoding of s[i:] when the next chunk is a
	// literal or a back-reference. The *NZ values exclude an empty chunk.
	lit, ref := make([]int, n+1), make([]int, n+1)
	litNZ, refNZ := make([]int, n+1), make([]int, n+1)
	litLen := make([]int, n+1)                           // best non-empty literal length
	refLen, refOff := make([]int, n+1), make([]int, n+1) // best non-empty back-reference
	for i := n - 1; i >= 0; i-- {
		litNZ[i] = inf
		for l := 1; l <= 9 && i+l <= n; l++ {
			if c := 1 + l + ref[i+l]; c < litNZ[i] {
				litNZ[i], litLen[i] = c, l
			}
		}
		refNZ[i] = inf
		for x := 1; x <= 9 && x <= i; x++ {
			for l := 1; l <= 9 && i+l <= n && s[i+l-1] == s[i+l-1-x]; l++ {
				if c := 2 + lit[i+l]; c < refNZ[i] {
					refNZ[i], refLen[i], refOff[i] = c, l, x
				}
			}
		}
		lit[i] = min(litNZ[i], 1+refNZ[i])
		ref[i] = min(refNZ[i], 1+litNZ[i])
	}
	// Follow the choices. An empty chunk is chosen only when the non-empty
	// chunk of the other type follows at the same position, and never twice
	// in a row (that would need both 1+refNZ < litNZ and 1+litNZ < refNZ).
	var b strings.Builder
	for i, literal := 0, true; i < n; literal = !literal {
		switch {
		case literal && litNZ[i] > lit[i], !literal && refNZ[i] > ref[i]:
			b.WriteByte('0')
		case literal:
			l := litLen[i]
			b.WriteByte(byte('0' + l))
			b.WriteString(s[i : i+l])
			i += l
		default:
			b.WriteByte(byte('0' + refLen[i]))
			b.WriteByte(byte('0' + refOff[i]))
			i += refLen[i]
		}
	}
	return b.String()
}

func solveLZDecompress(data []byte) (any, error) {
	s, err := asciiData(data)
	if err != nil {
		return nil, err
	}
	plain, ok := lzDecode(s)
	if !ok {
		return nil, badData("%q is not a valid LZ encoding", clip([]byte(s)))
	}
	return plain, nil
}

func genLZDecompress(r *rand.Rand) any { return lzEncode(lzPlain(r)) }

func solveLZCompress(data []byte) (any, error) {
	s, err := asciiData(data)
	if err != nil {
		return nil, err
	}
	return lzEncode(s), nil
}

// checkLZCompress accepts any encoding that decodes to the data and is no
// longer than the optimal one.
func checkLZCompress(data []byte, sol, ans any) (bool, error) {
	s, err := asciiData(data)
	if err != nil {
		return false, err
	}
	a := ans.(string)
	if len(a) > len(sol.(string)) {
		return false, nil
	}
	plain, ok := lzDecode(a)
	return ok && plain == s, nil
}

func genLZCompress(r *rand.Rand) any { return lzPlain(r) }
