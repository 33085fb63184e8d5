package profile

import (
	"fmt"
	"os"
	"strings"
)

// ownerOnly refuses a file that group or others may read.
func ownerOnly(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("is readable by others (mode %04o); run: chmod 600 %s", st.Mode().Perm(), path)
	}
	return nil
}

// ReadSecretFile reads a secret or a token from a regular file that only
// its owner can read, trimmed of surrounding space.
func ReadSecretFile(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("secret file: %w", err)
	}
	if !st.Mode().IsRegular() {
		// A FIFO or a device would block the read, maybe forever.
		return "", fmt.Errorf("secret file %s is not a regular file (%s); give a plain file", path, st.Mode().Type())
	}
	if err := ownerOnly(path); err != nil {
		return "", fmt.Errorf("secret file %s %w", path, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("secret file: %w", err)
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "", fmt.Errorf("secret file %s is empty", path)
	}
	return s, nil
}
