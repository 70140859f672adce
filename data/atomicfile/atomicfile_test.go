package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeOld creates a file with the given contents and mode.
func writeOld(t *testing.T, name, contents string, perm fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(name, []byte(contents), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, perm); err != nil {
		t.Fatal(err)
	}
}

// readFile returns a file's contents, or "<missing>".
func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return "<missing>"
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// assertNoTemp fails when a temporary file is left in dir.
func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name       string
		old        string // "" for no file
		oldPerm    fs.FileMode
		perm       fs.FileMode
		opts       []Option
		wantPerm   fs.FileMode
		wantBackup string
	}{
		{name: "new file", perm: 0o640, wantPerm: 0o640, wantBackup: "<missing>"},
		{name: "new file with backup", perm: 0o644, opts: []Option{KeepBackup()}, wantPerm: 0o644, wantBackup: "<missing>"},
		{name: "existing file keeps its mode", old: "old", oldPerm: 0o600, perm: 0o644, wantPerm: 0o600, wantBackup: "<missing>"},
		{name: "existing file with backup", old: "old", oldPerm: 0o604, perm: 0o644, opts: []Option{KeepBackup()}, wantPerm: 0o604, wantBackup: "old"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			name := filepath.Join(dir, "out.txt")
			if tt.old != "" {
				writeOld(t, name, tt.old, tt.oldPerm)
			}
			if err := WriteFile(name, []byte("new contents"), tt.perm, tt.opts...); err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, name); got != "new contents" {
				t.Errorf("contents = %q", got)
			}
			info, err := os.Stat(name)
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != tt.wantPerm {
				t.Errorf("mode = %v; want %v", info.Mode().Perm(), tt.wantPerm)
			}
			if got := readFile(t, name+"~"); got != tt.wantBackup {
				t.Errorf("backup = %q; want %q", got, tt.wantBackup)
			}
			if tt.wantBackup != "<missing>" {
				if info, err := os.Stat(name + "~"); err != nil || info.Mode().Perm() != tt.oldPerm {
					t.Errorf("backup mode = %v (%v); want %v", info.Mode().Perm(), err, tt.oldPerm)
				}
			}
			assertNoTemp(t, dir)
		})
	}
}

func TestWriteStreams(t *testing.T) {
	name := filepath.Join(t.TempDir(), "out.txt")
	err := Write(name, 0o644, func(w io.Writer) error {
		for range 10000 {
			if _, err := io.WriteString(w, "line\n"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, name); got != strings.Repeat("line\n", 10000) {
		t.Errorf("got %d bytes", len(got))
	}
}

func TestBackupIsReplaced(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.txt")
	for _, contents := range []string{"first", "second", "third"} {
		if err := WriteFile(name, []byte(contents), 0o644, KeepBackup()); err != nil {
			t.Fatal(err)
		}
	}
	if got := readFile(t, name); got != "third" {
		t.Errorf("contents = %q", got)
	}
	if got := readFile(t, name+"~"); got != "second" {
		t.Errorf("backup = %q; want the previous contents", got)
	}
	assertNoTemp(t, dir)
}

func TestWriteFailureLeavesOldFile(t *testing.T) {
	errWriter := errors.New("no more data")
	tests := []struct {
		name  string
		setup func(t *testing.T, name string) (target string, fn func(io.Writer) error, opts []Option)
		want  string // in the error
		is    error  // errors.Is of the error, when not nil
	}{
		{"fn fails", func(t *testing.T, name string) (string, func(io.Writer) error, []Option) {
			return name, func(w io.Writer) error {
				io.WriteString(w, "partial")
				return errWriter
			}, []Option{KeepBackup()}
		}, "no more data", errWriter},
		{"backup cannot be written", func(t *testing.T, name string) (string, func(io.Writer) error, []Option) {
			// A non-empty folder where the backup goes makes the last
			// step before the rename fail.
			if err := os.MkdirAll(filepath.Join(name+"~", "keep"), 0o755); err != nil {
				t.Fatal(err)
			}
			return name, writeNew, []Option{KeepBackup()}
		}, "keep a backup", nil},
		{"read-only folder", func(t *testing.T, name string) (string, func(io.Writer) error, []Option) {
			if os.Geteuid() == 0 {
				t.Skip("the superuser can write to read-only folders")
			}
			dir := filepath.Dir(name)
			if err := os.Chmod(dir, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
			return name, writeNew, nil
		}, "create a temporary file", fs.ErrPermission},
		{"folder is a file", func(t *testing.T, name string) (string, func(io.Writer) error, []Option) {
			return filepath.Join(name, "inside.txt"), writeNew, nil
		}, "inside.txt", nil},
		{"target is a folder", func(t *testing.T, name string) (string, func(io.Writer) error, []Option) {
			dir := filepath.Join(filepath.Dir(name), "sub")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			return dir, writeNew, nil
		}, "is not a regular file", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			name := filepath.Join(dir, "out.txt")
			writeOld(t, name, "old contents", 0o644)
			target, fn, opts := tt.setup(t, name)
			err := Write(target, 0o644, fn, opts...)
			if err == nil {
				t.Fatal("Write succeeded")
			}
			if msg := err.Error(); !strings.Contains(msg, target) || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q does not name the file %s and say %q", msg, target, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if got := readFile(t, name); got != "old contents" {
				t.Errorf("the old file changed to %q", got)
			}
			assertNoTemp(t, dir)
		})
	}
}

// writeNew writes some new contents.
func writeNew(w io.Writer) error {
	_, err := io.WriteString(w, "new contents")
	return err
}

func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.txt")
	link := filepath.Join(dir, "link.txt")
	writeOld(t, target, "old", 0o644)
	if err := os.Symlink("target.txt", link); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	if err := WriteFile(link, []byte("new"), 0o644, KeepBackup()); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if got := readFile(t, target); got != "new" {
		t.Errorf("target = %q", got)
	}
	if got := readFile(t, target+"~"); got != "old" {
		t.Errorf("backup of the target = %q", got)
	}
	assertNoTemp(t, dir)
}
