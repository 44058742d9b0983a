package gameemu

import (
	"sync"
	"time"
)

// loop runs functions one at a time on one goroutine, like the browser's
// main thread: the game state, the JavaScript runtime and every callback
// live on it.
type loop struct {
	jobs chan func()
	quit chan struct{}
	once sync.Once
}

func newLoop() *loop {
	l := &loop{jobs: make(chan func(), 4096), quit: make(chan struct{})}
	go l.run()
	return l
}

func (l *loop) run() {
	for {
		select {
		case f := <-l.jobs:
			f()
		case <-l.quit:
			return
		}
	}
}

// post queues f; it returns false when the loop has stopped.
func (l *loop) post(f func()) bool {
	select {
	case <-l.quit:
		return false
	default:
	}
	select {
	case l.jobs <- f:
		return true
	case <-l.quit:
		return false
	}
}

// do runs f on the loop and waits for it.
func (l *loop) do(f func()) bool {
	done := make(chan struct{})
	if !l.post(func() { defer close(done); f() }) {
		return false
	}
	select {
	case <-done:
		return true
	case <-l.quit:
		return false
	}
}

// after runs f on the loop after d.
func (l *loop) after(d time.Duration, f func()) *time.Timer {
	return time.AfterFunc(d, func() { l.post(f) })
}

func (l *loop) stop() { l.once.Do(func() { close(l.quit) }) }
