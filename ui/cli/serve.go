package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"konvo/api/fsafe"
	"konvo/api/profile"
	"konvo/model"
	"konvo/ui"
	"konvo/ui/serve"
)

func runServe(args []string, e Env) error {
	c := newCommand("konvo serve")
	defer c.done()
	addr := c.fs.String("addr", ":2222", "address to listen on")
	authorized := c.fs.String("authorized-keys", "", "the engineers' public keys, one per line; the comment names the engineer (re-read on every connection)")
	hostKey := c.fs.String("host-key", "konvo_host_ed25519", "the server's private key; made (ed25519, mode 0600) when missing")
	auditPath := c.fs.String("audit-log", "", "where to append the audit log (JSON Lines): who connected, opened, searched, copied, exported")
	idle := c.fs.Duration("idle", 30*time.Minute, "close a connection idle this long")
	maxSessions := c.fs.Int("max-sessions", 20, "engineers connected at once")
	keyRate := c.fs.Int("key-rate", 10, "new connections a minute per key")
	if err := c.prepare(args, e); err != nil {
		return err
	}
	if *authorized == "" || *auditPath == "" {
		return profile.Usage(errors.New("konvo serve needs --authorized-keys FILE and --audit-log FILE"))
	}
	s := c.settings
	audit, err := fsafe.OpenFile(*auditPath, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return profile.Usage(fmt.Errorf("audit log: %w", err))
	}
	defer audit.Close()
	// One client, one rate budget and one store for every engineer; each
	// engineer's terminal gets its own colour depth.
	base, closeStore, err := c.appOptions(e, false, func(err error) {
		fmt.Fprintln(e.Stderr, "konvo serve: the local store did not keep a record: "+model.Line(err.Error()))
	})
	if err != nil {
		return err
	}
	defer closeStore()
	srv, err := serve.New(serve.Options{
		AuthorizedKeys: *authorized, HostKey: *hostKey, Audit: audit, Log: e.Stderr,
		Idle: *idle, MaxSessions: *maxSessions, KeyRate: *keyRate, Now: e.Now,
		App: func(string) ui.Options { return base },
	})
	if err != nil {
		return profile.Usage(err)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return profile.Usage(fmt.Errorf("listen on %s: %w", *addr, err))
	}
	ctx := e.ctx
	fmt.Fprintf(e.Stderr, "konvo serve: %s for %s on %s (audit log %s); ctrl+c or SIGTERM stops\n", s.Title, s.Host, l.Addr(), *auditPath)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err = <-served:
		return err
	case <-ctx.Done():
	}
	down, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(down, "the server was asked to stop")
	<-served
	if aerr := srv.AuditErr(); aerr != nil {
		return aerr
	}
	return err
}
