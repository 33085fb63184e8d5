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
	"konvo/model"
)

func runSync(args []string, e Env) error {
	c := newCommand("konvo sync")
	c.lead = "konvo sync [flags]\n\n" +
		"Store the range's sessions and transcripts locally, asking only for\n" +
		"what the store lacks (and the last two hours), many sessions a call;\n" +
		"it ends with the requests it made against their floor.\n\n"
	defer c.done()
	c.withMessagesAPI(api.MessagesV2)
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
		missing = ", " + model.Quantity(stats.Missing, "transcript", "transcripts") + " missing (not stored; the next sync asks for them again)"
	}
	if stats.Unreadable > 0 {
		missing += ", " + model.Quantity(stats.Unreadable, "entry", "entries") + " from the server could not be read and " + model.Pick(stats.Unreadable, "was", "were") + " left out"
	}
	floor := ""
	if stats.Floor > 0 {
		floor = fmt.Sprintf(" (transcripts %d, the floor %d)", stats.TranscriptRequests, stats.Floor)
	}
	fmt.Fprintf(e.Stderr, "synced %s, %s (%s)%s in %s%s, %s; store %s\n",
		model.Quantity(stats.Sessions, "session", "sessions"), model.Quantity(stats.Transcripts, "transcript", "transcripts"),
		model.Quantity(stats.Messages, "message", "messages"), missing, model.Quantity(stats.Requests, "request", "requests"), floor,
		stats.Took.Round(time.Second), st.Path())
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
		text := model.Quantity(p.Sessions, "session", "sessions")
		if p.TranscriptsWanted > 0 {
			text += fmt.Sprintf(" · %s of %s, %s", model.Thousands(p.Transcripts), model.Quantity(p.TranscriptsWanted, "transcript", "transcripts"), model.Quantity(p.Messages, "message", "messages"))
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
