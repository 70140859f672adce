// Package atomicfile replaces files atomically: a reader of the file sees
// either its old contents or its new ones, never a mix, and a write that
// fails leaves the old file as it was and no temporary file behind.
//
// A file is written to a temporary file in the same folder, flushed to
// disk, renamed over the file and the folder is flushed too, so that the
// rename survives a crash.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// An Option changes how Write and WriteFile write a file.
type Option func(*options)

type options struct {
	backup bool
}

// KeepBackup makes Write keep the previous contents of an existing file as
// the single backup name+"~", replacing any older backup. The backup is
// written atomically too, just before the new contents take the file's
// place; when it cannot be written, the file is not replaced.
func KeepBackup() Option {
	return func(o *options) { o.backup = true }
}

// WriteFile writes b to the file name atomically; see Write.
func WriteFile(name string, b []byte, perm fs.FileMode, opts ...Option) error {
	return Write(name, perm, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}, opts...)
}

// Write replaces the file name, or creates it, with what fn writes. fn
// writes to a buffered temporary file in the same folder, which is flushed
// to disk and renamed over name once fn returns nil.
//
// A new file gets the permissions perm exactly, regardless of the umask;
// an existing file keeps its own. When name is a symbolic link, the file it
// points to is replaced and the link kept. name must not be a folder or
// another file that is not regular.
//
// When fn or any step fails, the file at name is left untouched, the
// temporary file is removed, and the error, which names the file, says
// which step failed. Flushing the folder is done as well as the system
// allows; some cannot flush folders, and the rename has happened already.
func Write(name string, perm fs.FileMode, fn func(w io.Writer) error, opts ...Option) error {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if err := write(name, perm, fn, o); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

func write(name string, perm fs.FileMode, fn func(w io.Writer) error, o options) (err error) {
	target := name
	if resolved, err := filepath.EvalSymlinks(name); err == nil {
		target = resolved
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	mode := perm.Perm()
	info, err := os.Stat(target)
	exists := err == nil
	switch {
	case exists && !info.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file", target)
	case exists:
		mode = info.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	dir := filepath.Dir(target)
	tmp, err := writeTemp(dir, filepath.Base(target), mode, fn)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if exists && o.backup {
		if err := backup(target); err != nil {
			return fmt.Errorf("keep a backup: %w", err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return fmt.Errorf("rename the temporary file: %w", err)
	}
	syncDir(dir)
	return nil
}

// writeTemp writes what fn writes to a new temporary file in dir, with
// the given mode, flushed to disk, and returns its name. On failure it
// removes the file.
func writeTemp(dir, base string, mode fs.FileMode, fn func(w io.Writer) error) (name string, err error) {
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return "", fmt.Errorf("create a temporary file: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, 64<<10)
	if err := fn(w); err != nil {
		return "", err
	}
	if err := w.Flush(); err != nil {
		return "", fmt.Errorf("write the temporary file: %w", err)
	}
	if err := f.Chmod(mode); err != nil {
		return "", fmt.Errorf("set the temporary file's mode: %w", err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("flush the temporary file: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("close the temporary file: %w", err)
	}
	return f.Name(), nil
}

// backup copies target to target+"~" atomically, so that the previous
// backup is only replaced by a complete one.
func backup(target string) error {
	src, err := os.Open(target)
	if err != nil {
		return err
	}
	defer src.Close()
	info, err := src.Stat()
	if err != nil {
		return err
	}
	tmp, err := writeTemp(filepath.Dir(target), filepath.Base(target)+"~", info.Mode().Perm(), func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, target+"~"); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// syncDir flushes a folder's entries to disk so that a rename survives a
// crash. It is best effort: some systems cannot sync folders, and the
// rename itself has already succeeded.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		_ = f.Close()
	}
}
