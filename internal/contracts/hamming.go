package contracts

import (
	"math"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"strings"
)

// maxHammingBits bounds the encoded length accepted for decoding (the game
// makes at most 64 bits).
const maxHammingBits = 1024

func solveHammingEncode(data []byte) (any, error) {
	// The data is a JavaScript number: parse it as float64 and encode that
	// value exactly, as the game's value.toString(2) does.
	f, err := integer(data, 1, math.MaxUint64)
	if err != nil {
		return nil, err
	}
	if f >= 1<<64 {
		return nil, badData("%v is not below 2^64", f)
	}
	return hammingEncode(uint64(f), false), nil
}

// isPow2 reports whether i is a power of two (1, 2, 4, …).
func isPow2(i int) bool { return i > 0 && i&(i-1) == 0 }

// hammingEncode returns the extended Hamming code of v: its binary digits,
// most significant first, at every position that is not 0 or a power of
// two; parity bits at the powers of two; overall parity at position 0.
// Unpadded, the code ends after the last data bit; padded, it is the
// shortest power-of-two length, the unused leading data positions zero.
func hammingEncode(v uint64, padded bool) string {
	nbits := max(1, bits.Len64(v))
	length := 3 // positions 0..2 hold no data
	for dataPos := 0; dataPos < nbits; length++ {
		if !isPow2(length) {
			dataPos++
		}
	}
	lead := 0 // zero data bits in front of v's digits
	if padded {
		// A code of 2^m bits has 2^m - m - 1 data positions.
		full := 4
		for full-bits.Len(uint(full)) < nbits {
			full *= 2
		}
		lead = full - bits.Len(uint(full)) - nbits
		length = full
	}
	code := make([]byte, length)
	for i := range code {
		code[i] = '0'
	}
	k := -lead // index into v's digits, most significant first
	for i := 3; i < length; i++ {
		if isPow2(i) {
			continue
		}
		if k >= 0 && v>>(nbits-1-k)&1 == 1 {
			code[i] = '1'
		}
		k++
	}
	syndrome := 0
	for i := range code {
		if code[i] == '1' {
			syndrome ^= i
		}
	}
	for p := 1; p < length; p <<= 1 {
		if syndrome&p != 0 {
			code[p] = '1'
		}
	}
	if strings.Count(string(code), "1")%2 == 1 {
		code[0] = '1'
	}
	return string(code)
}

func solveHammingDecode(data []byte) (any, error) {
	s, err := stringData(data, maxHammingBits)
	if err != nil {
		return nil, err
	}
	if len(s) < 4 || !isPow2(len(s)) {
		return nil, badData("length %d is not a power of two from 4 to %d", len(s), maxHammingBits)
	}
	if err := onlyChars("the code", s, "01"); err != nil {
		return nil, err
	}
	return hammingDecode(s), nil
}

// hammingDecode corrects at most one flipped bit of an extended Hamming code
// and returns the value it holds, rounded to float64 as the game does.
func hammingDecode(s string) float64 {
	code := []byte(s)
	syndrome, ones := 0, 0
	for i, c := range code {
		if c == '1' {
			syndrome ^= i
			ones++
		}
	}
	// One flipped bit makes the overall parity odd; the syndrome names it.
	if syndrome != 0 && ones%2 == 1 {
		code[syndrome] ^= '0' ^ '1'
	}
	v := new(big.Int)
	for i := 3; i < len(code); i++ {
		if !isPow2(i) {
			v.Lsh(v, 1)
			if code[i] == '1' {
				v.SetBit(v, 0, 1)
			}
		}
	}
	f, _ := new(big.Float).SetInt(v).Float64()
	return f
}

// hammingValue draws a value as the game does: getRandomInt(16, 2^e) with e
// in 1..57, computed in float64.
func hammingValue(r *rand.Rand) uint64 {
	e := randInt(r, 1, 57)
	lo, hi := math.Min(16, math.Exp2(float64(e))), math.Max(16, math.Exp2(float64(e)))
	return uint64(math.Floor(r.Float64()*(hi-lo+1)) + lo)
}

func genHammingEncode(r *rand.Rand) any { return float64(hammingValue(r)) }

func genHammingDecode(r *rand.Rand) any {
	code := []byte(hammingEncode(hammingValue(r), true))
	if r.Float64() >= 0.5 {
		i := r.IntN(len(code))
		code[i] ^= '0' ^ '1'
	}
	return string(code)
}
