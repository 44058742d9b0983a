package gameemu

import (
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/coder/websocket"
	"github.com/dop251/goja"
)

// socket is a browser WebSocket as scripts see it: callbacks run on the
// page's loop, send queues without blocking the script.
type socket struct {
	pg     *page
	obj    *goja.Object
	url    string
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	out    [][]byte
	wake   chan struct{}
	conn   *websocket.Conn
	closed bool // close() was called
}

// The WebSocket readyState values.
const (
	wsConnecting = 0
	wsOpen       = 1
	wsClosing    = 2
	wsClosed     = 3
)

func (pg *page) newSocket(call goja.ConstructorCall) *goja.Object {
	url := call.Argument(0).String()
	ctx, cancel := context.WithCancel(context.Background())
	s := &socket{pg: pg, obj: call.This, url: url, ctx: ctx, cancel: cancel, wake: make(chan struct{}, 1)}
	o := call.This
	o.Set("url", url)
	o.Set("readyState", wsConnecting)
	o.Set("send", func(data goja.Value) {
		if o.Get("readyState").ToInteger() != wsOpen {
			pg.throw("InvalidStateError: the socket is not open")
		}
		s.mu.Lock()
		s.out = append(s.out, []byte(data.String()))
		s.mu.Unlock()
		select {
		case s.wake <- struct{}{}:
		default:
		}
	})
	o.Set("close", func(code, reason goja.Value) {
		c := websocket.StatusNormalClosure
		if !goja.IsUndefined(code) {
			c = websocket.StatusCode(code.ToInteger())
		}
		r := ""
		if !goja.IsUndefined(reason) {
			r = reason.String()
		}
		if st := o.Get("readyState").ToInteger(); st == wsClosing || st == wsClosed {
			return
		}
		o.Set("readyState", wsClosing)
		s.mu.Lock()
		s.closed = true
		conn := s.conn
		s.mu.Unlock()
		if conn != nil {
			go conn.Close(c, r)
		} else {
			s.cancel()
		}
	})
	pg.sockets[s] = true
	go s.run()
	return nil
}

// run dials, then reads until the connection ends.
func (s *socket) run() {
	h := http.Header{}
	if o := s.pg.g.cfg.Origin; o != "" {
		h.Set("Origin", o)
	}
	conn, _, err := websocket.Dial(s.ctx, s.url, &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		s.finish(1006, err.Error(), true)
		return
	}
	conn.SetReadLimit(64 << 20)
	s.mu.Lock()
	s.conn = conn
	closed := s.closed
	s.mu.Unlock()
	if closed {
		conn.Close(websocket.StatusNormalClosure, "")
		s.finish(1000, "", false)
		return
	}
	s.pg.g.l.post(func() {
		s.obj.Set("readyState", wsOpen)
		s.callback("onopen", nil)
	})
	go s.writer(conn)
	for {
		_, b, err := conn.Read(s.ctx)
		if err != nil {
			code := int(websocket.CloseStatus(err))
			reason := ""
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				reason = ce.Reason
			}
			if code < 0 {
				code = 1006
			}
			s.cancel()
			s.finish(code, reason, code == 1006)
			return
		}
		text := string(b)
		s.pg.g.l.post(func() {
			if s.obj.Get("readyState").ToInteger() != wsOpen {
				return
			}
			s.callback("onmessage", map[string]any{"data": text})
		})
	}
}

func (s *socket) writer(conn *websocket.Conn) {
	for {
		select {
		case <-s.wake:
		case <-s.ctx.Done():
			return
		}
		s.mu.Lock()
		out := s.out
		s.out = nil
		s.mu.Unlock()
		for _, b := range out {
			if err := conn.Write(s.ctx, websocket.MessageText, b); err != nil {
				return
			}
		}
	}
}

func (s *socket) finish(code int, reason string, failed bool) {
	s.pg.g.l.post(func() {
		delete(s.pg.sockets, s)
		s.obj.Set("readyState", wsClosed)
		if failed {
			s.callback("onerror", map[string]any{})
		}
		s.callback("onclose", map[string]any{"code": code, "reason": reason, "wasClean": !failed})
	})
}

func (s *socket) callback(name string, ev map[string]any) {
	f, ok := goja.AssertFunction(s.obj.Get(name))
	if !ok {
		return
	}
	e := s.pg.vm.NewObject()
	for k, v := range ev {
		e.Set(k, v)
	}
	if _, err := f(s.obj, e); err != nil {
		s.pg.g.logf("gameemu: uncaught error in WebSocket %s: %v", name, err)
	}
}

func (pg *page) closeSockets() {
	for s := range pg.sockets {
		s.cancel()
	}
}
