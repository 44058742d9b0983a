package contracts

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// bruteMathExpressions is a plain depth-first search over every expression,
// the reference for mathExpressions.
func bruteMathExpressions(num string, target int64) ([]string, error) {
	// rest[i]: the value of num[i:], bounding what the digits left can add.
	rest := make([]float64, len(num)+1)
	for i := len(num) - 1; i >= 0; i-- {
		v, _ := strconv.ParseFloat(num[i:], 64)
		rest[i] = v
	}
	out := []string{}
	buf := make([]byte, 0, 2*len(num))
	work := 0
	// walk extends the expression in buf, whose value is sum, the last
	// term (already included in sum) being last.
	var walk func(pos int, sum, last int64) error
	walk = func(pos int, sum, last int64) error {
		if work++; work > maxSearchWork {
			return errTooMuchWork
		}
		if pos == len(num) {
			if sum == target {
				if len(out) >= maxResults {
					return errTooMuchWork
				}
				out = append(out, string(buf))
			}
			return nil
		}
		// Whatever follows changes sum by at most |last|·R + R, with R the
		// number the remaining digits form.
		r := rest[pos]
		if reach := math.Abs(float64(last))*max(1, r) + r; math.Abs(float64(target-(sum-last))) > reach*(1+1e-9)+1 {
			return nil
		}
		mark := len(buf)
		var cur int64
		for i := pos; i < len(num); i++ {
			if i > pos && num[pos] == '0' {
				break // no leading zeros
			}
			cur = cur*10 + int64(num[i]-'0')
			operand := num[pos : i+1]
			if pos == 0 {
				buf = append(buf[:mark], operand...)
				if err := walk(i+1, cur, cur); err != nil {
					return err
				}
				continue
			}
			if i == len(num)-1 {
				// The last operand: judge the three expressions here
				// rather than in three calls.
				for _, v := range [3]struct {
					op  byte
					sum int64
				}{{'+', sum + cur}, {'-', sum - cur}, {'*', sum - last + last*cur}} {
					if v.sum == target {
						if len(out) >= maxResults {
							return errTooMuchWork
						}
						buf = append(append(buf[:mark], v.op), operand...)
						out = append(out, string(buf))
					}
				}
				break
			}
			for _, op := range "+-*" {
				buf = append(append(buf[:mark], byte(op)), operand...)
				var err error
				switch op {
				case '+':
					err = walk(i+1, sum+cur, cur)
				case '-':
					err = walk(i+1, sum-cur, -cur)
				default:
					err = walk(i+1, sum-last+last*cur, last*cur)
				}
				if err != nil {
					return err
				}
			}
		}
		buf = buf[:mark]
		return nil
	}
	if err := walk(0, 0, 0); err != nil {
		return nil, badData("%v: more than %d steps or %d results", err, maxSearchWork, maxResults)
	}
	return out, nil
}

// TestMathExpressionsMatchesBruteForce compares the memoised search with
// the plain one on random digit strings, as sets.
func TestMathExpressionsMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 300 {
		pool := []string{"0123456789", "01", "1", "9", "10"}[i%5]
		b := make([]byte, randInt(r, 1, 9))
		for j := range b {
			b[j] = pool[r.IntN(len(pool))]
		}
		target := int64(randInt(r, -100, 100))
		js, err := mathExpressions(string(b), target)
		if err != nil {
			t.Fatal(err)
		}
		got := js.list
		if enc, _ := marshal(got); string(enc) != js.json {
			t.Errorf("%s = %d: JSON %s, want %s", b, target, js.json, enc)
		}
		want, err := bruteMathExpressions(string(b), target)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s = %d: got %d expressions, want %d\n got %q\nwant %q", b, target, len(got), len(want), got, want)
		}
	}
}
