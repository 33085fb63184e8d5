package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"konvo/model"
)

// WriteFile puts data at path all at once: it is written to a temporary
// file beside path (mode 0600: transcripts are personal data), synced,
// and renamed into place, so path holds the old content or the new,
// never a part. A failure (a read-only directory, a full disk) leaves
// path as it was.
func WriteFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	ok = true
	return nil
}

// MessagesJSON is a transcript as the API returned it: a JSON array of
// the messages, one per line, each as sent.
func MessagesJSON(msgs []model.Message) []byte {
	var b bytes.Buffer
	b.WriteString("[")
	for i, m := range msgs {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n")
		b.Write(Compact(m.Raw))
	}
	b.WriteString("\n]\n")
	return b.Bytes()
}

// SessionsJSONL is sessions as JSON Lines, each as the server sent it.
func SessionsJSONL(sessions []model.Session) []byte {
	var b bytes.Buffer
	for _, s := range sessions {
		b.Write(Compact(s.Raw))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// SessionsCSV is sessions as a spreadsheet reads them, one row each.
// Cells that a spreadsheet would run as a formula (=, +, -, @) are
// quoted with a leading apostrophe: the values come from chat users.
func SessionsCSV(sessions []model.Session, loc *time.Location) []byte {
	out := csvHeader()
	for _, s := range sessions {
		out = append(out, csvRow(s, loc)...)
	}
	return out
}

func csvHeader() []byte {
	return csvLine([]string{"sessionId", "start", "end", "userId", "channel", "containment", "messages", "tasks", "languages", "status", "sessionTags", "userTags"})
}

func csvRow(s model.Session, loc *time.Location) []byte {
	tags := func(ts []model.Tag) string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.Name + "=" + t.Value
		}
		return strings.Join(out, "; ")
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format(time.RFC3339)
	}
	containment := ""
	if s.ContainmentKnown {
		containment = s.Containment.String()
	}
	row := []string{s.ID, when(s.Start), when(s.End), s.UserID, s.Channel, containment,
		strconv.Itoa(s.Messages), strconv.Itoa(s.Tasks), strings.Join(s.Languages, " "), s.Status,
		tags(s.SessionTags), tags(s.UserTags)}
	for i, c := range row {
		row[i] = cell(c)
	}
	return csvLine(row)
}

func csvLine(cells []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(cells)
	w.Flush()
	return b.Bytes()
}

// cell defuses a value a spreadsheet would take for a formula, and takes
// out control characters.
func cell(s string) string {
	s = model.Line(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
