package store

import (
	"database/sql/driver"
	"strings"

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

// fold is the case folding of search: lower case, every script.
func fold(s string) string { return strings.ToLower(s) }
