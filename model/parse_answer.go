package model

import (
	"encoding/json"
	"strings"
)

// parseAnswer reads Search AI's answers. answerTemplate carries the
// generated answer and, in answer_payload, the fragments it was built
// from with their sources; search carries a snippet (graph_answer) and
// the search results by kind (web pages, FAQs, files).
func parseAnswer(kind string, p map[string]json.RawMessage) Answer {
	a := Answer{Template: kind, Text: Visible(firstOf(p, "answer", "text"))}
	var fragments []string
	seen := map[string]bool{}
	addSource := func(title, url string) {
		title = strings.TrimSpace(Visible(title))
		if isDataURI(url) {
			url = ""
		}
		if title == "" && url == "" || seen[title+"\x00"+url] {
			return
		}
		seen[title+"\x00"+url] = true
		a.Sources = append(a.Sources, Button{Title: title, URL: url})
	}
	panel := fields(fields(p["answer_payload"])["center_panel"])
	if panel == nil {
		panel = fields(fields(fields(p["graph_answer"])["payload"])["center_panel"])
	}
	for _, d := range array(panel["data"]) {
		f := fields(d)
		if a.Title == "" {
			a.Title = Visible(str(f["snippet_title"]))
		}
		if s := str(f["snippet_content"]); s != "" {
			fragments = append(fragments, strings.TrimSpace(Visible(s)))
		}
		for _, sc := range array(f["snippet_content"]) {
			sf := fields(sc)
			if s := firstOf(sf, "answer_fragment", "text"); s != "" {
				fragments = append(fragments, strings.TrimSpace(Visible(s)))
			}
			for _, src := range array(sf["sources"]) {
				srcf := fields(src)
				addSource(str(srcf["title"]), str(srcf["url"]))
			}
		}
		addSource(firstOf(f, "source", "snippet_source"), str(f["url"]))
	}
	if a.Text == "" {
		a.Text = strings.Join(fragments, " ")
	}
	keys, kinds := orderedFields(p["results"])
	for i := range keys {
		for _, r := range array(fields(kinds[i])["data"]) {
			f := fields(r)
			item := ListItem{
				Title:    Visible(firstOf(f, "page_title", "faq_question", "file_title", "title", "name")),
				Subtitle: SpeechText(firstOf(f, "page_preview", "faq_answer", "file_preview", "snippet", "description")),
				URL:      webURL(f["page_url"]),
			}
			if item.URL == "" {
				item.URL = imageOf(f, "file_url", "url")
			}
			if item.Title != "" || item.Subtitle != "" {
				a.Results = append(a.Results, item)
			}
		}
	}
	return a
}
