//go:build unix

package fsafe

import (
	"errors"
	"syscall"
)

const noFollow = syscall.O_NOFOLLOW

// isLoop is the error O_NOFOLLOW gives for a link (ELOOP).
func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
