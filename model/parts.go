package model

import "encoding/json"

// Part is a component parsed into what it shows. The concrete types below
// are the whole set; a renderer switches over them and falls back to the
// raw JSON for Unknown and OtherTemplate.
type Part interface{ part() }

// Text is plain text, line breaks kept. Attachment is set when a "message"
// payload carried an audio or video URL with its text.
type Text struct {
	Body       string
	Attachment *Media
}

// Button is one action offered by a template.
type Button struct {
	Kind    string // "postback", "web_url", …
	Title   string
	URL     string
	Payload string
}

// ButtonTemplate is the "button" template: a text and buttons.
type ButtonTemplate struct {
	Text    string
	Buttons []Button
}

// QuickReplies is the "quick_replies" template: a text and chips.
type QuickReplies struct {
	Text    string
	Replies []Button
}

// ListItem is one element of a list-like template or a carousel card.
type ListItem struct {
	Title    string
	Subtitle string
	Value    string
	ImageURL string
	URL      string // the default action
	Buttons  []Button
}

// List covers list, listView and advancedListTemplate.
type List struct {
	Template string
	Heading  string
	Items    []ListItem
	Buttons  []Button
}

// Carousel is the "carousel" template: cards.
type Carousel struct {
	Cards []ListItem
}

// Column is a table column heading with its alignment.
type Column struct {
	Title string
	Align string // "left", "center", "right" or ""
}

// Table covers table and mini_table; a mini_table yields one Table per
// element, so Tables holds them all.
type Table struct {
	Template string
	Tables   []TableBlock
}

// TableBlock is one table: headings and rows of cells.
type TableBlock struct {
	Columns []Column
	Rows    [][]string
}

// FormField is one field of a form_template.
type FormField struct {
	Kind        string
	Label       string
	Placeholder string
}

// Form is the "form_template": a heading, fields and a submit label.
type Form struct {
	Heading string
	Fields  []FormField
	Submit  string
}

// Feedback is the "feedbackTemplate": the question and the scale offered.
type Feedback struct {
	Heading string
	View    string // star, emojis, CSAT, NPS, thumbsUpDown, …
	Options []string
}

// ChartSeries is one named row of chart values.
type ChartSeries struct {
	Title   string
	Values  []float64
	Display []string // the server's own labels for the values, when given
}

// Chart covers piechart, barchart and linechart.
type Chart struct {
	Kind    string // "piechart", "barchart" or "linechart"
	Title   string
	Headers []string // the x-axis labels of bar and line charts
	Series  []ChartSeries
}

// OtherTemplate is a template konvo has no typed payload for; Payload is
// the payload as sent, for a JSON view.
type OtherTemplate struct {
	Template string
	Text     string
	Payload  json.RawMessage
}

// Media is an image, audio, video, file, location or contact.
type Media struct {
	Kind string // image, audio, video, attachment, filelink, location, contact
	Name string
	URL  string
	// Detail holds kind-specific words: coordinates, a phone number, a size.
	Detail string
}

// Speech is SSML the bot spoke; Text is the words with the markup removed.
type Speech struct {
	Text string
	SSML string
}

// VoiceStep is one verb of a voice gateway command.
type VoiceStep struct {
	Verb  string
	Say   []string
	Input []string // what the gather step listens for: digits, speech
	Extra string   // e.g. "up to 4 digits", "timeout 5 s"
}

// VoiceCommand is a voice gateway command ({"type":"command",…}).
type VoiceCommand struct {
	Command string
	Steps   []VoiceStep
}

// ErrorPart is an error payload shown to the user.
type ErrorPart struct {
	Text string
}

// Unknown is anything konvo cannot type; Raw is what was sent.
type Unknown struct {
	Type string
	Raw  json.RawMessage
}

func (Text) part()           {}
func (ButtonTemplate) part() {}
func (QuickReplies) part()   {}
func (List) part()           {}
func (Carousel) part()       {}
func (Table) part()          {}
func (Form) part()           {}
func (Feedback) part()       {}
func (Chart) part()          {}
func (OtherTemplate) part()  {}
func (Media) part()          {}
func (Speech) part()         {}
func (VoiceCommand) part()   {}
func (ErrorPart) part()      {}
func (Unknown) part()        {}
