package memory_test

import (
	"fmt"

	"bbctl/internal/game"
	"bbctl/internal/memory"
	"bbctl/internal/world"
)

// The worked example of docs/memory.md.
func Example() {
	l, _ := memory.New(memory.Config{AgentRAM: game.GB(4)})
	for _, s := range []game.Server{
		{Hostname: "home", HasAdminRights: true, MaxRAM: game.GB(64), Cores: 4},
		{Hostname: "n00dles", HasAdminRights: true, MaxRAM: game.GB(4), Cores: 1},
		{Hostname: "pserv-0", HasAdminRights: true, PurchasedByPlayer: true, MaxRAM: game.GB(32), Cores: 1},
	} {
		_ = l.UpdateServer(s)
	}
	show := func() {
		for _, w := range l.Snapshot().Workers {
			fmt.Printf("  %-8s total %-5v set-aside %-5v reserved %-5v allocated %-6v free %v\n",
				w.Host, w.Total, w.SetAside, w.Reserved, w.Allocated, w.Free)
		}
	}
	show()

	// A grow job of 8 threads × 1.75 GB, core-dependent: home first.
	grow, _ := l.Request(memory.Request{Owner: memory.ControllerOwner(), ChunkSize: game.GB(1.75), NumChunks: 8, CoreDependent: true, Contiguous: true})
	fmt.Println("grow:", grow.Chunks)

	// A hack job of 20 × 1.75 GB: non-home first, split if it must be.
	hack, _ := l.Request(memory.Request{Owner: memory.ControllerOwner(), ChunkSize: game.GB(1.75), NumChunks: 20})
	fmt.Println("hack:", hack.Chunks)

	// The controller launches processes and each claims its chunks.
	_ = l.Claim(grow.ID, memory.Claim{PID: 101, Host: "home", Filename: "bbctl/g.js", ChunkSize: game.GB(1.75), NumChunks: 8})
	_ = l.Claim(hack.ID, memory.Claim{PID: 102, Host: "pserv-0", Filename: "bbctl/h.js", ChunkSize: game.GB(1.7), NumChunks: 18})
	_ = l.Claim(hack.ID, memory.Claim{PID: 103, Host: "n00dles", Filename: "bbctl/h.js", ChunkSize: game.GB(1.7), NumChunks: 2})

	// The player starts a 10 GB script on home; the once-a-second look sees it.
	mine := world.Process{PID: 7, Host: "home", Filename: "mine.js", Threads: 1, RAM: game.GB(10)}
	ours := func(p world.Process) bool { return p.Filename != "mine.js" }
	_ = l.UpdateReserved("home", []world.Process{mine, {PID: 101, Host: "home", Threads: 8, RAM: game.GB(1.75)}}, ours)
	show()

	// pid 103 ends: exactly its two chunks are freed.
	_, _ = l.ReleasePID(103, "n00dles")
	n, where, _ := l.Fit(game.GB(1.75))
	fmt.Println("1.75GB threads that fit:", n, where)

	// A waiting request for 16 GB in one piece.
	big, _ := l.Request(memory.Request{Owner: memory.ProcessOwner(55), ChunkSize: game.GB(16), NumChunks: 1, Contiguous: true, Wait: true, Deadline: 60_000})
	fmt.Println("big pending:", big.Pending)

	// The grow job ends; its 14 GB on home plus what was free is enough.
	_, _ = l.ReleasePID(101, "home")
	for _, nt := range l.Drain() {
		fmt.Println("notice:", nt.Kind, nt.ID, nt.Chunks)
	}

	// Owner pid 55 dies and nothing claimed its chunk: cleanup frees it.
	fmt.Printf("cleanup: %+v\n", l.Cleanup([]int{7, 102}))

	fmt.Println("leak check:", memory.Check(l.Snapshot(), memory.WorldView{Servers: []memory.ServerView{
		{Host: "home", MaxRAM: game.GB(64), UsedRAM: game.GB(10), Processes: []world.Process{mine}},
		{Host: "n00dles", MaxRAM: game.GB(4)},
		{Host: "pserv-0", MaxRAM: game.GB(32), UsedRAM: game.GB(30.6), Processes: []world.Process{{PID: 102, Host: "pserv-0", Threads: 18, RAM: game.GB(1.7)}}},
	}}))

	// Output:
	//   home     total 64GB  set-aside 32GB  reserved 0GB   allocated 0GB    free 32GB
	//   n00dles  total 4GB   set-aside 0GB   reserved 0GB   allocated 0GB    free 4GB
	//   pserv-0  total 32GB  set-aside 0GB   reserved 0GB   allocated 0GB    free 32GB
	// grow: [{home 8}]
	// hack: [{pserv-0 18} {n00dles 2}]
	//   home     total 64GB  set-aside 32GB  reserved 10GB  allocated 14GB   free 8GB
	//   n00dles  total 4GB   set-aside 0GB   reserved 0GB   allocated 3.5GB  free 0.5GB
	//   pserv-0  total 32GB  set-aside 0GB   reserved 0GB   allocated 31.5GB free 0.5GB
	// 1.75GB threads that fit: 6 [{home 4} {n00dles 2}]
	// big pending: true
	// notice: granted #3 [{home 1}]
	// cleanup: {Claims:0 Allocations:1}
	// leak check: []
}
