package main

import (
	"flag"
	"fmt"
	"net"

	"bbctl/internal/dashboard"
)

// startDashboard serves a dashboard on addr ("off": none) for a command.
// If addr is the default and its port is taken (another bbctl, say), it
// serves on a free port instead; an address the player chose must be free.
// It returns the hub (nil when off) and a function that ends the dashboard.
func startDashboard(e env, fs *flag.FlagSet, cmd, addr string, opt dashboard.Options) (*dashboard.Hub, func(), error) {
	if addr == "off" {
		return nil, func() {}, nil
	}
	hub := dashboard.New(opt)
	srv, err := dashboard.Listen(addr, hub.Handler())
	if err != nil && !flagSet(fs, "dashboard") {
		fmt.Fprintf(e.stderr, "bbctl %s: %v; using a free port instead\n", cmd, err)
		srv, err = dashboard.Listen(defaultDashboardAny, hub.Handler())
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w (choose another address with --dashboard ADDR, or --dashboard off)", err)
	}
	fmt.Fprintf(e.stderr, "bbctl %s: dashboard at %s\n", cmd, srv.URL())
	if host, _, err := net.SplitHostPort(addr); err == nil && !isLoopback(host) {
		fmt.Fprintf(e.stderr, "bbctl %s: WARN the dashboard listens on %s, which is not loopback: anyone who can reach it can watch the run and pause or resume it\n", cmd, addr)
	}
	return hub, func() { hub.Finish(); srv.Close() }, nil
}
