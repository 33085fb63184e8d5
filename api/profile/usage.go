package profile

import "errors"

// UsageError marks a mistake in what the user asked for (a bad flag,
// date or setting), as against a failure of the API or the network.
// What a front end does with it (the command line's exit code and
// wording) is the front end's: see ui/cli.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// Usage marks err as the user's mistake; nil stays nil.
func Usage(err error) error {
	if err == nil {
		return nil
	}
	return UsageError{err}
}

// IsUsage reports whether err is the user's mistake.
func IsUsage(err error) bool { return errors.As(err, new(UsageError)) }
