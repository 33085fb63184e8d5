package koretest

import (
	"fmt"
	"time"

	"konvo/model"
)

// showcase is a named session whose transcript shows one family of message
// kinds; together they show every kind konvo renders.
type showcase struct {
	id          string
	channel     string
	lang        string
	containment model.Containment
	topic       string
	steps       func() []step
	long        int // a generated transcript of this many messages instead
}

func showcases() []showcase {
	return []showcase{
		{id: "showcase-everything", channel: "rtm", lang: "en", containment: model.SelfService, topic: "balance", steps: everythingSteps},
		{id: "showcase-text", channel: "rtm", lang: "en", containment: model.SelfService, topic: "balance", steps: textSteps},
		{id: "showcase-buttons", channel: "rtm", lang: "en", containment: model.SelfService, topic: "cards", steps: buttonSteps},
		{id: "showcase-lists", channel: "msteams", lang: "en", containment: model.SelfService, topic: "balance", steps: listSteps},
		{id: "showcase-carousel", channel: "rtm", lang: "en", containment: model.DropOff, topic: "branch", steps: carouselSteps},
		{id: "showcase-tables", channel: "rtm", lang: "en", containment: model.SelfService, topic: "transfer", steps: tableSteps},
		{id: "showcase-forms", channel: "rtm", lang: "en", containment: model.DropOff, topic: "loans", steps: formSteps},
		{id: "showcase-charts", channel: "msteams", lang: "en", containment: model.SelfService, topic: "balance", steps: chartSteps},
		{id: "showcase-media", channel: "whatsapp", lang: "en", containment: model.SelfService, topic: "fraud", steps: mediaSteps},
		{id: "showcase-voice", channel: "ivrVoice", lang: "en", containment: model.SelfService, topic: "balance", steps: voiceSteps},
		{id: "showcase-agent", channel: "rtm", lang: "ja", containment: model.Agent, topic: "cards", steps: agentSteps},
		{id: "showcase-ivr", channel: "ivrVoice", lang: "en", containment: model.Agent, topic: "cards", steps: ivrSteps},
		{id: "showcase-kore-templates", channel: "rtm", lang: "en", containment: model.Agent, topic: "cards", steps: koreTemplateSteps},
		{id: "showcase-personal", channel: "whatsapp", lang: "en", containment: model.Agent, topic: "fraud", steps: personalSteps},
		{id: "showcase-oddities", channel: "rtm", lang: "en", containment: model.DropOff, topic: "fraud", steps: odditySteps},
		{id: "showcase-long-2000", channel: "rtm", lang: "en", containment: model.SelfService, topic: "transfer", long: 2000},
		{id: "showcase-long-5000", channel: "rtm", lang: "en", containment: model.Agent, topic: "cards", long: 5000},
	}
}

func (sc showcase) session(start time.Time) *Session {
	s := &Session{
		ID: sc.id, UserID: "showcase@example.com", Channel: sc.channel, Start: start.Truncate(time.Millisecond),
		Langs: []string{sc.lang}, Containment: sc.containment, Script: sc.id, Tasks: 2,
		UserTags:    []model.Tag{{Name: "tier", Value: "platinum"}},
		SessionTags: []model.Tag{{Name: "topic", Value: sc.topic}, {Name: "showcase", Value: "yes"}},
		seed:        uint64(len(sc.id)) * 7919,
	}
	n := sc.long
	var gaps time.Duration
	if n == 0 {
		steps := sc.steps()
		n = len(steps)
		for _, st := range steps {
			gaps += st.gap
		}
	}
	s.Messages = n
	s.End = s.Start.Add(time.Duration(n)*15*time.Second + gaps)
	if sc.long > 0 {
		s.End = s.Start.Add(time.Duration(n) * 2 * time.Second)
	}
	return s
}

