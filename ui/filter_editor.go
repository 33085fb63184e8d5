package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"konvo/model"
)

// filterEditor is the form behind f: the server-side filters.
type filterEditor struct {
	d      *deps
	base   model.Filter
	inputs []textinput.Model
	field  int
	stype  model.SessionType
	err    string

	// result, from and to are the applied filter and range as typed.
	result   model.Filter
	from, to string
}

const (
	fieldFrom = iota
	fieldTo
	fieldUser
	fieldType
	fieldTags
	fieldChannel
	fieldLanguage
	fieldCount
)

var fieldLabels = [fieldCount]string{"From", "To", "User id", "Session type", "Tags", "Channel", "Language"}

var fieldHints = [fieldCount]string{
	"yyyy-mm-dd, RFC 3339, today, yesterday, or an age: 24h, 7d, 2w (empty: the last 7 days)",
	"same forms; empty means now",
	"exact user id or e-mail; empty for everyone",
	"←/→ to choose",
	"name=value, several separated by spaces; user:name=value for user tags",
	"rtm, msteams, whatsapp…; voice for every voice channel",
	"en, ja, es…",
}

// editorOutcome is what a key did to the form. The sessions screen acts
// on it at once, in the same update, so a key typed right after enter
// never lands in a form that is already closed.
type editorOutcome int

const (
	editing editorOutcome = iota
	applied
	cancelled
)

func newFilterEditor(d *deps, f model.Filter, from, to string, width int) *filterEditor {
	e := &filterEditor{d: d, base: f, stype: f.Type}
	tags := make([]string, len(f.Tags))
	for i, t := range f.Tags {
		tags[i] = t.String()
	}
	values := [fieldCount]string{from, to, f.UserID, "", strings.Join(tags, " "), f.Channel, f.Language}
	placeholders := [fieldCount]string{"last 7 days", "now", "everyone", "", "none", "any", "any"}
	for i := 0; i < fieldCount; i++ {
		in := newInput()
		in.Prompt = ""
		in.Placeholder = placeholders[i]
		in.CharLimit = 500
		in.SetWidth(max(min(width-24, 60), 10))
		in.SetValue(values[i])
		e.inputs = append(e.inputs, in)
	}
	return e
}

func (e *filterEditor) focus() tea.Cmd {
	for i := range e.inputs {
		e.inputs[i].Blur()
	}
	if e.field == fieldType {
		return nil
	}
	return e.inputs[e.field].Focus()
}

// Update handles one message; when it returns applied, result holds the
// new filter and the range as typed.
func (e *filterEditor) Update(msg tea.Msg) (tea.Cmd, editorOutcome) {
	k := e.d.keys
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case k.Is(kp, Cancel):
			return nil, cancelled
		case k.Is(kp, Accept):
			if e.apply() {
				return nil, applied
			}
			return nil, editing
		case k.Is(kp, NextField), kp.String() == "down":
			e.field = (e.field + 1) % fieldCount
			return e.focus(), editing
		case k.Is(kp, PrevField), kp.String() == "up":
			e.field = (e.field + fieldCount - 1) % fieldCount
			return e.focus(), editing
		}
		if e.field == fieldType {
			switch kp.String() {
			case "left", "h":
				e.stype = (e.stype + 2) % 3
			case "right", "l", "space":
				e.stype = (e.stype + 1) % 3
			}
			return nil, editing
		}
	}
	var cmd tea.Cmd
	e.inputs[e.field], cmd = e.inputs[e.field].Update(msg)
	return cmd, editing
}

// apply validates the form into e.result; on failure the form shows what
// is wrong.
func (e *filterEditor) apply() bool {
	from, to := strings.TrimSpace(e.inputs[fieldFrom].Value()), strings.TrimSpace(e.inputs[fieldTo].Value())
	r, err := model.ParseRange(from, to, e.d.now(), e.d.loc)
	if err != nil {
		e.err = err.Error()
		return false
	}
	f := e.base
	f.Range = r
	f.UserID = strings.TrimSpace(e.inputs[fieldUser].Value())
	f.Type = e.stype
	f.Tags = nil
	for _, word := range strings.Fields(e.inputs[fieldTags].Value()) {
		tf, err := model.ParseTagFilter(word)
		if err != nil {
			e.err = err.Error()
			return false
		}
		f.Tags = append(f.Tags, tf)
	}
	f.Channel = strings.TrimSpace(e.inputs[fieldChannel].Value())
	f.Language = strings.TrimSpace(e.inputs[fieldLanguage].Value())
	f.SessionIDs = nil
	e.result, e.from, e.to = f, from, to
	return true
}

func (e *filterEditor) View(w, h int) string {
	t := e.d.theme
	lines := []string{t.Title.Render("Filter sessions"), ""}
	labelW := 14
	for i := 0; i < fieldCount; i++ {
		marker := "  "
		if i == e.field {
			marker = t.Accent.Render("▸ ")
		}
		value := t.Border.Render("[ ") + pad(e.inputs[i].View(), e.inputs[i].Width()+1) + t.Border.Render(" ]")
		if i == fieldType {
			var opts []string
			for _, st := range []model.SessionType{model.AnySessionType, model.Interactive, model.NonInteractive} {
				if st == e.stype {
					opts = append(opts, t.TabActive.Render(" "+st.String()+" "))
				} else {
					opts = append(opts, t.Dim.Render(" "+st.String()+" "))
				}
			}
			value = strings.Join(opts, " ")
		}
		lines = append(lines, marker+t.Label.Render(pad(fieldLabels[i], labelW))+value)
		lines = append(lines, "  "+strings.Repeat(" ", labelW)+t.Dim.Render(truncate(fieldHints[i], max(w-labelW-2, 1))))
	}
	lines = append(lines, "")
	if e.err != "" {
		lines = append(lines, t.Error.Render(truncate(safe(e.err), w)))
	} else {
		lines = append(lines, t.Dim.Render(truncate("Containment is chosen with the tabs; / narrows loaded rows by text.", w)),
			t.Dim.Render(truncate("The API cannot filter by channel or language: konvo filters the rows it reads.", w)))
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	k := e.d.keys
	lines = append(lines[:h-1], shortHelp(t, w, k.formHints()...))
	return strings.Join(fit(lines, w), "\n")
}
