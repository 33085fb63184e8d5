package cli

import (
	"errors"
	"fmt"
	"net"
	"slices"
	"time"

	"konvo/api/profile"
	"konvo/model"
	"konvo/ui"
	"konvo/ui/serve"
)

func runServe(args []string, e Env) error {
	c := newScreenCommand("konvo serve")
	c.lead = "konvo serve [flags]\n\n" +
		"Serve konvo over SSH to the engineers of --authorized-keys, each with\n" +
		"their own screen and memory, one client and store shared, personal\n" +
		"data masked by default, every action in the audit log.\n\n"
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
	// One client, one rate budget and one store for every engineer; each
	// engineer's terminal gets its own colour depth.
	base, closeStore, err := c.appOptions(e, false, func(err error) {
		fmt.Fprintln(e.Stderr, "konvo serve: the local store did not keep a record: "+model.Line(err.Error()))
	})
	if err != nil {
		return err
	}
	defer closeStore()
	// Personal data is masked for every engineer unless the config says
	// mask: false; the config's unmask: names who may unmask besides the
	// keys whose comment grants it.
	var mask *model.Masker
	if !s.MaskOff {
		if mask, err = s.Masker(); err != nil {
			return err
		}
	}
	mayUnmask := func(who serve.Engineer) bool {
		return slices.ContainsFunc(s.Unmask, func(n string) bool { return n == who.Name || n == who.Fingerprint })
	}
	err = serve.Run(e.ctx, serve.Config{
		Addr: *addr, AuditPath: *auditPath,
		Options: serve.Options{
			AuthorizedKeys: *authorized, HostKey: *hostKey, Log: e.Stderr,
			Idle: *idle, MaxSessions: *maxSessions, KeyRate: *keyRate, Now: e.Now,
			App:  func(serve.Engineer) ui.Options { return base },
			Mask: mask, MayUnmask: mayUnmask,
		},
		Announce: func(at net.Addr, fingerprint string) {
			fmt.Fprintf(e.Stderr, "konvo serve: %s for %s on %s, host key %s (audit log %s); ctrl+c or SIGTERM stops\n", s.Title, s.Host, at, fingerprint, *auditPath)
		},
	})
	var setup *serve.SetupError
	if errors.As(err, &setup) {
		return profile.Usage(err)
	}
	return err
}
