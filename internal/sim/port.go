package sim

// NullPortData is what the game's port read and peek return for an empty
// port. Port.Read and Port.Peek report emptiness with a second result
// instead; the string is exported for callers that emulate the game's
// return values.
const NullPortData = "NULL PORT DATA"

// MaxPort is the highest port number the game accepts (2^53 − 1).
const MaxPort = 1<<53 - 1

// DefaultPortCapacity is the game's default MaxPortCapacity setting.
const DefaultPortCapacity = 50

// A Port is one of the game's global Netscript ports (MECHANICS §5): a FIFO
// of values with a fixed capacity. Values are stored as given; the game
// stores a structured clone of objects, so callers should write immutable
// values (strings, numbers).
type Port struct {
	buf   []any // ring buffer of cap slots
	head  int   // index of the oldest value
	n     int   // number of values held
	limit int   // capacity
}

func newPort(capacity int) *Port {
	return &Port{limit: capacity}
}

// Capacity returns the number of values the port holds before it drops.
func (p *Port) Capacity() int { return p.limit }

// Len returns the number of values in the port.
func (p *Port) Len() int { return p.n }

// Write appends v. If the port is then over capacity it removes the oldest
// value and returns it with dropped true, as the game's write does.
func (p *Port) Write(v any) (old any, dropped bool) {
	if p.n == p.limit {
		old = p.buf[p.head]
		p.buf[p.head] = v
		p.head = (p.head + 1) % len(p.buf)
		return old, true
	}
	if p.buf == nil {
		p.buf = make([]any, p.limit)
	}
	p.buf[(p.head+p.n)%len(p.buf)] = v
	p.n++
	return nil, false
}

// TryWrite appends v and returns true, or returns false and writes nothing
// when the port is full.
func (p *Port) TryWrite(v any) bool {
	if p.n >= p.limit {
		return false
	}
	p.Write(v)
	return true
}

// Read removes and returns the oldest value. ok is false when the port is
// empty (where the game returns NullPortData).
func (p *Port) Read() (v any, ok bool) {
	if p.n == 0 {
		return nil, false
	}
	v = p.buf[p.head]
	p.buf[p.head] = nil
	p.head = (p.head + 1) % len(p.buf)
	p.n--
	return v, true
}

// Peek returns the oldest value without removing it. ok is false when the
// port is empty.
func (p *Port) Peek() (v any, ok bool) {
	if p.n == 0 {
		return nil, false
	}
	return p.buf[p.head], true
}

// Full reports whether the port holds as many values as its capacity.
func (p *Port) Full() bool { return p.n >= p.limit }

// Empty reports whether the port holds no value.
func (p *Port) Empty() bool { return p.n == 0 }

// Clear removes every value.
func (p *Port) Clear() {
	for i := range p.buf {
		p.buf[i] = nil
	}
	p.head, p.n = 0, 0
}