// scriptSteps are the steps of a showcase session.
func scriptSteps(s *Session) []step {
	for _, sc := range showcases() {
		if sc.id != s.Script {
			continue
		}
		if sc.long > 0 {
			return longSteps(s, sc.long)
		}
		return sc.steps()
	}
	return nil
}

// longSteps is a long chat that cycles through everyday exchanges, with a
// template every so often.
func longSteps(s *Session, n int) []step {
	everything := everythingSteps()
	out := make([]step, 0, n)
	for i := 0; i < n; i++ {
		switch {
		case i%2 == 0:
			out = append(out, userSays(fmt.Sprintf("Message %d: %s", i+1, phrases["en"].user[i/2%len(phrases["en"].user)])))
		case i%25 == 1:
			st := everything[(i/25)%len(everything)]
			st.in = false
			out = append(out, st)
		default:
			out = append(out, botText(fmt.Sprintf("Reply %d: %s", i+1, phrases["en"].bot[i/2%len(phrases["en"].bot)])))
		}
	}
	return out
}

func everythingSteps() []step {
	var all []step
	for _, f := range []func() []step{textSteps, buttonSteps, listSteps, carouselSteps, tableSteps, formSteps, chartSteps, mediaSteps, voiceSteps, agentSteps, odditySteps} {
		all = append(all, f()...)
	}
	for i := range all {
		all[i].gap = 0
	}
	return all
}

func textSteps() []step {
	return []step{
		userSays("hi"),
		botText("Hello! I'm the Acme Bank assistant.\nI can check balances, block cards, send money and find branches.\n\nWhat would you like to do?").withTask("Welcome"),
		userSays("Can you explain why my statement shows a pending transaction from last Friday that still has not cleared even though the merchant told me the refund was processed on their side three days ago?"),
		botText("Pending refunds usually clear within 5 business days of the merchant processing them. Card networks batch refunds overnight, so a refund processed on a Friday often appears on the following Wednesday. If it has not cleared by then, reply \"dispute\" and I'll open a case for you with the reference number from your statement.").withTask("Refund Status"),
		userSays("残高を教えて 🙂"),
		botText("普通預金の残高は148,217円です。😊").withTask("Check Balance"),
	}
}

func buttonSteps() []step {
	return []step{
		userSays("I lost my card"),
		botSays(tmplComp("button", map[string]any{"text": "I'm sorry to hear that. Which card should I block?", "buttons": []map[string]any{
			{"type": "postback", "title": "Debit •••• 4821", "payload": "BLOCK_4821"},
			{"type": "postback", "title": "Credit •••• 9013", "payload": "BLOCK_9013"},
			{"type": "web_url", "title": "Card help", "url": "https://bank.example.com/help/cards"}}})).withTask("Block Card"),
		userSays("Debit •••• 4821"),
		botSays(tmplComp("quick_replies", map[string]any{"text": "Blocked. Would you like a replacement card?", "quick_replies": []map[string]any{
			{"content_type": "text", "title": "Yes, same address", "payload": "REPLACE_SAME"},
			{"content_type": "text", "title": "Yes, new address", "payload": "REPLACE_NEW"},
			{"content_type": "text", "title": "No thanks", "payload": "NO"},
			{"content_type": "text", "title": "Talk to an agent", "payload": "AGENT"},
			{"content_type": "text", "title": "Freeze instead", "payload": "FREEZE"}}})).withTask("Block Card"),
		userSays("Yes, same address"),
	}
}

