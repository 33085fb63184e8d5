package model

import (
	"encoding/json"
	"fmt"
	"strings"
)

func parseForm(kind string, p map[string]json.RawMessage) Form {
	form := Form{Template: kind, Heading: Visible(firstOf(p, "heading", "text", "title")), Description: Visible(firstOf(p, "formDesc", "description"))}
	for _, f := range objects(p["formFields"]) {
		form.Fields = append(form.Fields, FormField{
			Kind:        str(f["type"]),
			Label:       Visible(firstOf(f, "label", "title", "name")),
			Placeholder: Visible(str(f["placeholder"])),
		})
		if b, ok := parseButton(f["fieldButton"]); ok {
			form.Buttons = append(form.Buttons, b)
		}
	}
	form.Buttons = append(form.Buttons, parseButtons(p["buttons"])...)
	return form
}

// parseInlineForm reads a payload that is only formData: a form the web
// client opens in place from its link.
func parseInlineForm(p, fd map[string]json.RawMessage) Form {
	form := Form{
		Template: Visible(firstNonEmpty(str(fd["renderType"]), "inline")) + " form",
		Heading:  Visible(firstOf(fd, "formName", "name", "title", "heading")),
		Link:     webURL(fd["formLink"]),
	}
	if form.Heading == "" {
		form.Heading = Visible(firstOf(p, "text", "heading", "title"))
	}
	return form
}

// parsePicker reads the templates that ask for one value through a
// widget: a date, a date range, a time, a one-time code, a new PIN. They
// are forms with one or two fields.
func parsePicker(kind string, p map[string]json.RawMessage) Form {
	form := Form{Template: kind, Heading: Visible(firstOf(p, "title", "heading"))}
	var desc []string
	addDesc := func(s string) {
		if s = strings.TrimSpace(Visible(s)); s != "" && s != form.Heading {
			desc = append(desc, s)
		}
	}
	format := firstOf(p, "format")
	start, end := str(p["startDate"]), str(p["endDate"])
	switch templateKey(kind) {
	case "datetemplate":
		addDesc(firstOf(p, "text_message", "text"))
		if start != "" || end != "" {
			addDesc(fmt.Sprintf("between %s and %s", orDash(start), orDash(end)))
		}
		form.Fields = []FormField{{Label: "Date", Placeholder: orDash(format)}}
	case "daterange":
		addDesc(firstOf(p, "text_message", "text"))
		form.Fields = []FormField{
			{Label: "From", Placeholder: firstNonEmpty(start, format, "–")},
			{Label: "To", Placeholder: firstNonEmpty(end, format, "–")},
		}
	case "clocktemplate":
		addDesc(firstOf(p, "text_message", "text"))
		form.Fields = []FormField{{Label: "Time", Placeholder: "hh:mm"}}
	case "otpvalidationtemplate":
		addDesc(str(p["description"]))
		addDesc(str(p["mobileNumber"]))
		form.Fields = []FormField{{Label: "Code", Placeholder: digits(p["pinLength"])}}
		form.Buttons = parseButtons(p["otpButtons"])
	case "resetpintemplate":
		addDesc(str(p["description"]))
		addDesc(str(p["mobileNumber"]))
		pin := digits(p["pinLength"])
		form.Fields = []FormField{
			{Label: Visible(firstNonEmpty(str(p["enterPinTitle"]), "New PIN")), Placeholder: pin},
			{Label: Visible(firstNonEmpty(str(p["reEnterPinTitle"]), "Again")), Placeholder: pin},
		}
		if w := str(p["warningMessage"]); w != "" {
			addDesc("if they differ: " + w)
		}
		form.Buttons = parseButtons(p["resetButtons"])
	}
	form.Buttons = append(form.Buttons, parseButtons(p["buttons"])...)
	form.Description = strings.Join(desc, "\n")
	return form
}

func digits(raw json.RawMessage) string {
	if n := integer(raw); n > 0 {
		return fmt.Sprintf("%d digits", n)
	}
	return "digits"
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
