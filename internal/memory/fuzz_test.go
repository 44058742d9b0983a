package memory

import (
	"encoding/binary"
	"reflect"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// opReader turns fuzz input into operation parameters, including hostile
// ones (negative, zero, huge).
type opReader struct{ b []byte }

func (r *opReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// int returns a small number most of the time and an arbitrary 64-bit one
// sometimes.
func (r *opReader) int() int64 {
	c := r.byte()
	if c < 0xf0 {
		return int64(c) - 16
	}
	var buf [8]byte
	n := copy(buf[:], r.b)
	r.b = r.b[n:]
	return int64(binary.LittleEndian.Uint64(buf[:]))
}

func (r *opReader) ram() game.RAM { return game.RAM(r.int()) * 25 }
func (r *opReader) host() string {
	return [...]string{"home", "a", "b", "pserv-0", "", "zz"}[r.byte()%6]
}
func (r *opReader) flag() bool { return r.byte()&1 == 1 }

// FuzzLedgerOps runs arbitrary operations with arbitrary arguments: the
// ledger must never panic, must leave itself unchanged on every error, and
// its books must add up after every step.
func FuzzLedgerOps(f *testing.F) {
	f.Add([]byte{0, 1, 200, 0, 0, 2, 1, 10, 3, 0, 4, 1, 1, 2, 5, 7})
	f.Add([]byte{0, 0, 255, 1, 2, 3, 4, 5, 6, 7, 8, 2, 0xf5, 0, 0, 0, 0, 0, 0, 0, 0x80, 1, 1})
	f.Fuzz(func(t *testing.T, in []byte) {
		l, err := New(Config{AgentRAM: 400, SetAside: []SetAsideRule{{"pserv-*", 100}}})
		if err != nil {
			t.Fatal(err)
		}
		r := &opReader{in}
		ours := func(p world.Process) bool { return p.Filename == "bbctl" }
		for steps := 0; len(r.b) > 0 && steps < 200; steps++ {
			before := l.Snapshot()
			nb := len(l.outbox)
			var err error
			switch r.byte() % 15 {
			case 0:
				err = l.UpdateServer(game.Server{Hostname: r.host(), HasAdminRights: r.flag(), PurchasedByPlayer: r.flag(),
					MaxRAM: r.ram() * 64, RAMUsed: r.ram(), Cores: int(r.int())})
			case 1:
				err = l.RemoveServer(r.host())
			case 2, 3:
				_, err = l.Request(Request{
					Owner: Owner{PID: int(r.int()), Controller: r.flag()}, ChunkSize: r.ram(), NumChunks: int(r.int()),
					Contiguous: r.flag(), CoreDependent: r.flag(), LongRunning: r.flag(), Shrinkable: r.flag(), Growable: r.flag(),
					Host: map[bool]string{true: r.host()}[r.flag()], Wait: r.flag(), Priority: int(r.int()), Deadline: world.Time(r.int()),
				})
			case 4, 5:
				err = l.Claim(ID(r.byte()%8), Claim{PID: int(r.int()), Host: r.host(), Filename: "w", ChunkSize: r.ram(), NumChunks: int(r.int())})
			case 6:
				_, err = l.ReleasePID(int(r.int()), r.host())
			case 7:
				err = l.Free(ID(r.byte()%8), r.host(), int(r.int()))
			case 8:
				_, err = l.Release(ID(r.byte() % 8))
			case 9:
				err = l.Transfer(ID(r.byte()%8), Owner{PID: int(r.int()), Controller: r.flag()})
			case 10:
				l.Cleanup([]int{int(r.int()), int(r.int())})
			case 11:
				h := r.host()
				procs := []world.Process{{PID: int(r.int()), Host: h, Filename: map[bool]string{true: "bbctl"}[r.flag()], Threads: int(r.int()), RAM: r.ram()}}
				err = l.UpdateReserved(h, procs, ours)
			case 12:
				err = l.ObserveUsed(r.host(), r.ram())
			case 13:
				l.Expire(world.Time(r.int()))
			case 14:
				_, _, err = l.Fit(r.ram())
			}
			if err != nil {
				if after := l.Snapshot(); !reflect.DeepEqual(before, after) || len(l.outbox) != nb {
					t.Fatalf("step %d: failed call (%v) changed the ledger", steps, err)
				}
			}
			checkInvariants(t, l)
			l.Drain()
		}
	})
}
