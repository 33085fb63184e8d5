package cli

import (
	"fmt"
	"time"

	"konvo/api/koretest"
	"konvo/api/profile"
)

func runDemoServer(args []string, e Env) error {
	fs := profile.NewFlagSet("konvo demo-server")
	addr := fs.String("addr", "127.0.0.1:8765", "address to listen on")
	latency := fs.Duration("latency", 100*time.Millisecond, "added to every response")
	rate := fs.Int("rate", 60, "the server's per-minute limit (0: none)")
	if err := profile.Parse(fs, args, e.Stdout); err != nil {
		return err
	}
	srv, err := koretest.Start(koretest.Options{
		Corpus: koretest.Demo(e.Now()), Addr: *addr, PerMinute: *rate, PerHour: *rate * 30,
		Faults: koretest.Faults{Latency: *latency},
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(e.Stdout, "export KONVO_HOST=%s\nexport KONVO_BOT_ID=%s\nexport KONVO_ACCOUNT_ID=%s\nexport KONVO_CLIENT_ID=%s\nexport KONVO_CLIENT_SECRET=%s\n",
		srv.URL(), srv.Corpus().BotID, koretest.DemoAccountID, srv.ClientID(), srv.Secret())
	fmt.Fprintf(e.Stderr, "konvo demo-server: %d sessions of %q on %s; ctrl+c stops\n", len(srv.Corpus().Sessions()), srv.Corpus().BotName, srv.URL())
	ctx := e.ctx
	<-ctx.Done()
	return nil
}
