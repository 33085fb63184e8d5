// Package export writes sessions as JSON Lines: each line is the session
// object exactly as the server sent it (its own field names and values,
// unknown fields kept), newest first, optionally with its transcript added
// as "messages", oldest first.
package export

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"konvo/api"
	"konvo/model"
)

// Options shape an export.
type Options struct {
	// Messages adds each session's transcript, fetched in batched calls.
	Messages bool
	// Via is the API transcripts come through: getMessages (every
	// message) unless set.
	Via api.MessagesAPI
	// Progress, when set, is told after every page that arrives.
	Progress func(Progress)
	// Skip names sessions already written (a resumed export): they are
	// neither fetched again nor written twice.
	Skip map[string]bool
	// Format is "jsonl" (the default), "csv" or "md". Markdown needs
	// Markdown, which renders one session's transcript.
	Format   string
	Markdown func(model.Session, []model.Message) []byte
	// Location is where csv times are written (default UTC).
	Location *time.Location
	// Mask, when set, masks personal data in every record written (the
	// store and the server's bytes are left as they are).
	Mask *model.Masker
}

// Progress is how far an export has come.
type Progress struct {
	Sessions int  // written, or with their transcript fetched
	Total    int  // what the server reports for the range
	Exact    bool // false while some windows have not been asked yet
	Messages int  // transcript messages fetched
}

// Stats says what an export wrote: only what reached the writer counts.
type Stats struct {
	Sessions, Messages int
	// Total is the server's count for the range (exact once every window
	// was asked), to compare with what was written.
	Total      int
	TotalExact bool
	// Skipped counts sessions left out because an earlier run wrote them.
	Skipped int
	// Unreadable counts server entries that could not be read.
	Unreadable int
	// NotStored counts sessions exported offline without a transcript,
	// because none was stored.
	NotStored int
	// LeftOut counts sessions the filter's own conditions (channel,
	// language), which the server does not apply, left out.
	LeftOut int

	msgUnreadable int // of Unreadable, those in transcripts
}

// flushAt is how many sessions an export with transcripts gathers before
// it fetches theirs: enough for full batches (50 sessions a call) on a
// handful of channels, where a single page of 100 split over five
// channels made five part-empty calls.
const flushAt = 250

// Run writes the filter's sessions to w, one JSON object a line. Each
// chunk is written with a single Write of whole lines, so an interrupted
// export leaves whole records behind, never a cut one. With transcripts,
// sessions are gathered across pages so that batches are full.
func Run(ctx context.Context, c *api.Client, f model.Filter, w io.Writer, o Options) (Stats, error) {
	var st Stats
	p := c.BulkSessions(f) // every page is read: as large as the host gives
	var buf bytes.Buffer
	var pending []model.Session
	// write writes sessions, with their transcripts when asked for, in
	// one Write of whole lines.
	write := func(sessions []model.Session, transcripts api.TranscriptSet) error {
		buf.Reset()
		msgs := 0
		if o.Format == "csv" && st.Sessions == 0 && st.Skipped == 0 {
			buf.Write(csvHeader())
		}
		for _, s := range sessions {
			m := transcripts.Messages[s.ID]
			msgs += len(m)
			buf.Write(o.record(s, m))
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		st.Sessions += len(sessions)
		st.Messages += msgs
		return nil
	}
	// flush fetches the pending sessions' transcripts (when asked for)
	// and writes them.
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		var transcripts api.TranscriptSet
		if o.Messages {
			written, before := st.Sessions, st.Messages
			tell := func(done, msgs int) {
				if o.Progress != nil {
					total, exact := p.Total()
					o.Progress(Progress{Sessions: written + done, Total: total, Exact: exact, Messages: before + msgs})
				}
			}
			var err error
			transcripts, err = c.BulkTranscripts(ctx, pending, o.Via, api.Interactive, tell)
			st.msgUnreadable += transcripts.Unreadable
			st.Unreadable = p.Unreadable() + st.msgUnreadable
			if err != nil {
				// Those whose transcript arrived whole are written, so an
				// interrupted export keeps them and --resume goes on
				// after them; the rest are not passed off as whole.
				missing := make(map[string]bool, len(transcripts.Missing))
				for _, id := range transcripts.Missing {
					missing[id] = true
				}
				if werr := write(slices.DeleteFunc(pending, func(s model.Session) bool { return missing[s.ID] }), transcripts); werr != nil {
					return werr
				}
				return err
			}
		}
		if err := write(pending, transcripts); err != nil {
			return err
		}
		pending = pending[:0]
		if o.Progress != nil {
			o.Progress(Progress{Sessions: st.Sessions, Total: st.Total, Exact: st.TotalExact, Messages: st.Messages})
		}
		return nil
	}
	for {
		page, err := p.Next(ctx)
		st.Total, st.TotalExact = p.Total()
		st.Unreadable = p.Unreadable() + st.msgUnreadable
		if err != nil {
			return st, err
		}
		for _, s := range page.Sessions {
			switch {
			case o.Skip[s.ID]:
				st.Skipped++
			case !f.Local(s):
				st.LeftOut++
			default:
				pending = append(pending, s)
			}
		}
		if !o.Messages || len(pending) >= flushAt || page.Done {
			if err := flush(); err != nil {
				return st, err
			}
		}
		if page.Done {
			break
		}
	}
	if inv := p.Invalid(); len(inv) > 0 {
		return st, &UnknownIDsError{IDs: inv}
	}
	return st, nil
}

// Short reports whether fewer sessions were written than the server
// counts for the range (after skipping what an earlier run wrote and
// what the filter's own conditions left out).
func (st Stats) Short() bool {
	return st.TotalExact && st.Sessions+st.Skipped+st.LeftOut < st.Total
}

// record is one session in the export's format, newline included.
func (o Options) record(s model.Session, msgs []model.Message) []byte {
	if o.Mask != nil {
		s = o.Mask.Session(s)
		masked := make([]model.Message, len(msgs))
		for i, m := range msgs {
			masked[i] = o.Mask.Message(m)
		}
		msgs = masked
	}
	switch o.Format {
	case "csv":
		loc := o.Location
		if loc == nil {
			loc = time.UTC
		}
		return csvRow(s, loc)
	case "md":
		return append(o.Markdown(s, msgs), '\n')
	}
	if o.Messages {
		return append(WithMessages(s.Raw, msgs), '\n')
	}
	return append(Compact(s.Raw), '\n')
}

// UnknownIDsError lists requested session ids the server did not know; the
// sessions it did know were written.
type UnknownIDsError struct{ IDs []string }

func (e *UnknownIDsError) Error() string {
	return fmt.Sprintf("%d session id(s) not found: %v", len(e.IDs), e.IDs)
}

// Compact is a record on one line, whatever the server's formatting; a
// record that is not valid JSON is written as JSON null rather than
// breaking the line structure.
func Compact(raw []byte) []byte {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return []byte("null")
	}
	return b.Bytes()
}

// WithMessages adds "messages": [...] as the last member of the session
// object, leaving every value the server sent as it was. Records are
// compacted, so the line stays one line.
func WithMessages(session []byte, msgs []model.Message) []byte {
	obj := Compact(session)
	if len(obj) < 2 || obj[0] != '{' || obj[len(obj)-1] != '}' {
		return obj
	}
	out := make([]byte, 0, len(obj)+64*len(msgs)+16)
	out = append(out, obj[:len(obj)-1]...)
	if len(obj) > 2 {
		out = append(out, ',')
	}
	out = append(out, `"messages":[`...)
	for i, m := range msgs {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, Compact(m.Raw)...)
	}
	return append(out, "]}"...)
}