func listSteps() []step {
	return []step{
		userSays("show my accounts"),
		botSays(tmplComp("list", map[string]any{"elements": []map[string]any{
			{"title": "Everyday Checking", "subtitle": "•••• 4821 · $1,482.17", "image_url": "https://bank.example.com/img/checking.png", "default_action": map[string]any{"type": "web_url", "url": "https://bank.example.com/a/4821"},
				"buttons": []map[string]any{{"type": "postback", "title": "Transactions", "payload": "TX_4821"}}},
			{"title": "High-Yield Savings", "subtitle": "•••• 0457 · $12,950.00", "buttons": []map[string]any{{"type": "postback", "title": "Transfer", "payload": "XFER_0457"}}}},
			"buttons": []map[string]any{{"type": "postback", "title": "Open a new account", "payload": "OPEN"}}})).withTask("List Accounts"),
		botSays(tmplComp("listView", map[string]any{"text": "Upcoming bills", "heading": "Upcoming bills", "elements": []map[string]any{
			{"title": "City Power", "subtitle": "Due 1 Dec", "value": map[string]any{"type": "text", "text": "$84.20"}},
			{"title": "Harbour Water", "subtitle": "Due 4 Dec", "value": map[string]any{"type": "text", "text": "$31.05"}},
			{"title": "Fibre Internet", "subtitle": "Due 9 Dec", "value": map[string]any{"type": "text", "text": "$59.99"}}},
			"seeMore": true})).withTask("Bills"),
		botSays(tmplComp("advancedListTemplate", map[string]any{"title": "Card plans", "description": "Compare and choose", "listItems": []map[string]any{
			{"title": "Classic", "description": "No annual fee, 1% cash back", "icon": "https://bank.example.com/img/classic.png", "buttons": []map[string]any{{"type": "postback", "title": "Choose Classic", "payload": "PLAN_CLASSIC"}}},
			{"title": "Gold", "description": "$95/yr, 2% cash back, lounge access", "buttons": []map[string]any{{"type": "postback", "title": "Choose Gold", "payload": "PLAN_GOLD"}, {"type": "web_url", "title": "Terms", "url": "https://bank.example.com/terms/gold"}}}}})).withTask("Card Plans"),
	}
}

func carouselSteps() []step {
	card := func(name, hours, addr string) map[string]any {
		return map[string]any{"title": name, "subtitle": hours + " · " + addr, "image_url": "https://bank.example.com/img/" + name + ".png",
			"default_action": map[string]any{"type": "web_url", "url": "https://maps.example.com/?q=" + name},
			"buttons":        []map[string]any{{"type": "web_url", "title": "Directions", "url": "https://maps.example.com/?q=" + name}, {"type": "postback", "title": "Book a visit", "payload": "BOOK_" + name}}}
	}
	return []step{
		userSays("Where is the nearest branch?"),
		botSays(tmplComp("carousel", map[string]any{"elements": []map[string]any{
			card("MainStreet", "Open 9–17", "12 Main St"), card("Harbour", "Open 10–16", "3 Pier Rd"), card("Airport", "Open 6–22", "Terminal 2"),
			card("University", "Open 9–15", "Campus Hall"), card("OldTown", "Closed today", "7 Market Sq")}})).withTask("Find Branch"),
	}
}

func tableSteps() []step {
	return []step{
		userSays("show my last transactions"),
		botSays(tmplComp("table", map[string]any{"table_design": "regular", "text": "Recent transactions", "columns": [][]string{{"Date"}, {"Description"}, {"Amount", "right"}},
			"elements": []map[string]any{
				{"Values": []string{"2026-11-18", "GROCER CO", "-84.20"}},
				{"Values": []string{"2026-11-19", "Coffee Roasters International Headquarters Cafeteria", "-4.50"}},
				{"Values": []string{"2026-11-20", "Salary ACME CORP", "+3,200.00"}},
				{"Values": []string{"2026-11-21", "ATM 日本橋", "-10,000 JPY"}}}})).withTask("Transactions"),
		botSays(tmplComp("mini_table", map[string]any{"elements": []map[string]any{
			{"primary": [][]string{{"Fees"}, {"Nov", "right"}}, "additional": [][]string{{"Foreign ATM", "$2.50"}, {"Overdraft", "$0.00"}}},
			{"primary": [][]string{{"Rewards"}, {"Points", "right"}}, "additional": [][]string{{"Groceries", "842"}, {"Travel", "1,250"}}}}})).withTask("Transactions"),
	}
}

