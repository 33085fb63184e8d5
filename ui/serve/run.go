package serve

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"konvo/api/fsafe"
)

// Config is konvo serve as the command line sets it up: where to listen,
// the audit file, and the service's options.
type Config struct {
	Addr      string
	AuditPath string // appended to (JSON Lines, mode 0600, no links followed)
	Options
	// Announce, when set, is told the address listened on once it is,
	// and the host key's fingerprint (what ssh shows on first connect).
	Announce func(addr net.Addr, fingerprint string)
	// Grace bounds how long a stop waits for engineers to be told
	// (default 10 s).
	Grace time.Duration
}

// Run opens the audit log, listens, and serves until ctx ends, then tells
// every engineer, closes their connections and the log. The error is the
// serving's, else the first failure to write the audit log.
func Run(ctx context.Context, c Config) error {
	audit, err := fsafe.OpenFile(c.AuditPath, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return &SetupError{fmt.Errorf("audit log: %w", err)}
	}
	defer audit.Close()
	o := c.Options
	o.Audit = io.Writer(audit)
	srv, err := New(o)
	if err != nil {
		return &SetupError{err}
	}
	fingerprint, err := hostKeyFingerprint(o.HostKey)
	if err != nil {
		return &SetupError{err}
	}
	l, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return &SetupError{fmt.Errorf("listen on %s: %w", c.Addr, err)}
	}
	if c.Announce != nil {
		c.Announce(l.Addr(), fingerprint)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err = <-served:
		return err
	case <-ctx.Done():
	}
	grace := c.Grace
	if grace <= 0 {
		grace = 10 * time.Second
	}
	down, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err = srv.Shutdown(down, "the server was asked to stop")
	<-served
	if aerr := srv.AuditErr(); aerr != nil {
		return aerr
	}
	return err
}

// SetupError is konvo serve failing before it serves: a setting to fix
// (the audit file, the keys, the address), not a failure while serving.
type SetupError struct{ Err error }

func (e *SetupError) Error() string { return e.Err.Error() }
func (e *SetupError) Unwrap() error { return e.Err }
