package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"konvo/model"
)

// renderPart draws one message component in at most w cells per line. It
// is pure: the same part, width and theme always give the same lines.
// Every string from the server is sanitised here, before styling.
func renderPart(t *Theme, p model.Part, w int) []string {
	w = max(w, 8)
	var lines []string
	switch p := p.(type) {
	case model.Text:
		lines = renderText(t, p, w)
	case model.ButtonTemplate:
		lines = renderButtons(t, p, w)
	case model.QuickReplies:
		lines = renderQuickReplies(t, p, w)
	case model.List:
		lines = renderList(t, p, w)
	case model.Carousel:
		lines = renderCarousel(t, p, w)
	case model.Table:
		lines = renderTables(t, p, w)
	case model.Form:
		lines = renderForm(t, p, w)
	case model.Feedback:
		lines = renderFeedback(t, p, w)
	case model.Chart:
		lines = renderChart(t, p, w)
	case model.Choice:
		lines = renderChoice(t, p, w)
	case model.Event:
		lines = renderEvent(t, p, w)
	case model.Answer:
		lines = renderAnswer(t, p, w)
	case model.Media:
		lines = renderMedia(t, p, w)
	case model.Speech:
		lines = renderSpeech(t, p, w)
	case model.VoiceCommand:
		lines = renderVoice(t, p, w)
	case model.ErrorPart:
		lines = renderError(t, p, w)
	case model.OtherTemplate:
		lines = renderJSON(t, "template "+p.Template, p.Payload, w)
	case model.Unknown:
		kind := p.Type
		if kind == "" {
			kind = "?"
		}
		lines = renderJSON(t, "unrecognised component ("+kind+")", p.Raw, w)
	default:
		lines = []string{t.Dim.Render(fmt.Sprintf("(%T)", p))}
	}
	return fit(lines, w)
}

// maxTextLines bounds one text component on screen: a chat message is
// read, not scrolled through for minutes; a pasted blob (base64, a data:
// URL) stops here, and the raw view or a copy give all of it. Renderers
// name no keys: they are pure and know no key map, and the hint line
// below the transcript names the keys as bound.
const maxTextLines = 400

func renderText(t *Theme, p model.Text, w int) []string {
	var out []string
	if p.Body != "" {
		var cut bool
		out, cut = wrapLimit(safeBlock(p.Body), w, maxTextLines)
		if cut {
			out = append(out, t.Dim.Render(fmt.Sprintf("… cut at %d lines of %s (the raw JSON view and a copy hold all of it)", maxTextLines, humanSize(len(p.Body)))))
		}
	}
	if p.Attachment != nil {
		out = append(out, renderMedia(t, *p.Attachment, w)...)
	}
	if len(out) == 0 {
		out = []string{t.Dim.Render("(empty text)")}
	}
	return out
}

func renderError(t *Theme, p model.ErrorPart, w int) []string {
	return hanging(t.Error, "", "✖ ", safeBlock(p.Text), w)
}

// maxJSONLines bounds the inline JSON of one component; the raw view
// shows it all.
const maxJSONLines = 40

// renderJSON shows what konvo cannot type as indented JSON under a label,
// so nothing the server sent is ever hidden. The line limit applies while
// indenting and wrapping, so the cost is bounded whatever the JSON holds.
func renderJSON(t *Theme, label string, raw json.RawMessage, w int) []string {
	out := []string{t.Dim.Render(truncate("{ } "+safe(label), w))}
	src, cut := jsonLines(raw, maxJSONLines)
	var body []string
	for _, l := range src {
		if len(body) >= maxJSONLines {
			cut = true
			break
		}
		wrapped, more := wrapLimit(safe(l), max(w-2, 1), maxJSONLines-len(body))
		body = append(body, wrapped...)
		cut = cut || more
	}
	if len(body) == 0 {
		body = []string{"(empty)"}
	}
	for _, l := range body {
		out = append(out, t.Code.Render("  "+l))
	}
	if cut {
		out = append(out, t.Dim.Render(truncate("  … more in the raw JSON view", w)))
	}
	return out
}