func formSteps() []step {
	return []step{
		userSays("I want a loan"),
		botSays(tmplComp("form_template", map[string]any{"heading": "Personal loan enquiry", "formDesc": "We'll call you back within a day", "formFields": []map[string]any{
			{"type": "text", "label": "Full name", "placeholder": "As on your ID"},
			{"type": "number", "label": "Amount", "placeholder": "e.g. 5000"},
			{"type": "email", "label": "Email", "placeholder": "you@example.com", "fieldButton": map[string]any{"title": "Send enquiry"}}}})).withTask("Loan Enquiry"),
		botSays(tmplComp("dropdown_template", map[string]any{"heading": "Loan term", "elements": []map[string]any{{"title": "12 months", "value": "12"}, {"title": "24 months", "value": "24"}}})).withTask("Loan Enquiry"),
		botSays(tmplComp("feedbackTemplate", map[string]any{"text": "How easy was this?", "view": "CSAT", "smileyArrays": []map[string]any{
			{"smileyId": 1, "value": 1, "reviewText": "Terrible"}, {"smileyId": 2, "value": 2, "reviewText": "Bad"}, {"smileyId": 3, "value": 3, "reviewText": "Okay"},
			{"smileyId": 4, "value": 4, "reviewText": "Good"}, {"smileyId": 5, "value": 5, "reviewText": "Great"}}})).withTask("Survey"),
		botSays(tmplComp("feedbackTemplate", map[string]any{"text": "How likely are you to recommend us?", "view": "NPS"})).withTask("Survey"),
	}
}

func chartSteps() []step {
	return []step{
		userSays("where does my money go?"),
		botSays(tmplComp("piechart", map[string]any{"text": "November spending", "pie_type": "regular", "elements": []map[string]any{
			{"title": "Groceries", "value": "412.50", "displayValue": "$412.50"}, {"title": "Rent", "value": "1450", "displayValue": "$1,450"},
			{"title": "Transport", "value": "96", "displayValue": "$96"}, {"title": "Eating out", "value": "188.3", "displayValue": "$188.30"}}})).withTask("Insights"),
		botSays(tmplComp("barchart", map[string]any{"text": "Spending by month", "direction": "vertical", "stacked": false, "headers": []string{"Sep", "Oct", "Nov"}, "elements": []map[string]any{
			{"title": "Groceries", "values": []float64{380, 401.2, 412.5}, "displayValues": []string{"$380", "$401", "$413"}},
			{"title": "Eating out", "values": []float64{250, 140, 188.3}}}})).withTask("Insights"),
		botSays(tmplComp("linechart", map[string]any{"text": "Savings balance", "headers": []string{"Jul", "Aug", "Sep", "Oct", "Nov"}, "elements": []map[string]any{
			{"title": "Savings", "values": []float64{10200, 10950, 11400, 12100, 12950}}}})).withTask("Insights"),
	}
}

func mediaSteps() []step {
	return []step{
		{in: true, comps: []comp{textComp("here is the receipt"), {"image", map[string]any{"url": "https://files.example.com/u/receipt-1118.jpg", "fileName": "receipt-1118.jpg", "size": 284311}}}},
		botSays(docComp(map[string]any{"type": "image", "payload": map[string]any{"url": "https://bank.example.com/img/dispute-steps.png"}})).withTask("Report Fraud"),
		botSays(docComp(map[string]any{"type": "message", "payload": map[string]any{"text": "Listen to how disputes work:", "audioUrl": "https://bank.example.com/audio/disputes.mp3"}})).withTask("Report Fraud"),
		botSays(docComp(map[string]any{"type": "video", "payload": map[string]any{"url": "https://bank.example.com/video/secure-your-card.mp4"}})).withTask("Report Fraud"),
		{in: true, comps: []comp{{"audio", map[string]any{"url": "https://files.example.com/u/voice-note-17.ogg", "fileName": "voice-note-17.ogg", "size": 48211}}}},
		{in: true, comps: []comp{{"video", map[string]any{"url": "https://files.example.com/u/atm-screen.mp4", "size": 5242880}}}},
		{in: true, comps: []comp{{"attachment", map[string]any{"url": "https://files.example.com/u/statement-oct.pdf", "fileName": "statement-oct.pdf", "size": 129024}}}},
		botSays(comp{"filelink", map[string]any{"url": "https://bank.example.com/forms/dispute-form.pdf", "fileName": "dispute-form.pdf"}}).withTask("Report Fraud"),
		{in: true, comps: []comp{{"location", map[string]any{"latitude": 35.6812, "longitude": 139.7671, "address": "Tokyo Station"}}}},
		{in: true, comps: []comp{{"contact", map[string]any{"name": "Alex Kim", "phone": "+1 555 0100", "email": "alex@example.com"}}}},
	}
}

