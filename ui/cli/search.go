package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"konvo/api"
	"konvo/api/profile"
	"konvo/api/store"
	"konvo/model"
)

func runSearch(args []string, e Env) error {
	c := newCommand("konvo search")
	c.lead = "konvo search [flags] WORDS…\n\n" +
		"The newest sessions whose stored transcripts say every word in one\n" +
		"message (user:, bot: or agent: keep what that speaker said; \"quoted\n" +
		"words\" match as a phrase), one line each: SESSION_ID, START, USER_ID\n" +
		"and the message, after syncing what the store lacks unless --offline.\n" +
		"Exit 0 found, 1 none, 2 error, as grep.\n\n"
	defer c.done()
	c.withMessagesAPI(api.MessagesV2)
	asJSON := c.fs.Bool("json", false, "one JSON object per line")
	limit := c.fs.Int("limit", 50, "the newest N matching sessions (0: all of them)")
	count := c.fs.Bool("count", false, "print how many sessions match, every one counted, instead of listing them")
	words, err := c.flags.ParseWords(c.fs, args, c.help(e))
	if err != nil {
		return err
	}
	if *limit < 0 {
		return profile.Usage(errors.New("--limit is a number of sessions, 0 for all"))
	}
	if len(words) == 0 {
		return profile.Usage(errors.New(`konvo search needs words to look for (flags go first: konvo search --from 7d user: "card 4821")`))
	}
	if err := c.resolve(e); err != nil {
		return err
	}
	st, err := c.syncedStore(e)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := e.ctx
	query := strings.Join(words, " ")
	if *count {
		if e.StderrTTY {
			// A common word over millions of messages takes seconds: say
			// so, and take the words back when the number is in.
			fmt.Fprint(e.Stderr, "konvo: counting every match…")
		}
		n, err := st.SearchCount(ctx, c.filter, query)
		if e.StderrTTY {
			fmt.Fprint(e.Stderr, "\r\x1b[K")
		}
		if err != nil {
			return err
		}
		if err := sayCoverage(ctx, e, st, c.filter.Range, "counted"); err != nil {
			return err
		}
		fmt.Fprintln(e.Stdout, n)
		if n == 0 {
			return errNoMatch // as grep -c: the count, and the exit code of no match
		}
		return nil
	}
	// One more than asked says whether there are more, without counting
	// them all.
	ask := *limit
	if ask > 0 {
		ask++
	}
	hits, err := st.Search(ctx, c.filter, query, ask)
	if err != nil {
		return err
	}
	more := *limit > 0 && len(hits) > *limit
	if more {
		hits = hits[:*limit]
	}
	if err := sayCoverage(ctx, e, st, c.filter.Range, "searched"); err != nil {
		return err
	}
	var mask *model.Masker
	if c.settings.Mask {
		if mask, err = c.settings.Masker(); err != nil {
			return err
		}
	}
	// One write for the page, not one a line: a search is over in
	// milliseconds, and 50 writes to a terminal or pipe were a tenth of it.
	out := bufio.NewWriter(e.Stdout)
	unmarked := strings.NewReplacer(store.Mark, "", store.Unmark, "")
	for _, h := range hits {
		// Masked, a value typed to find it is found and not shown.
		h.Snippet, h.Session.UserID = mask.Snippet(h.Snippet, store.Mark, store.Unmark), mask.ID(h.Session.UserID)
		plain := unmarked.Replace(h.Snippet)
		start := h.Session.Start.In(c.settings.Location).Format(time.RFC3339)
		if *asJSON {
			b, _ := json.Marshal(map[string]any{"sessionId": h.Session.ID, "start": start, "userId": h.Session.UserID, "message": h.Seq, "speaker": h.Speaker.String(), "snippet": plain})
			fmt.Fprintf(out, "%s\n", b)
			continue
		}
		// Who said it leads the snippet: "user: my card ending 4821…".
		fmt.Fprintf(out, "%s\t%s\t%s\t%s: %s\n", model.Line(h.Session.ID), start, model.Line(h.Session.UserID), h.Speaker, model.Line(plain))
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write the results: %w", err)
	}
	if more {
		fmt.Fprintf(e.Stderr, "konvo: the newest %d matching sessions; older ones match too (--limit 0 lists all)\n", *limit)
	}
	if len(hits) == 0 {
		return errNoMatch
	}
	return nil
}

// sayCoverage tells stderr how much of r the store lacks, so an offline
// answer is never taken for the whole range's.
func sayCoverage(ctx context.Context, e Env, st *store.Store, r model.Range, did string) error {
	_, missing, err := st.Missing(ctx, r)
	if err != nil || missing < time.Minute {
		return err // the seconds since the last sync are not worth a line
	}
	fmt.Fprintf(e.Stderr, "konvo: %s the stored part only; not stored: %s of the range (konvo sync over the same range fills it)\n", did, model.Span(missing))
	return nil
}