// jsonLines indents JSON for reading, or splits what is not JSON into its
// lines, at most limit of them (limit < 0: all).
func jsonLines(raw []byte, limit int) (lines []string, cut bool) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, false
	}
	if json.Valid(raw) {
		return prettyJSON(raw, maxJSONDepth, limit)
	}
	for rest := string(raw); ; {
		if limit >= 0 && len(lines) >= limit {
			return lines, true
		}
		line, tail, more := strings.Cut(rest, "\n")
		lines = append(lines, line)
		if !more {
			return lines, false
		}
		rest = tail
	}
}

// box draws text lines inside a rounded border of inner width iw.
func box(t *Theme, lines []string, iw int, footer string) []string {
	out := []string{t.Border.Render("╭" + strings.Repeat("─", iw+2) + "╮")}
	for _, l := range lines {
		out = append(out, t.Border.Render("│")+" "+pad(l, iw)+" "+t.Border.Render("│"))
	}
	bottom := strings.Repeat("─", iw+2)
	if footer != "" && Width(footer)+4 <= iw+2 {
		fw := Width(footer)
		bottom = strings.Repeat("─", iw+2-fw-3) + " " + footer + " ─"
	}
	return append(out, t.Border.Render("╰"+bottom+"╯"))
}

// sideBySide joins blocks of lines horizontally, one space apart, padding
// each block to its width.
func sideBySide(blocks [][]string, widths []int) []string {
	rows := 0
	for _, b := range blocks {
		rows = max(rows, len(b))
	}
	out := make([]string, rows)
	for r := 0; r < rows; r++ {
		var sb strings.Builder
		for i, b := range blocks {
			if i > 0 {
				sb.WriteByte(' ')
			}
			cell := ""
			if r < len(b) {
				cell = b[r]
			}
			sb.WriteString(pad(cell, widths[i]))
		}
		out[r] = strings.TrimRight(sb.String(), " ")
	}
	return out
}

// buttonTarget is what a button does: its URL or postback payload.
func buttonTarget(b model.Button) string {
	switch {
	case b.URL != "":
		return link(b.URL)
	case b.Payload != "" && b.Payload != b.Title:
		return b.Payload
	}
	return ""
}

// buttonBoxes lays buttons out as labelled boxes, as many per row as fit,
// each row followed by what its buttons do, dimmed.
func buttonBoxes(t *Theme, buttons []model.Button, w int) []string {
	var out []string
	var row [][]string
	var widths []int
	var targets []string
	used := 0
	flush := func() {
		if len(row) == 0 {
			return
		}
		out = append(out, sideBySide(row, widths)...)
		for _, tg := range targets {
			out = append(out, wrapIndented(t.Dim, tg, w, "  ")...)
		}
		row, widths, targets, used = nil, nil, nil, 0
	}
	for _, b := range buttons {
		title := safe(b.Title)
		if title == "" {
			title = "(untitled)"
		}
		iw := min(Width(title), max(w-4, 1))
		bw := iw + 4
		if used > 0 && used+1+bw > w {
			flush()
		}
		row = append(row, box(t, []string{t.Button.Render(truncate(title, iw))}, iw, ""))
		widths = append(widths, bw)
		used += bw + 1
		if tg := buttonTarget(b); tg != "" {
			targets = append(targets, truncate(title, 20)+" → "+safe(tg))
		}
	}
	flush()
	return out
}

// hanging wraps text after a prefix, continuation lines indented to line
// up under the text, each line styled.
func hanging(st interface{ Render(...string) string }, indent, prefix, text string, w int) []string {
	lines := wrap(text, max(w-Width(indent)-Width(prefix), 1))
	for i, l := range lines {
		p := prefix
		if i > 0 {
			p = strings.Repeat(" ", Width(prefix))
		}
		lines[i] = indent + st.Render(p+l)
	}
	return lines
}

// wrapIndented wraps text, styled, under an indent.
func wrapIndented(st interface{ Render(...string) string }, text string, w int, indent string) []string {
	var out []string
	for _, l := range wrap(text, max(w-Width(indent), 1)) {
		out = append(out, indent+st.Render(l))
	}
	return out
}
