package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// SourcesDir is the folder, beside a dataset file, that holds the texts of
// its file sources.
const SourcesDir = "sources"

// Create writes a new, empty dataset (a FeatureCollection with no features
// and "sources": []) to path, titled title, and makes the sources folder
// beside it. It refuses a path that exists or does not end in .geojson or
// .json, and leaves nothing behind on error. The dataset it returns is
// the one written, ready to edit.
func Create(path, title string) (*Dataset, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".geojson", ".json":
	default:
		return nil, fmt.Errorf("create %s: a dataset file ends in .geojson", path)
	}
	if _, err := os.Lstat(path); err == nil {
		return nil, fmt.Errorf("create %s: the file exists; choose another name", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("create %s: the folder %s does not exist", path, dir)
	}
	src := filepath.Join(dir, SourcesDir)
	made := false
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		if err := os.Mkdir(src, 0o755); err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
		made = true
	}
	ds := &Dataset{Path: path, Title: strings.TrimSpace(title)}
	ds.Reindex()
	if err := ds.Save(path); err != nil {
		if made {
			os.Remove(src)
		}
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return ds, nil
}
