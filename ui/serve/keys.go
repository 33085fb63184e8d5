package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"os"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// engineer is who a key belongs to: the key's comment in the authorized
// keys file (alice@support), or its fingerprint when it has none.
type engineer struct {
	name, fingerprint string
	options           []string // the key line's options (from=, no-pty…)
}

// lookupKey finds key in the authorized keys file. The file is read on
// every attempt, so a key removed from it is refused at once, with no
// restart.
func lookupKey(path string, key ssh.PublicKey) (engineer, bool, error) {
	fp := gossh.FingerprintSHA256(key)
	data, err := os.ReadFile(path)
	if err != nil {
		return engineer{fingerprint: fp}, false, fmt.Errorf("authorized keys: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, comment, options, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			continue // one bad line must not lock everyone out
		}
		if ssh.KeysEqual(k, key) {
			name := comment
			if name == "" {
				name = fp
			}
			return engineer{name: name, fingerprint: fp, options: options}, true, nil
		}
	}
	return engineer{fingerprint: fp}, false, nil
}
