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
	// Details are further lines the web client shows under the item:
	// text information, a card's description lines, an article's dates,
	// a list widget's details, a checklist step's values.
	Details []string
	// Options are choices offered inside the item (an advanced list's
	// check boxes or radio buttons); Kind says which.
	Options []Button
}

// ListSection is a titled group of a list's items: a table list's
// section, a checklist's task, an advanced multi-list's list, a list
// view's "see more" tab.
type ListSection struct {
	Title    string
	Subtitle string
	Value    string // a section's figure, e.g. a checklist's progress
	Details  []string
	Items    []ListItem
}

// List covers the list-like templates: list, listView, listWidget,
// advancedListTemplate, advancedMultiListTemplate, tableList,
// checkListTemplate, cardTemplate and articleTemplate.
type List struct {
	Template string
	Heading  string
	// Text is the message shown with the list when it differs from the
	// heading (listView carries both).
	Text string
	// Note is a header option's text, shown at the right of the heading
	// (a list widget's "3 active").
	Note     string
	Items    []ListItem
	Sections []ListSection
	Buttons  []Button
}

// ChoiceGroup is one titled group of options of a Choice.
type ChoiceGroup struct {
	Title   string
	Options []ListItem // Title is the label, Subtitle its description, Value what is sent
}

// Choice is a template the user picks from: dropdown_template,
// radioOptionTemplate (one of them), multi_select and
// advanced_multi_select (several).
type Choice struct {
	Template    string
	Heading     string
	Description string
	Multi       bool
	Groups      []ChoiceGroup
	Buttons     []Button
}

// Event is a line about the conversation rather than speech: the SYSTEM
// template ("an agent joined"), which the web client shows centred.
type Event struct {
	Text string
}

// Answer is a Search AI answer (answerTemplate, search): the answer,
// the sources it came from, and the search results shown under it.
type Answer struct {
	Template string
	Title    string
	Text     string
	Sources  []Button // title and URL
	Results  []ListItem
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
	Text     string // the caption shown above
	Tables   []TableBlock
}

// TableBlock is one table: headings and rows of cells.
type TableBlock struct {
	Columns []Column
	Rows    [][]string
}

// FormField is one field of a form or picker.
type FormField struct {
	Kind        string
	Label       string
	Placeholder string
}

// Form covers what the user fills in: form_template, an inline form
// (formData, shown by its link), and the pickers dateTemplate,
// daterange, clockTemplate, otpValidationTemplate and resetPinTemplate.
type Form struct {
	Template    string
	Heading     string
	Description string
	Fields      []FormField
	Buttons     []Button
	Link        string // an inline form's address
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
func (Choice) part()         {}
func (Event) part()          {}
func (Answer) part()         {}
func (Media) part()          {}
func (Speech) part()         {}
func (VoiceCommand) part()   {}
func (ErrorPart) part()      {}
func (Unknown) part()        {}
