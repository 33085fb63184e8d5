package koretest

// phraseSet is what users, the bot and agents say in one language.
type phraseSet struct {
	user, bot, agent                               []string
	handoff, more, yes, no, human, accounts, alert string
	feedback                                       string
	// otp is the prompt where transfers are abandoned in the demo;
	// unclear is what users say that the bot does not understand, and
	// fallback its answer to it (English only).
	otp, fallback string
	unclear       []string
}

var phrases = map[string]phraseSet{
	"en": {
		user: []string{"What's my balance?", "I lost my card", "Send $200 to Alex", "Where is the nearest branch?",
			"Why was I charged twice?", "Can I raise my credit limit?", "talk to a human", "yes please", "no, that's all",
			"I don't recognise this payment from 18 Nov", "How do I reset my PIN?"},
		bot: []string{"Sure, let me check that for you.", "Your Everyday account balance is $1,482.17.",
			"I've blocked the card ending 4821. A new one will arrive in 5–7 business days.",
			"Done! $200.00 is on its way to Alex.", "I couldn't find a charge matching that description.",
			"To continue, please confirm your date of birth.", "Is there anything else I can help you with?"},
		agent: []string{"Hi, this is Mika from the cards team. I can see the two charges.", "I've raised a dispute for the duplicate charge; you'll hear back within 3 days.",
			"Thanks for waiting. Anything else today?"},
		handoff: "Let me connect you with a colleague who can help.", more: "Would you like to do anything else?",
		yes: "Yes", no: "No", human: "Talk to an agent", accounts: "Your accounts",
		alert: "A card payment of $84.20 at GROCER CO needs your confirmation.", feedback: "How did I do today?", otp: "To confirm the transfer, enter the 6-digit code we just sent to your phone.",
		fallback: "Sorry, I didn't understand that. Could you say it another way?",
		unclear:  []string{"can u do the thing with my statment", "why is it like that", "the app is weird again"},
	},
	"ja": {
		user:    []string{"残高を教えて", "カードを紛失しました", "アレックスに2万円送金して", "近くの支店はどこ？", "二重に請求されています", "オペレーターと話したい", "はい", "いいえ、以上です"},
		bot:     []string{"確認いたします。", "普通預金の残高は148,217円です。", "末尾4821のカードを停止しました。", "送金が完了しました。", "他にお手伝いできることはありますか？"},
		agent:   []string{"カード担当の佐藤です。二件の請求を確認しました。", "重複分の異議申し立てを登録しました。"},
		handoff: "担当者におつなぎします。少々お待ちください。", more: "他に何かございますか？",
		yes: "はい", no: "いいえ", human: "担当者と話す", accounts: "お客様の口座", alert: "GROCER COでの8,420円のカード決済をご確認ください。", feedback: "今回の対応はいかがでしたか？", otp: "振込を確定するには、SMSで送信した6桁のコードを入力してください。",
	},
	"ko": {
		user:    []string{"잔액 알려줘", "카드를 잃어버렸어요", "알렉스에게 20만원 보내줘", "가까운 지점 어디예요?", "상담원 연결해 주세요", "네", "아니요"},
		bot:     []string{"확인해 드리겠습니다.", "보통예금 잔액은 1,482,170원입니다.", "끝자리 4821 카드를 정지했습니다.", "송금이 완료되었습니다.", "더 도와드릴 일이 있을까요?"},
		agent:   []string{"카드팀 상담원 미카입니다. 두 건의 결제를 확인했습니다.", "중복 결제에 대해 이의 신청을 접수했습니다."},
		handoff: "상담원에게 연결해 드리겠습니다.", more: "더 필요하신 것이 있나요?",
		yes: "네", no: "아니요", human: "상담원 연결", accounts: "고객님의 계좌", alert: "GROCER CO 카드 결제 84,200원을 확인해 주세요.", feedback: "오늘 상담은 어떠셨나요?", otp: "이체를 확인하려면 휴대폰으로 보낸 6자리 코드를 입력하세요.",
	},
	"es": {
		user:    []string{"¿Cuál es mi saldo?", "Perdí mi tarjeta", "Envía 200 € a Alex", "¿Dónde está la sucursal más cercana?", "quiero hablar con una persona", "sí", "no, gracias"},
		bot:     []string{"Claro, lo compruebo.", "El saldo de su cuenta corriente es 1.482,17 €.", "He bloqueado la tarjeta terminada en 4821.", "¡Hecho! 200,00 € enviados a Alex.", "¿Algo más en lo que pueda ayudarle?"},
		agent:   []string{"Hola, soy Mika del equipo de tarjetas.", "He abierto una reclamación por el cargo duplicado."},
		handoff: "Le paso con un compañero que puede ayudarle.", more: "¿Desea hacer algo más?",
		yes: "Sí", no: "No", human: "Hablar con un agente", accounts: "Sus cuentas", alert: "Confirme el pago con tarjeta de 84,20 € en GROCER CO.", feedback: "¿Qué tal le he atendido?", otp: "Para confirmar la transferencia, introduzca el código de 6 dígitos que le enviamos.",
	},
	"de": {
		user:    []string{"Wie ist mein Kontostand?", "Ich habe meine Karte verloren", "Überweise 200 € an Alex", "Wo ist die nächste Filiale?", "Mitarbeiter bitte", "ja", "nein, danke"},
		bot:     []string{"Einen Moment, ich prüfe das.", "Ihr Girokonto-Saldo beträgt 1.482,17 €.", "Ich habe die Karte mit Endziffern 4821 gesperrt.", "Erledigt! 200,00 € sind an Alex unterwegs.", "Kann ich sonst noch helfen?"},
		agent:   []string{"Hallo, hier ist Mika vom Kartenteam.", "Ich habe die doppelte Buchung reklamiert."},
		handoff: "Ich verbinde Sie mit einer Kollegin.", more: "Möchten Sie noch etwas erledigen?",
		yes: "Ja", no: "Nein", human: "Mit Mitarbeiter sprechen", accounts: "Ihre Konten", alert: "Bitte bestätigen Sie die Kartenzahlung über 84,20 € bei GROCER CO.", feedback: "Wie zufrieden waren Sie?", otp: "Bitte geben Sie zur Bestätigung den 6-stelligen Code aus der SMS ein.",
	},
}
