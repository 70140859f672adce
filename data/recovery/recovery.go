// Package recovery keeps a journal of a dataset's unsaved changes, so that a
// crash or a killed process loses nothing: while a dataset has unsaved
// changes, the editor writes the whole dataset, as it would save it, to a
// journal file in the user's cache folder; a save or a discard removes it;
// the next start finds a journal newer than its dataset and offers to
// restore it.
//
// A journal is named after the dataset's file name and a digest of its
// absolute path, so that datasets of the same name in two folders keep
// separate journals. Its file sources stay where they are, beside the
// dataset (the editor writes a source's text there when it is added), so a
// journal is read with the dataset's folder as its base.
package recovery

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"casmap/data"
	"casmap/data/atomicfile"
)

// Dir returns the folder of the journals: casmap/recovery in the user's
// cache folder (os.UserCacheDir).
func Dir() (string, error) {
	c, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("recovery journal: %w", err)
	}
	return filepath.Join(c, "casmap", "recovery"), nil
}

// PathFor returns the journal file of the dataset at datasetPath.
func PathFor(datasetPath string) (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(datasetPath)
	if err != nil {
		return "", fmt.Errorf("recovery journal of %s: %w", datasetPath, err)
	}
	sum := sha256.Sum256([]byte(abs))
	base := strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
	return filepath.Join(dir, base+"-"+hex.EncodeToString(sum[:6])+".geojson"), nil
}

// Write writes the journal of ds, whose file is ds.Path, atomically.
func Write(ds *data.Dataset) error {
	b, err := ds.MarshalJSON()
	if err != nil {
		return fmt.Errorf("recovery journal of %s: %w", ds.Path, err)
	}
	return WriteBytes(ds.Path, b)
}

// WriteBytes writes b, a dataset encoded by MarshalJSON, as the journal of
// the dataset at datasetPath, atomically. It is Write for a caller that
// encodes on one goroutine and writes on another.
func WriteBytes(datasetPath string, b []byte) error {
	j, err := PathFor(datasetPath)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(j), 0o700); err != nil {
		return fmt.Errorf("recovery journal of %s: %w", datasetPath, err)
	}
	if err := atomicfile.WriteFile(j, b, 0o600); err != nil {
		return fmt.Errorf("recovery journal of %s: %w", datasetPath, err)
	}
	return nil
}

// Remove deletes the journal of the dataset at datasetPath, if any.
func Remove(datasetPath string) error {
	j, err := PathFor(datasetPath)
	if err != nil {
		return err
	}
	if err := os.Remove(j); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("recovery journal of %s: %w", datasetPath, err)
	}
	return nil
}

// Pending reports whether the dataset at datasetPath has a journal written
// after the dataset file was last changed, and when it was written.
func Pending(datasetPath string) (time.Time, bool) {
	j, err := PathFor(datasetPath)
	if err != nil {
		return time.Time{}, false
	}
	js, err := os.Stat(j)
	if err != nil {
		return time.Time{}, false
	}
	if ds, err := os.Stat(datasetPath); err == nil && !js.ModTime().After(ds.ModTime()) {
		return time.Time{}, false // saved since: the journal is stale
	}
	return js.ModTime(), true
}

// Load reads the journal of the dataset at datasetPath, with its file
// sources read from the dataset's folder, and validates it as data.Load
// does. The dataset returned has Path datasetPath: saving it saves the
// restored changes over the dataset.
func Load(datasetPath string) (*data.Dataset, error) {
	j, err := PathFor(datasetPath)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(j)
	if err != nil {
		return nil, fmt.Errorf("recovery journal of %s: %w", datasetPath, err)
	}
	name := filepath.Base(datasetPath)
	ds, err := data.Parse(name, b, os.DirFS(filepath.Dir(datasetPath)))
	if err != nil {
		return nil, fmt.Errorf("recovery journal of %s: %w", datasetPath, err)
	}
	ds.Path = datasetPath
	return ds, nil
}
