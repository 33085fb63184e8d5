package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"konvo/api"
	"konvo/api/export"
	"konvo/api/profile"
	"konvo/model"
	"konvo/ui"
)

func runExport(args []string, e Env) error {
	var messages, resume bool
	var ids profile.ListFlag
	var output string
	c := newCommand("konvo export")
	c.lead = "konvo export [flags]\n\n" +
		"Write the filter's sessions, newest first, one JSON object a line (or\n" +
		"--format csv or md), to stdout or --output FILE; --messages adds each\n" +
		"transcript, fetched in batched calls. --offline writes what is stored.\n\n"
	defer c.done()
	fs := c.fs
	fs.BoolVar(&messages, "messages", false, `add "messages": [...] to each session, oldest first`)
	fs.Var(&ids, "session", "just this session id (repeatable)")
	fs.StringVar(&output, "output", "", "write to this file (mode 0600, complete or not at all) instead of stdout")
	fs.StringVar(&output, "o", "", "short for --output")
	fs.BoolVar(&resume, "resume", false, "continue an interrupted --output export where its .partial file ends")
	// An export is every message unless asked otherwise: getMessagesV2
	// leaves alert and action task messages out.
	c.withMessagesAPI(api.MessagesV1)
	format := fs.String("format", "jsonl", "jsonl (each session as the server sent it), csv (one row a session) or md (readable transcripts)")
	if err := c.prepare(args, e); err != nil {
		return err
	}
	if resume && output == "" {
		return profile.Usage(errors.New("--resume continues an --output file; name it with -o"))
	}
	switch *format {
	case "jsonl":
	case "csv":
		if messages {
			return profile.Usage(errors.New("a csv export has a row a session and no place for messages: use --format jsonl or md"))
		}
	case "md":
		messages = true // a readable export is the transcripts
	default:
		return profile.Usage(fmt.Errorf("--format %q: want jsonl, csv or md", *format))
	}
	filter := c.filter
	for _, id := range ids {
		filter.SessionIDs = append(filter.SessionIDs, strings.FieldsFunc(id, func(r rune) bool { return r == ',' || r == ' ' })...)
	}
	var w io.Writer = e.Stdout
	var file *export.File
	if output != "" {
		var err error
		if file, err = openExport(output, resume); err != nil {
			return profile.Usage(err)
		}
		w = file
	}
	ctx := e.ctx
	start := e.Now()
	loc := c.settings.Location
	opts := export.Options{Messages: messages, Via: c.via, Format: *format, Location: loc,
		Markdown: func(s model.Session, m []model.Message) []byte { return ui.TranscriptMarkdown(s, m, loc) }}
	if file != nil {
		opts.Skip = file.Done
	}
	if c.settings.Mask {
		m, err := c.settings.Masker()
		if err != nil {
			return err
		}
		opts.Mask = m
	}
	var st export.Stats
	var err error
	if c.offline {
		store, serr := c.openStore(e)
		if serr != nil {
			return serr
		}
		defer store.Close()
		st, err = export.FromStore(ctx, store, filter, w, opts)
		if cerr := sayCoverage(ctx, e, store, filter.Range, "exported"); cerr != nil && err == nil {
			err = cerr
		}
		if err == nil && st.NotStored > 0 {
			// Said and not passed off as whole: the exit is not 0.
			err = fmt.Errorf("%d of %d sessions have no stored transcript and were written without a messages member (konvo sync fills them)", st.NotStored, st.Sessions)
		}
	} else {
		line, update := NewProgressLine(e.Stderr, e.StderrTTY, e.Width, c.client.Pacing, e.Now, messages)
		opts.Progress = update
		st, err = export.Run(ctx, c.client, filter, w, opts)
		line.Close()
	}
	return finishExport(e, st, err, file, messages, e.Now().Sub(start))
}

func openExport(path string, resume bool) (*export.File, error) {
	if resume {
		return export.Resume(path)
	}
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("%s exists; konvo does not overwrite an export (move it, or name another file)", path)
	}
	return export.Create(path)
}

// finishExport puts a file export in place (or keeps what is whole of an
// interrupted one) and says what reached the output.
func finishExport(e Env, st export.Stats, err error, file *export.File, messages bool, took time.Duration) error {
	summary := "exported " + model.Quantity(st.Sessions, "session", "sessions")
	if messages {
		summary += " with " + model.Quantity(st.Messages, "message", "messages")
	}
	if st.Skipped > 0 {
		summary += fmt.Sprintf(" (and %d written before, resumed)", st.Skipped)
	}
	var unknown *export.UnknownIDsError
	if file != nil {
		if err == nil || errors.As(err, &unknown) {
			if cerr := file.Commit(); cerr != nil {
				return cerr
			}
		} else {
			_ = file.Keep()
			fmt.Fprintf(e.Stderr, "%s to %s before stopping; run the same command with --resume to finish\n", summary, file.Partial())
			summary = ""
		}
	}
	if st.Unreadable > 0 {
		fmt.Fprintf(e.Stderr, "konvo: %d entries from the server could not be read and were left out\n", st.Unreadable)
	}
	switch {
	case summary == "":
	case err == nil:
		fmt.Fprintf(e.Stderr, "%s in %s\n", summary, took.Round(time.Millisecond))
	case st.Sessions > 0:
		// A partial export is worth knowing about before the error.
		fmt.Fprintf(e.Stderr, "%s before stopping\n", summary)
	}
	if err == nil && st.Short() {
		fmt.Fprintf(e.Stderr, "konvo: the server counts %d sessions in the range; %d were written\n", st.Total, st.Sessions+st.Skipped)
	}
	return err
}
