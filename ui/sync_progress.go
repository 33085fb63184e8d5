package ui

import (
	"context"
	"fmt"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"

	"konvo/api/source"
	"konvo/model"
)

// syncProgress is a running sync's progress, written by the sync's
// goroutine and read by View.
type syncProgress struct{ done, want atomic.Int64 }

// note words it for a status line.
func (p *syncProgress) note() string {
	if p.want.Load() == 0 {
		return "syncing the range: listing its sessions…"
	}
	return fmt.Sprintf("syncing the range: %s of %s transcripts", model.Thousands(int(p.done.Load())), model.Thousands(int(p.want.Load())))
}

// syncedRangeMsg says a sync a screen started is over.
type syncedRangeMsg struct {
	to  screen
	err error
}

func (m syncedRangeMsg) owner() screen { return m.to }

// syncRange stores r's sessions and transcripts through src in a command
// (behind whatever the user does meanwhile), counting into the progress
// it returns; the end is told to the screen to.
func syncRange(ctx context.Context, src source.RangeSyncer, r model.Range, to screen) (tea.Cmd, *syncProgress) {
	p := &syncProgress{}
	return func() tea.Msg {
		err := src.SyncRange(ctx, r, func(done, want int) { p.done.Store(int64(done)); p.want.Store(int64(want)) })
		return syncedRangeMsg{to: to, err: err}
	}, p
}
