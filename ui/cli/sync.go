package cli

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"konvo/api"
	"konvo/api/profile"
	"konvo/api/source"
	"konvo/api/store"
)

func runSync(args []string, e Env) error {
	c := newCommand("konvo sync")
	defer c.done()
	c.withMessagesAPI()
	if err := c.prepare(args, e); err != nil {
		return err
	}
	if c.offline {
		return profile.Usage(errors.New("konvo sync fetches from the server; drop --offline"))
	}
	st, err := c.openStore(e)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := e.ctx
	stats, err := syncRange(ctx, c, st, e)
	missing := ""
	if stats.Missing > 0 {
		missing = fmt.Sprintf(", %d transcripts missing (not stored; the next sync asks for them again)", stats.Missing)
	}
	if stats.Unreadable > 0 {
		missing += fmt.Sprintf(", %d entries from the server could not be read and were left out", stats.Unreadable)
	}
	fmt.Fprintf(e.Stderr, "synced %d sessions, %d transcripts (%d messages)%s in %d requests, %s; store %s\n",
		stats.Sessions, stats.Transcripts, stats.Messages, missing, stats.Requests, stats.Took.Round(time.Second), st.Path())
	return err
}

// syncRange fills the store for the command's range, drawing progress on a
// terminal.
func syncRange(ctx context.Context, c *command, st *store.Store, e Env) (source.SyncStats, error) {
	var mu sync.Mutex
	var last source.SyncProgress
	line := NewLine(e.Stderr, e.StderrTTY, e.Width, func() (float64, string) {
		mu.Lock()
		p := last
		mu.Unlock()
		text := fmt.Sprintf("%d sessions", p.Sessions)
		if p.TranscriptsWanted > 0 {
			text += fmt.Sprintf(" · %d of %d transcripts, %d messages", p.Transcripts, p.TranscriptsWanted, p.Messages)
		}
		if why := api.WaitNote(c.client.Pacing(), e.Now()); why != "" {
			text += " · " + why
		}
		return float64(p.Transcripts) / float64(max(p.TranscriptsWanted, 1)), text
	})
	defer line.Close()
	return source.Sync(ctx, c.client, st, source.SyncOptions{Range: c.filter.Range, Via: c.via, Progress: func(p source.SyncProgress) {
		mu.Lock()
		last = p
		mu.Unlock()
		line.Draw()
	}})
}
