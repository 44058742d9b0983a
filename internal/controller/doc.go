// Package controller is bbctl's main job: given a world, earn the most money
// per second its RAM allows, and keep earning through level-ups, faults and
// restarts.
//
// The Controller is a deterministic state machine in the shape of etcd's
// raft: Step feeds it a world event (a worker's report, a process's end, a
// level-up, a tick), and Ready hands back what it wants done (kill, exec,
// root, copy, read the world, solve contracts). Each field of Ready is
// answered by a feedback method — Observe for a reading of the network,
// Launched for the outcome of the execs, and so on: Ready's doc is the
// driver's contract, the order included. It starts no goroutines, reads no
// clock and does no I/O. Run is the loop that carries its decisions out on
// a world.World — the simulator or the live game alike — and feeds the
// results back.
//
// Inside, one event loop drives four services:
//
//   - discovery: walks the network, opens ports and nukes, copies the
//     workers, and classifies servers as workers and targets;
//   - the RAM ledger (package memory): every GB a job runs in;
//   - the planner: the income programme of package hacking solved with the
//     RAM actually free, which picks each target's batch shape and rate;
//   - the scheduler: each target's lifecycle (pending → till → sow →
//     harvest), HWGW batches whose operations are launched just in time and
//     land at absolute times, repair of targets that drift, and recovery of
//     the work a previous controller left running.
//
// docs/scheduler.md explains the timing with a diagram.
package controller
