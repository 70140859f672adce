package data

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Load reads, checks and decodes the dataset file at path. File sources are
// read from the file's folder, which they cannot leave: the operating
// system refuses paths and symbolic links that escape it.
//
// When the file has problems the error is Problems, listing all of them;
// errors.As finds it. Other errors, such as a missing file, wrap the
// underlying error.
func Load(path string) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load dataset: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("load dataset: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("load dataset %s: not a regular file", path)
	}
	if info.Size() > MaxFileSize {
		return nil, tooLarge(path, info.Size())
	}
	b, tooBig, err := readLimited(f, info.Size(), MaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("load dataset %s: %w", path, err)
	}
	if tooBig {
		return nil, tooLarge(path, MaxFileSize+1)
	}
	root, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("load dataset %s: open its folder: %w", path, err)
	}
	defer root.Close()
	ds, err := parse(path, ".", b, root.FS())
	if err != nil {
		return nil, err
	}
	ds.Path = path
	return ds, nil
}

// LoadFS reads, checks and decodes the dataset file name, a slash-separated
// path within fsys. File sources are resolved within fsys relative to the
// folder of name. Errors are as for Load.
func LoadFS(fsys fs.FS, name string) (*Dataset, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("load dataset: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("load dataset %s: not a regular file", name)
	}
	if info.Size() > MaxFileSize {
		return nil, tooLarge(name, info.Size())
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("load dataset: %w", err)
	}
	defer f.Close()
	b, tooBig, err := readLimited(f, info.Size(), MaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("load dataset %s: %w", name, err)
	}
	if tooBig {
		return nil, tooLarge(name, MaxFileSize+1)
	}
	return Parse(name, b, fsys)
}

// tooLarge is the problem of a file over MaxFileSize.
func tooLarge(name string, size int64) error {
	return Problems{{File: name, Feature: -1,
		Message: fmt.Sprintf("the file is %s; the limit is %s", sizeString(size), sizeString(MaxFileSize))}}
}

// defaultFS holds the default dataset: default/casmap.geojson and the
// source texts it cites.
//
//go:embed default
var defaultFS embed.FS

// DefaultName is the default dataset's file within DefaultFS.
const DefaultName = "default/casmap.geojson"

// DefaultPath is the Path of the dataset returned by Default.
const DefaultPath = "embedded"

// DefaultFS returns the read-only file system holding the default dataset,
// DefaultName, and its source files.
func DefaultFS() fs.FS { return defaultFS }

// Default loads the default dataset built into the program. Its Path is
// DefaultPath.
func Default() (*Dataset, error) {
	ds, err := LoadFS(defaultFS, DefaultName)
	if err != nil {
		return nil, fmt.Errorf("default dataset: %w", err)
	}
	ds.Path = DefaultPath
	return ds, nil
}
