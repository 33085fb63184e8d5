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

func renderText(t *Theme, p model.Text, w int) []string {
	var out []string
	if p.Body != "" {
		out = wrap(safeBlock(p.Body), w)
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

// maxJSONLines bounds the inline JSON of one component; J shows it all.
const maxJSONLines = 40

// renderJSON shows what konvo cannot type as indented JSON under a label,
// so nothing the server sent is ever hidden.
func renderJSON(t *Theme, label string, raw json.RawMessage, w int) []string {
	out := []string{t.Dim.Render(truncate("{ } "+safe(label), w))}
	var b bytes.Buffer
	text := string(raw)
	if json.Indent(&b, raw, "", "  ") == nil {
		text = b.String()
	}
	if strings.TrimSpace(text) == "" {
		text = "(empty)"
	}
	var body []string
	for _, l := range strings.Split(safeBlock(text), "\n") {
		body = append(body, wrap(l, max(w-2, 1))...)
	}
	if len(body) > maxJSONLines {
		more := len(body) - maxJSONLines
		body = append(body[:maxJSONLines], fmt.Sprintf("… %d more lines (J shows the raw message)", more))
	}
	for _, l := range body {
		out = append(out, t.Code.Render("  "+l))
	}
	return out
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
		return b.URL
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
