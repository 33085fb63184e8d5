package koretest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Hostile payloads for Faults.Hostile: shapes of data that froze or
// misaligned konvo once, kept so every test can meet them again.
const (
	// HugeWord is a 500 KB unbroken word (base64, a data: URL).
	HugeWord = "huge-word"
	// DeepNesting is an unknown template nested 9,000 levels deep.
	DeepNesting = "deep-nesting"
	// ZeroWidth hides U+200B, U+200C and U+200D in text and user ids.
	ZeroWidth = "zero-width"
	// PasteJack ends a bracketed paste and runs a command from a user id
	// (and a message): what a copied id must never carry into a shell.
	PasteJack = "paste-jack"
)

// pasteJack is what PasteJack appends: the end of a bracketed paste, a
// carriage return, a command, another return.
const pasteJack = "\x1b[201~\recho PWNED > /tmp/konvo-pwned\r"

// HostileText is the message text of a hostile payload.
func HostileText(kind string) string {
	switch kind {
	case HugeWord:
		return "data:image/png;base64," + strings.Repeat("iVBORw0KGgoAAAANSUhEUgAA", 500<<10/24)
	case DeepNesting:
		const depth = 9000 // levels: an object and an array make two
		return `{"type":"template","payload":{"template_type":"mystery","nest":` +
			strings.Repeat(`{"a":[`, depth/2) + `1` + strings.Repeat(`]}`, depth/2) + `}}`
	case ZeroWidth:
		return "order\u200b4821 is\u200c late\u200d again"
	case PasteJack:
		return "your reference is 4821" + pasteJack
	}
	return ""
}

// zeroWidthUser taints a user id the way ZeroWidth does.
func zeroWidthUser(id string) string { return "\u200b" + id + "\u200d" }

// shapes reports whether any knob rewrites successful bodies.
func (f Faults) shapes() bool {
	return f.Hostile != "" || f.RepeatPages || f.Unreadable || f.MissingField || f.OverlapMessages > 0 || f.PrettyJSON || f.NoMoreAvailable
}

// reshape applies the knobs that rewrite a successful page.
func (f Faults) reshape(op string, body []byte) []byte {
	var page map[string]json.RawMessage
	if json.Unmarshal(body, &page) != nil {
		return body
	}
	key := "sessions"
	if op == "getMessages" {
		key = "messages"
	}
	var items []json.RawMessage
	_ = json.Unmarshal(page[key], &items)
	if f.Hostile != "" {
		for i, it := range items {
			items[i] = hostileItem(op, it, f.Hostile)
		}
	}
	if f.Unreadable && len(items) > 0 {
		items[0] = json.RawMessage(`"this entry is not an object"`)
	}
	if f.PrettyJSON {
		for i, it := range items {
			var b bytes.Buffer
			if json.Indent(&b, it, "", "    ") == nil {
				items[i] = b.Bytes()
			}
		}
	}
	if f.RepeatPages {
		page["moreAvailable"] = json.RawMessage("true")
	}
	if f.NoMoreAvailable && op == "getSessions" {
		delete(page, "moreAvailable")
		delete(page, "total")
	}
	page[key], _ = json.Marshal(items)
	if f.MissingField {
		delete(page, key)
	}
	out, _ := json.Marshal(page)
	if f.PrettyJSON {
		var b bytes.Buffer
		if json.Indent(&b, out, "", "  ") == nil {
			out = b.Bytes()
		}
	}
	return out
}

// hostileItem puts a hostile payload into one record.
func hostileItem(op string, raw json.RawMessage, kind string) json.RawMessage {
	var rec map[string]any
	if json.Unmarshal(raw, &rec) != nil {
		return raw
	}
	switch {
	case op == "getSessions" && kind == ZeroWidth:
		if id, ok := rec["userId"].(string); ok {
			rec["userId"] = zeroWidthUser(id)
		}
	case op == "getSessions" && kind == PasteJack:
		if id, ok := rec["userId"].(string); ok {
			rec["userId"] = id + pasteJack
		}
	case op == "getMessages" && rec["type"] == "outgoing":
		rec["components"] = []any{map[string]any{"cT": "text", "data": map[string]any{"text": HostileText(kind)}}}
	default:
		return raw
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(rec) != nil {
		return raw
	}
	return bytes.TrimSpace(b.Bytes())
}

// withSkip rewrites a request body's skip.
func withSkip(body []byte, skip int) []byte {
	var req map[string]json.RawMessage
	if json.Unmarshal(body, &req) != nil {
		return body
	}
	req["skip"] = json.RawMessage(strconv.Itoa(skip))
	delete(req, "offset")
	out, _ := json.Marshal(req)
	return out
}

// overlapped moves a request's skip back by n, so its page repeats the
// end of the one before.
func overlapped(body []byte, n int) []byte {
	var req struct {
		Skip int `json:"skip"`
	}
	if json.Unmarshal(body, &req) != nil || req.Skip == 0 {
		return body
	}
	return withSkip(body, max(req.Skip-n, 0))
}

// writeOversized answers with a valid but enormous page: one session
// whose tag holds n bytes of padding.
func writeOversized(w http.ResponseWriter, n int, withLength bool) int {
	head := []byte(`{"total":1,"moreAvailable":false,"sessions":[{"sessionId":"big","tags":{"altText":[{"name":"pad","value":"`)
	tail := []byte(`"}]}}]}`)
	pad := max(n-len(head)-len(tail), 0)
	w.Header().Set("Content-Type", "application/json")
	if withLength {
		w.Header().Set("Content-Length", strconv.Itoa(len(head)+pad+len(tail)))
	}
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(head); err != nil {
		return http.StatusOK
	}
	chunk := bytes.Repeat([]byte("x"), 64<<10)
	for pad > 0 {
		k := min(pad, len(chunk))
		if _, err := w.Write(chunk[:k]); err != nil {
			return http.StatusOK // the client hung up, as it should
		}
		pad -= k
		if !withLength {
			if fl, ok := w.(http.Flusher); ok {
				fl.Flush()
			}
		}
	}
	_, _ = w.Write(tail)
	return http.StatusOK
}

// writeGzipBomb answers 200 with a page whose one message holds n bytes
// of padding, gzip-compressed: a few KB on the wire for a gigabyte.
func writeGzipBomb(w http.ResponseWriter, n int) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Encoding", "gzip")
	w.WriteHeader(http.StatusOK)
	z, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
	defer z.Close()
	if _, err := z.Write([]byte(`{"total":1,"moreAvailable":false,"messages":[{"_id":"ms-bomb","type":"outgoing","components":[{"cT":"text","data":{"text":"`)); err != nil {
		return
	}
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for left := n; left > 0; left -= len(chunk) {
		if _, err := z.Write(chunk[:min(left, len(chunk))]); err != nil {
			return // the client stopped reading, as it should
		}
	}
	_, _ = z.Write([]byte(`"}}]}]}`))
}
