package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"konvo/model"
)

// Hit is a session whose stored transcript matched a search: its first
// matching message and a snippet of it around the match.
type Hit struct {
	Session model.Session
	Seq     int // the first matching message, 0-based
	// Snippet is the matching text with each match between Mark and
	// Unmark. It is the server's text: sanitise before drawing.
	Snippet string
	// Speaker said the matching message.
	Speaker model.Speaker
}

// The markers around a match in a snippet: characters no text holds
// after sanitising, so a renderer can split on them safely.
const (
	Mark   = "\x01"
	Unmark = "\x02"
)

// Search finds the sessions of f whose stored transcripts say every word
// and "phrase" of query in one message, said by whom the query names
// (model.ParseQuery), newest first, at most limit of them (0: all). Case does
// not matter; substrings and CJK match (a trigram index).
func (s *Store) Search(ctx context.Context, f model.Filter, query string, limit int) ([]Hit, error) {
	return s.SearchFrom(ctx, f, query, 0, limit)
}

// SearchFrom is Search's answer from its from-th session on, at most
// limit of them (0: all): the next page of a list that shows more as it
// is scrolled. It reads the index down to the end of that page only.
func (s *Store) SearchFrom(ctx context.Context, f model.Filter, query string, from, limit int) (_ []Hit, err error) {
	defer s.checkDamaged(&err)
	upTo := 0
	if limit > 0 {
		upTo = from + limit
	}
	out, pq, err := s.hits(ctx, f, query, upTo)
	if err != nil {
		return nil, err
	}
	out = out[min(from, len(out)):]
	words := wordsPattern(pq.Terms) // compiled once for every snippet
	for i := range out {
		if out[i].Snippet, err = s.snippet(ctx, out[i].Session.ID, out[i].Seq, words); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SearchCount is how many sessions Search finds, every one of them: the
// exact count a list of the newest asks for on demand. It reads every
// hit, so it takes as long as the word is common, and stops when ctx
// ends.
func (s *Store) SearchCount(ctx context.Context, f model.Filter, query string) (_ int, err error) {
	defer s.checkDamaged(&err)
	out, _, err := s.hits(ctx, f, query, 0)
	return len(out), err
}

// hits are the newest upTo sessions query finds (0: all), without their
// snippets, and the query as parsed.
func (s *Store) hits(ctx context.Context, f model.Filter, query string, upTo int) ([]Hit, model.Query, error) {
	if len(query) > MaxQuery {
		return nil, model.Query{}, &QueryTooLongError{Len: len(query)}
	}
	pq := model.ParseQuery(query)
	where, args, indexed := matchClause(pq.Terms)
	if where == "" {
		return nil, pq, nil
	}
	if len(pq.Speakers) > 0 {
		where += ` AND m.speaker IN (?` + strings.Repeat(`,?`, len(pq.Speakers)-1) + `)`
		for _, sp := range pq.Speakers {
			args = append(args, int(sp))
		}
	}
	// The index read from its newest rowid down meets the sessions newest
	// first, each one's messages together (rowids.go): a session is
	// whole when the next one's first row comes, and the search stops
	// once the page is full, so a common word costs a page, not every
	// hit. The range is the index's rowid range.
	//
	// Words under the trigram size alone have no index to use: they are
	// looked for in the index's own text table (FTS5's documented
	// message_text_content, rowid id, the folded text c0), which a scan
	// reads ten times faster than the FTS5 table answers one, newest
	// first and stopping as the index does.
	q := `SELECT m.rowid, m.session_id, m.seq, m.speaker FROM message_text JOIN messages m ON m.rowid = message_text.rowid
		WHERE ` + strings.ReplaceAll(where, "$body", "message_text.body") + ` AND message_text.rowid >= ? AND message_text.rowid < ? ORDER BY message_text.rowid DESC`
	if !indexed {
		q = `SELECT m.rowid, m.session_id, m.seq, m.speaker FROM message_text_content c JOIN messages m ON m.rowid = c.id
			WHERE ` + strings.ReplaceAll(where, "$body", "c.c0") + ` AND c.id >= ? AND c.id < ? ORDER BY c.id DESC`
	}
	args = append(args, rowidBase(ms(f.Range.From)), rowidBound(ms(f.Range.To)))
	out, err := s.searchRows(ctx, f, q, args, upTo)
	return out, pq, err
}

// searchRows reads the hits of q (rowid, session, seq, speaker, newest
// rowid first) into at most limit sessions of f (0: all), newest first.
func (s *Store) searchRows(ctx context.Context, f model.Filter, q string, args []any, limit int) ([]Hit, error) {
	// One connection for the hits and the look-ups beside them: a second
	// would be opened for the look-ups while the hits are read, and a new
	// connection parses the whole schema first (a millisecond of every
	// konvo search).
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("search the local store: %w", err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("search the local store: %w", err)
	}
	defer rows.Close()
	look, err := conn.PrepareContext(ctx, `SELECT raw, containment, start_ms, user_id FROM sessions WHERE id = ?`)
	if err != nil {
		return nil, fmt.Errorf("search the local store: %w", err)
	}
	defer look.Close()
	var out []Hit
	var cur Hit // the session being read: its lowest seq so far
	var curID string
	var lastSec int64 = -1 // the start second of the page's last session
	// take weighs a whole session against the filter.
	taken := map[string]bool{}
	take := func() error {
		if curID == "" || taken[curID] {
			return nil // (a session's block is whole but for a move cut short: once)
		}
		taken[curID] = true
		var raw []byte
		var c int
		var start int64
		var user string
		err := look.QueryRowContext(ctx, curID).Scan(&raw, &c, &start, &user)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // a transcript whose session is not stored
		}
		if err != nil {
			return fmt.Errorf("search the local store: %w", err)
		}
		if start < ms(f.Range.From) || start >= ms(f.Range.To) || f.Containment != model.All && c != int(f.Containment) || f.UserID != "" && user != f.UserID {
			return nil
		}
		if cur.Session, err = decodeSession(raw, c); err != nil {
			return err
		}
		if f.Matches(cur.Session) {
			out = append(out, cur)
			if limit > 0 && len(out) == limit {
				lastSec = start / 1000
			}
		}
		return nil
	}
	for rows.Next() {
		var rowid int64
		var sid string
		var h Hit
		var sp int
		if err := rows.Scan(&rowid, &sid, &h.Seq, &sp); err != nil {
			return nil, fmt.Errorf("search the local store: %w", err)
		}
		h.Speaker = model.Speaker(sp)
		if sid == curID {
			cur.Seq, cur.Speaker = h.Seq, h.Speaker // lower in the session
			continue
		}
		if err := take(); err != nil {
			return nil, err
		}
		// Full: go on only through the sessions of the last one's
		// second, which sort by id among themselves.
		if lastSec >= 0 && rowid>>rowidShift < lastSec {
			curID = ""
			break
		}
		cur, curID = h, sid
	}
	if err := take(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search the local store: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Session, out[j].Session
		if !a.Start.Equal(b.Start) {
			return a.Start.After(b.Start)
		}
		return a.ID < b.ID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// snippet is the text of one message as a reader sees it, around its
// first match, every match marked. Done here rather than by FTS5's
// snippet(), which would evaluate the whole query again for each hit.
// The text is found again from the message as sent, for the page's few
// hits, rather than kept beside the index for every message: writing
// it there was a tenth of an import (schema 16).
func (s *Store) snippet(ctx context.Context, sessionID string, seq int, words *regexp.Regexp) (string, error) {
	var raw []byte
	err := s.db.QueryRowContext(ctx, `SELECT raw FROM messages WHERE session_id = ? AND seq = ?`, sessionID, seq).Scan(&raw)
	if err != nil {
		return "", fmt.Errorf("search the local store: %w", err)
	}
	var m model.Message
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", nil // indexed, so readable once; a snippet is not worth failing the search
	}
	return markSnippet(model.Readable(m), words, snippetRunes), nil
}

// wordsPattern matches any term of the query, in any case.
func wordsPattern(terms []string) *regexp.Regexp {
	var alts []string
	for _, w := range terms {
		alts = append(alts, regexp.QuoteMeta(w))
	}
	return regexp.MustCompile("(?i)" + strings.Join(alts, "|")) // quoted words always compile
}

// snippetRunes is about how much text a snippet keeps.
const snippetRunes = 120

// markSnippet cuts text to about width runes around the first match of
// re and marks every match in what is kept.
func markSnippet(text string, re *regexp.Regexp, width int) string {
	text = strings.Join(strings.Fields(text), " ") // one line
	first := re.FindStringIndex(text)
	if first != nil {
		runes := []rune(text)
		at := len([]rune(text[:first[0]]))
		from := max(at-width/3, 0)
		// Start at a word, not inside one.
		for stop := max(from-12, 0); from > stop && runes[from-1] != ' '; from-- {
		}
		to := min(from+width, len(runes))
		cut := string(runes[from:to])
		if from > 0 {
			cut = "…" + cut
		}
		if to < len(runes) {
			cut += "…"
		}
		text = cut
	}
	return re.ReplaceAllStringFunc(text, func(m string) string { return Mark + m + Unmark })
}

// MaxQuery bounds a search: past it SQLite answered "Expression tree is
// too large", and no one types a query that long.
const MaxQuery = 1000

// QueryTooLongError is a search over MaxQuery bytes.
type QueryTooLongError struct{ Len int }

func (e *QueryTooLongError) Error() string {
	return fmt.Sprintf("the search is %d bytes long; konvo searches at most %d: look for a few words of it", e.Len, MaxQuery)
}

// matchClause turns the words of a query into an index condition: words
// of three characters or more through the trigram index, shorter ones by
// instr (the trigram index cannot serve them, so they only narrow). The
// index and the words are case-folded alike.
//
// The text column is written $body, for the caller to name; indexed says
// whether the condition uses the trigram index.
func matchClause(query []string) (where string, args []any, indexed bool) {
	var terms []string
	var conds []string
	for _, w := range query {
		w = fold(w)
		if len([]rune(w)) >= 3 {
			terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
			continue
		}
		conds = append(conds, `instr($body, ?) > 0`)
		args = append(args, w)
	}
	if len(terms) > 0 {
		conds = append([]string{`message_text MATCH ?`}, conds...)
		args = append([]any{strings.Join(terms, " ")}, args...)
	}
	return strings.Join(conds, " AND "), args, len(terms) > 0
}
