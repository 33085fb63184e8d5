package ui

import (
	"strings"

	"konvo/model"
)

// mediaIcon is the label that stands for a kind of file.
func mediaIcon(kind string) string {
	switch kind {
	case "image":
		return "▣ image"
	case "audio":
		return "♪ audio"
	case "video":
		return "▶ video"
	case "attachment":
		return "⎙ file"
	case "filelink":
		return "⎘ link"
	case "location":
		return "⌖ location"
	case "contact":
		return "☏ contact"
	}
	return "▪ " + safe(kind)
}

func renderMedia(t *Theme, p model.Media, w int) []string {
	icon := mediaIcon(p.Kind)
	head := t.Accent.Render(icon)
	if p.Name != "" {
		head += "  " + safe(p.Name)
	}
	if p.Detail != "" {
		head += t.Dim.Render("  (" + safe(p.Detail) + ")")
	}
	out := []string{truncate(head, w)}
	if p.URL != "" {
		out = append(out, wrapIndented(t.Dim, link(p.URL), w, "  ")...)
	}
	return out
}

// renderSpeech shows the words an SSML prompt speaks, marked as speech.
func renderSpeech(t *Theme, p model.Speech, w int) []string {
	text := p.Text
	if text == "" {
		text = "(silence)"
	}
	return append([]string{t.Dim.Render("speech")}, hanging(t.Speech, "", "» ", safe(text), w)...)
}

// renderVoice shows a voice gateway command: what was said, and what
// input the bot listened for.
func renderVoice(t *Theme, p model.VoiceCommand, w int) []string {
	cmd := "voice command"
	if p.Command != "" {
		cmd += " " + safe(p.Command)
	}
	out := []string{t.Dim.Render(truncate(cmd, w))}
	for _, s := range p.Steps {
		verb := safe(s.Verb)
		if verb == "" {
			verb = "step"
		}
		for _, say := range s.Say {
			out = append(out, hanging(t.Speech, "  ", "» ", safe(say), w)...)
		}
		var listen []string
		if len(s.Input) > 0 {
			listen = append(listen, "listens for "+safe(strings.Join(s.Input, " or ")))
		}
		if s.Extra != "" {
			listen = append(listen, safe(s.Extra))
		}
		if verb != "say" || len(listen) > 0 {
			note := verb
			if len(listen) > 0 {
				note += ": " + strings.Join(listen, ", ")
			}
			out = append(out, hanging(t.Dim, "  ", "⟲ ", note, w)...)
		}
	}
	if len(p.Steps) == 0 {
		out = append(out, t.Dim.Render("  (no steps)"))
	}
	return out
}
