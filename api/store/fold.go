package store

import (
	"database/sql/driver"
	"encoding/json"
	"strings"

	"konvo/model"

	"modernc.org/sqlite"
)

// SQLite's LIKE folds ASCII letters only: "üb" did not find "Überweisung".
// Words too short for the trigram index are matched through konvo_fold,
// which folds every script's case as Go does, on both sides.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("konvo_fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return fold(v), nil
		case []byte:
			return fold(string(v)), nil
		}
		return args[0], nil
	})
}

// konvo_speaker is who said a stored message (model.Speaker), -1 when
// the record cannot be read: migration 5 fills the column with it.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("konvo_speaker", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		return int64(speakerOf(rawOf(args[0]))), nil
	})
}

// speakerOf is who said a message as the server sent it.
func speakerOf(raw []byte) int {
	var m model.Message
	if json.Unmarshal(raw, &m) != nil {
		return -1
	}
	return int(m.Speaker())
}

// Migration 6 reads a stored message's turn latency (konvo_latency),
// whether it shows a failure (konvo_failed) and its task (konvo_task).
func init() {
	message := func(v driver.Value) (model.Message, bool) {
		var m model.Message
		return m, json.Unmarshal(rawOf(v), &m) == nil
	}
	sqlite.MustRegisterDeterministicScalarFunction("konvo_latency", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		m, _ := message(args[0])
		return m.TurnMillis(), nil
	})
	sqlite.MustRegisterDeterministicScalarFunction("konvo_failed", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		m, ok := message(args[0])
		return map[bool]int64{true: 1, false: 0}[ok && m.HasError()], nil
	})
	sqlite.MustRegisterDeterministicScalarFunction("konvo_failure_text", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		m, _ := message(args[0])
		text, _ := m.ErrorText()
		return text, nil
	})
	sqlite.MustRegisterDeterministicScalarFunction("konvo_words", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		m, _ := message(args[0])
		return model.LastBotWords([]model.Message{m}).Text, nil
	})
	sqlite.MustRegisterDeterministicScalarFunction("konvo_lang", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		var s model.Session
		if json.Unmarshal(rawOf(args[0]), &s) != nil || len(s.Languages) == 0 {
			return "", nil
		}
		return s.Languages[0], nil
	})
	sqlite.MustRegisterDeterministicScalarFunction("konvo_fallback", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		m, ok := message(args[0])
		return map[bool]int64{true: 1, false: 0}[ok && model.IsFallback(m)], nil
	})
	sqlite.MustRegisterDeterministicScalarFunction("konvo_said", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		m, _ := message(args[0])
		return model.Said(m), nil
	})
	sqlite.MustRegisterDeterministicScalarFunction("konvo_voice", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		ch, _ := args[0].(string)
		return map[bool]int64{true: 1, false: 0}[model.IsVoiceChannel(ch)], nil
	})
	sqlite.MustRegisterDeterministicScalarFunction("konvo_task", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		m, _ := message(args[0])
		return m.TaskName, nil
	})
}

// fold is the case folding of search: lower case, every script.
func fold(s string) string { return strings.ToLower(s) }

// rawOf is a SQL value as bytes (a record is stored as BLOB or TEXT).
func rawOf(v driver.Value) []byte {
	switch v := v.(type) {
	case string:
		return []byte(v)
	case []byte:
		return v
	}
	return nil
}
