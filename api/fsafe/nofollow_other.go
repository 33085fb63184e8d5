//go:build !unix

package fsafe

// Without O_NOFOLLOW the Lstat check in OpenFile stands alone.
const noFollow = 0

func isLoop(error) bool { return false }
