// Package fsafe opens the files konvo writes without following links: a
// symlink planted where konvo writes (an export's .partial file, the
// audit log, the store) would otherwise send personal data, or a
// truncation, to wherever it points.
package fsafe

import (
	"fmt"
	"os"
)

// OpenFile is os.OpenFile that refuses a path that is a symbolic link
// (O_NOFOLLOW where the system has it, a check of the path otherwise)
// and a file that is not a regular file.
func OpenFile(path string, flag int, perm os.FileMode) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return nil, &LinkError{Path: path}
	}
	f, err := os.OpenFile(path, flag|noFollow, perm)
	if err != nil {
		if isLoop(err) {
			return nil, &LinkError{Path: path}
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is not a regular file; konvo writes only to regular files", path)
	}
	return f, nil
}

// CheckPath refuses a path that is a symbolic link, for files a library
// opens by name (the SQLite database).
func CheckPath(path string) error {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return &LinkError{Path: path}
	}
	return nil
}

// LinkError is a path konvo would have written through a link.
type LinkError struct{ Path string }

func (e *LinkError) Error() string {
	return fmt.Sprintf("%s is a symbolic link; konvo does not write through links (remove it, or name the real file)", e.Path)
}
