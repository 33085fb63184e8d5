package serve

import (
	"net"
	"sync"

	"charm.land/ssh"
	"golang.org/x/time/rate"
)

// gate bounds the connections that have not been let in yet, in all and
// per address: with the handshake deadline, silent or trickling
// connections can neither stay nor crowd out an engineer.
type gate struct {
	mu      sync.Mutex
	max     int
	perAddr int
	pending int
	byAddr  map[string]int
	// refusals bounds the audit records of refused connections: a flood
	// of them must not fill the disk the audit log is on.
	refusals *rate.Limiter
}

type pendingKey struct{}

// pendingConn is a connection holding a place at the gate until it is
// let in or closed, whichever comes first.
type pendingConn struct {
	net.Conn
	release func()
}

func (c *pendingConn) Close() error {
	c.release()
	return c.Conn.Close()
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
		release := func() {
			once.Do(func() {
				g.mu.Lock()
				defer g.mu.Unlock()
				g.pending--
				if g.byAddr[host]--; g.byAddr[host] <= 0 {
					delete(g.byAddr, host)
				}
			})
		}
		ctx.SetValue(pendingKey{}, release)
		return &pendingConn{Conn: conn, release: release}
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