func voiceSteps() []step {
	return []step{
		botSays(textComp(`<speak>Welcome to Acme Bank. <break time="300ms"/>Calls are recorded for quality.</speak>`)).withTask("Welcome"),
		botSays(docComp(gather("Please say or key in your 8 digit account number, then press hash.", 8))).withTask("Identify Caller"),
		userSays("1 2 3 4 5 6 7 8"),
		botSays(docComp(map[string]any{"type": "command", "command": "redirect", "data": []any{
			map[string]any{"verb": "say", "text": "<speak>Thanks. Your balance is <say-as interpret-as=\"currency\">$1,482.17</say-as>.</speak>"},
			map[string]any{"verb": "gather", "say": map[string]any{"text": []string{"Is there anything else?", "Say yes or no."}}, "input": []string{"speech"}, "timeout": 4}}})).withTask("Check Balance"),
		userSays("no thanks"),
		botSays(textComp(`<speak><prosody rate="slow">Goodbye</prosody> &amp; thank you for calling.</speak>`)).withTask("Goodbye"),
	}
}

// ivrSteps is a phone call as a production voice bot stores it: the
// gateway's pseudo-utterances in the caller's place, SSML and plain text
// with HTML entities, a blank bot message, gateway commands, per-turn
// latency (one slow turn), a transfer to an agent, and a no-input prompt
// stamped after the session's recorded end.
func ivrSteps() []step {
	lat := func(st step, asr, bot, tts int) step { st.latency = []int{asr, bot, tts}; return st }
	cmd := func(steps ...any) comp {
		return docComp(map[string]any{"type": "command", "command": "redirect", "data": steps})
	}
	return []step{
		userSays("StartFlow"),
		lat(botSays(cmd(
			map[string]any{"verb": "config", "synthesizer": map[string]any{"vendor": "microsoft", "voice": "en-US-JennyNeural"},
				"recognizer": map[string]any{"vendor": "google", "language": "en-US"}, "record": map[string]any{"action": "startCallRecording"}},
			map[string]any{"verb": "gather", "say": map[string]any{"text": []string{"<speak>Welcome to Acme Bank&#39;s card line. <break time=\"200ms\"/>Say &quot;lost card&quot; or press 1.</speak>"}},
				"input": []string{"speech", "digits"}, "numDigits": 1, "finishOnKey": "#", "timeout": 5},
		)).withTask("Welcome"), 180, 640, 210),
		userSays("MAX_NO_INPUT"),
		lat(botText("Sorry, I didn&#39;t catch that. Say &quot;lost card&quot; or press 1."), 0, 310, 190),
		userSays("lost card"),
		lat(botText(" "), 420, 150, 0),
		lat(botSays(textComp(`<speak>I&#39;m sorry to hear that. <prosody rate="slow">Your card ending 4821</prosody> is now blocked &amp; a new one is on its way.</speak>`)).withTask("Block Card"), 510, 2380, 330),
		userSays("I want to talk to someone"),
		lat(botSays(cmd(
			map[string]any{"verb": "say", "text": "Connecting you to an agent now."},
			map[string]any{"verb": "dial", "target": []any{map[string]any{"type": "phone", "number": "+1 555 0199"}}},
		)).withTask("Agent Transfer"), 390, 2900, 260),
		agentSays("Hi, this is Mika from the card team. I can see the block on card 4821."),
		userSays("thanks, that&#39;s all"),
		userSays("Call Termination Handler"),
		{comps: []comp{textComp(`<speak>We didn&#39;t hear anything. Goodbye.</speak>`)}, late: 12 * time.Minute},
	}
}

