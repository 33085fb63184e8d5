package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"konvo/api/store"
	"konvo/model"
)

// ReadStats count what Read met.
type ReadStats struct {
	Lines, Sessions, Messages int
	Bytes                     int64
	// Bad are lines that are no session record; FirstBad is the first of
	// them (1-based), to look at.
	Bad, FirstBad int
}

// ErrNotJSONLines is Read's answer to a file that is not konvo's JSON
// Lines export (a CSV or Markdown export, say): nothing is imported.
var ErrNotJSONLines = errors.New("not a JSON Lines export (konvo export --messages writes one)")

// maxRecord bounds one line: a session of 10,000 rich messages is a few
// tens of MB; a larger line is no export of konvo's.
const maxRecord = 256 << 20

// Read reads konvo export JSON Lines (sessions as the server sent them,
// each with its "messages" when exported with --messages) and hands them
// on in batches of about batchMessages messages. The records are kept as
// they were written, so an export of what was imported is the same
// bytes. fn may keep the batch it is given. A line that is no session record is counted, not fatal; a first
// line that is no JSON object at all ends the read with ErrNotJSONLines.
func Read(ctx context.Context, r io.Reader, batchMessages int, fn func([]store.Entry, ReadStats) error) (ReadStats, error) {
	var st ReadStats
	br := bufio.NewReaderSize(r, 1<<20)
	var batch []store.Entry
	inBatch := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := fn(batch, st)
		batch, inBatch = nil, 0 // fn may keep it: a new one for the next
		return err
	}
	for {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		line, err := readLine(br)
		if len(line) > 0 {
			st.Lines++
			st.Bytes += int64(len(line))
			im, ok := decodeRecord(bytes.TrimSpace(line))
			switch {
			case ok:
				st.Sessions++
				st.Messages += len(im.Messages)
				batch = append(batch, im)
				inBatch += len(im.Messages) + 1
				if inBatch >= batchMessages {
					if err := flush(); err != nil {
						return st, err
					}
				}
			case len(bytes.TrimSpace(line)) == 0:
				st.Lines--
			case st.Sessions == 0 && st.Bad == 0 && !bytes.HasPrefix(bytes.TrimSpace(line), []byte("{")):
				return st, ErrNotJSONLines
			default:
				st.Bad++
				if st.FirstBad == 0 {
					st.FirstBad = st.Lines
				}
			}
		}
		if err == io.EOF {
			return st, flush()
		}
		if err != nil {
			return st, fmt.Errorf("read: %w", err)
		}
	}
}

// readLine is the next line, its newline dropped, however long, up to
// maxRecord.
func readLine(br *bufio.Reader) ([]byte, error) {
	var long []byte
	for {
		part, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long = append(long, part...)
			if len(long) > maxRecord {
				return nil, fmt.Errorf("a line over %d MB", maxRecord>>20)
			}
			continue
		}
		if long != nil {
			part = append(long, part...)
		} else {
			part = append([]byte(nil), part...)
		}
		return bytes.TrimSuffix(part, []byte("\n")), err
	}
}

// decodeRecord splits an export line into the session record and its
// messages: the record is the line's object without its "messages"
// member, compacted as the export wrote it. A line with anything after
// its object (two records run together, say) is no record.
func decodeRecord(line []byte) (store.Entry, bool) {
	var im store.Entry
	var msgs []byte
	record := []byte{'{'}
	if !members(line, func(key, member, value []byte) bool {
		if isKey(key, "messages") {
			// The last of two is read; the first must still be JSON.
			if im.HasMessages && !json.Valid(msgs) {
				return false
			}
			msgs, im.HasMessages = value, true
			return true
		}
		if len(record) > 1 {
			record = append(record, ',')
		}
		record = append(record, member...)
		return true
	}) {
		return store.Entry{}, false
	}
	record = append(record, '}')
	if err := json.Unmarshal(Compact(record), &im.Session); err != nil || im.Session.ID == "" {
		return store.Entry{}, false
	}
	if !im.HasMessages {
		return im, true
	}
	im.Messages = []model.Message{} // an empty transcript is one
	if end := elements(msgs, 0, func(elem []byte) bool {
		var m model.Message
		if m.UnmarshalJSON(elem) != nil {
			return false
		}
		m.FillFrom(im.Session)
		im.Messages = append(im.Messages, m)
		return true
	}); end != len(msgs) {
		return store.Entry{}, false
	}
	facts := model.FactsOfTranscript(im.Messages) // here, beside the writer
	im.Facts = &facts
	return im, true
}

// isKey reports whether a member's key, as written (quoted, perhaps
// with escapes), is name.
func isKey(key []byte, name string) bool {
	if bytes.IndexByte(key, '\\') < 0 {
		return len(key) == len(name)+2 && string(key[1:len(key)-1]) == name
	}
	var k string
	return json.Unmarshal(key, &k) == nil && k == name
}
