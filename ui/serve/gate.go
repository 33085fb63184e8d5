package serve

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	"golang.org/x/time/rate"
)

// gate bounds the connections that have not been let in yet, in all and
// per address: with the handshake deadline, silent or trickling
// connections can neither stay nor crowd out an engineer.
type gate struct {
	mu        sync.Mutex
	max       int
	perAddr   int
	handshake time.Duration // how long a connection may take to be let in
	idle      time.Duration // how long a connection may stay quiet
	pending   int
	byAddr    map[string]int
	// refusals bounds the audit records of refused connections: a flood
	// of them must not fill the disk the audit log is on.
	refusals *rate.Limiter
}

type pendingKey struct{}

// pendingConn is a connection holding a place at the gate until it is
// let in or closed, whichever comes first, and closed when it stays quiet
// for the idle limit. The deadlines are timers here rather than the SSH
// library's (its handshake and idle deadlines race with each other,
// charm.land/ssh v0.4.2, seen under -race).
type pendingConn struct {
	net.Conn
	release func()
	idle    time.Duration
	active  atomic.Int64 // unix nanoseconds of the last read or write
}

func (c *pendingConn) Read(b []byte) (int, error) {
	c.active.Store(time.Now().UnixNano())
	return c.Conn.Read(b)
}

func (c *pendingConn) Write(b []byte) (int, error) {
	c.active.Store(time.Now().UnixNano())
	return c.Conn.Write(b)
}

func (c *pendingConn) Close() error {
	c.release()
	return c.Conn.Close()
}

// watch closes the connection once it has been quiet for the idle limit.
func (c *pendingConn) watch() {
	quiet := time.Since(time.Unix(0, c.active.Load()))
	if quiet >= c.idle {
		c.Close()
		return
	}
	time.AfterFunc(c.idle-quiet, c.watch)
}

// admit is the server's connection hook: it refuses a connection over
// the limits (closing it at once) and holds a place for the rest.
func (g *gate) admit(s *Server) ssh.ConnCallback {
	return func(ctx ssh.Context, conn net.Conn) net.Conn {
		host := hostOf(conn.RemoteAddr())
		g.mu.Lock()
		if g.pending >= g.max || g.byAddr[host] >= g.perAddr {
			g.mu.Unlock()
			if g.refusals.Allow() {
				s.audit.write(Record{Event: "refused", Remote: addr(conn.RemoteAddr()), Reason: "too many connections not yet authenticated"})
			}
			return nil
		}
		g.pending++
		g.byAddr[host]++
		g.mu.Unlock()
		var once sync.Once
		// A connection not let in by the deadline is closed.
		timer := time.AfterFunc(g.handshake, func() { conn.Close() })
		release := func() {
			once.Do(func() {
				timer.Stop()
				g.mu.Lock()
				defer g.mu.Unlock()
				g.pending--
				if g.byAddr[host]--; g.byAddr[host] <= 0 {
					delete(g.byAddr, host)
				}
			})
		}
		ctx.SetValue(pendingKey{}, release)
		pc := &pendingConn{Conn: conn, release: release, idle: g.idle}
		pc.active.Store(time.Now().UnixNano())
		if g.idle > 0 {
			time.AfterFunc(g.idle, pc.watch)
		}
		return pc
	}
}

// authenticated gives back the place of a connection just let in.
func (g *gate) authenticated(ctx ssh.Context) {
	if release, ok := ctx.Value(pendingKey{}).(func()); ok {
		release()
	}
}

// Pending is how many connections wait at the gate.
func (g *gate) Pending() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.pending
}
