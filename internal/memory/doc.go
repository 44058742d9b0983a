// Package memory is bbctl's RAM ledger: the one allocator through which
// every GB that bbctl runs work in is booked.
//
// A Ledger tracks worker servers (total, set-aside, reserved and allocated
// RAM), allocations (equal chunks spread over workers) and claims (the
// processes running in those chunks). It is a plain value driven by the
// controller's event loop: it starts no goroutines, reads no clock (time is
// passed in as world.Time) and calls no foreign code (but for the pure
// ownership predicate given to UpdateReserved). What happens on its
// own — a waiting request granted, a growable allocation topped up, a request
// timed out, chunks lost with a deleted server — is queued as a Notice that
// the controller drains with Ledger.Drain.
//
// Every method that returns an error leaves the ledger unchanged.
//
// Check compares a Snapshot of the ledger with a view of the world and lists
// every inconsistency; it backs "bbctl leak-check".
//
// docs/memory.md describes placement, claims, growth, the pending queue,
// cleanup and reserved RAM with a worked example.
package memory