func agentSteps() []step {
	wait := step{system: true, comps: []comp{tmplComp("SYSTEM", map[string]any{"text": "Agent Mika Sato joined the conversation"})}, gap: 12 * time.Minute}
	return []step{
		userSays("二重に請求されています"),
		botText("ご不便をおかけして申し訳ありません。確認いたします。").withTask("Dispute Charge"),
		userSays("オペレーターと話したい"),
		botSays(textComp("担当者におつなぎします。少々お待ちください。")).withTask("Agent Transfer"),
		wait,
		agentSays("カード担当の佐藤です。二件の請求を確認しました。"),
		userSays("ありがとうございます"),
		agentSays("重複分の異議申し立てを登録しました。3営業日以内にご連絡します。"),
	}
}

// PersonalCard, PersonalEmail and PersonalPhone are the personal data
// showcase-personal holds, for tests that they never show masked.
const (
	PersonalCard  = "4111 1111 1111 1111"
	PersonalEmail = "maria.lopez@example.com"
	PersonalPhone = "+1 415 555 0134"
)

// personalSteps are a conversation with personal data in it, said and
// echoed in a template, as support transcripts are.
func personalSteps() []step {
	return []step{
		userSays("My card " + PersonalCard + " was charged twice"),
		botText("I can help with that. Is your e-mail address still " + PersonalEmail + "?").withTask("Dispute Charge"),
		userSays("yes, or call me on " + PersonalPhone),
		botSays(tmplComp("button", map[string]any{"text": "Which contact should the case use?", "buttons": []map[string]any{
			{"type": "postback", "title": PersonalEmail, "payload": "CONTACT_EMAIL"},
			{"type": "postback", "title": PersonalPhone, "payload": "CONTACT_PHONE"}}})).withTask("Dispute Charge"),
		userSays(PersonalPhone),
		botText("Thanks. Case DC-20418 is open; an agent will call " + PersonalPhone + ".").withTask("Dispute Charge"),
	}
}

func odditySteps() []step {
	return []step{
		userSays("\x1b[31mred alert\x1b[0m \x1b]0;pwned\x07 and a bell\a"),
		botSays(docComp(map[string]any{"type": "error", "payload": map[string]any{"text": "Sorry, the payments service is unavailable. Please try again in a few minutes."}})).withTask("Transfer Funds"),
		botSays(comp{"error", map[string]any{"text": "Dialog task failed: service node timeout after 10 s"}}),
		botSays(tmplComp("appointment_slots", map[string]any{"text": "Pick a time", "slots": []string{"09:00", "09:30"}})),
		botSays(docComp(map[string]any{"kind": "not-a-kore-shape", "items": []int{1, 2, 3}})),
		{comps: []comp{{"timeline", map[string]any{"events": []map[string]any{{"at": "10:00", "what": "card blocked"}}}}}},
		userSays("evil\u202egnp.exe and a tab\there"),
		// An alert task's message and an action task's: getMessagesV2
		// leaves both out.
		{ms: msAlert, comps: []comp{textComp("Alert: a card payment of $812.40 was declined")}, task: "Fraud Alert"},
		{ms: msAction, comps: []comp{textComp("Action: card 4821 frozen until the customer confirms")}, task: "Freeze Card"},
	}
}
