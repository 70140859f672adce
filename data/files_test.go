package data

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Russia seeks Central Asian buffer", "russia-seeks-central-asian-buffer"},
		{"Lavrov’s Central Asia Tour", "lavrovs-central-asia-tour"},
		{"Tadjikistan : la frontière afghane", "tadjikistan-la-frontiere-afghane"},
		{"  --Kant air base (KG)--  ", "kant-air-base-kg"},
		{"7,500 troops", "7-500-troops"},
		{"Қазақстан", ""},
		{"", ""},
		{strings.Repeat("word ", 30), strings.TrimSuffix(strings.Repeat("word-", 12), "-")},
	}
	for _, tt := range tests {
		got := Slugify(tt.in)
		if got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !isSlug(got) {
			t.Errorf("Slugify(%q) = %q is not a valid id", tt.in, got)
		}
	}
}

func TestUniqueID(t *testing.T) {
	taken := map[string]bool{"a": true, "a-2": true}
	has := func(s string) bool { return taken[s] }
	for _, tt := range []struct{ base, want string }{{"a", "a-3"}, {"b", "b"}, {"", "marker"}} {
		if got := UniqueID(tt.base, "marker", has); got != tt.want {
			t.Errorf("UniqueID(%q) = %q, want %q", tt.base, got, tt.want)
		}
	}
}

func TestWriteSourceText(t *testing.T) {
	dir := t.TempDir()
	ds := filepath.Join(dir, "d.geojson")
	text := []byte("Line one\r\nLine two\u00a0— no final newline")
	rel, err := WriteSourceText(ds, "article", ".txt", text)
	if err != nil || rel != "sources/article.txt" {
		t.Fatalf("WriteSourceText = %q, %v", rel, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sources", "article.txt")); !bytes.Equal(b, text) {
		t.Fatal("the text was not copied byte for byte")
	}
	// The same text again reuses the file; another text gets another name.
	if rel2, _ := WriteSourceText(ds, "article", ".txt", text); rel2 != rel {
		t.Errorf("same text: %q", rel2)
	}
	rel3, err := WriteSourceText(ds, "article", ".md", []byte("other"))
	if err != nil || rel3 != "sources/article.md" {
		t.Errorf("markdown: %q, %v", rel3, err)
	}
	rel4, err := WriteSourceText(ds, "article", ".txt", []byte("other"))
	if err != nil || rel4 != "sources/article-2.txt" {
		t.Errorf("other text: %q, %v", rel4, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sources", "article.txt")); !bytes.Equal(b, text) {
		t.Fatal("a source file was overwritten")
	}
}

func TestSaveCopyWritesSources(t *testing.T) {
	ds, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "copy.geojson")
	if err := ds.SaveCopy(path); err != nil {
		t.Fatal(err)
	}
	if ds.Path != path {
		t.Errorf("Path = %q", ds.Path)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatalf("the copy does not load: %v", err)
	}
	if len(got.Sources) != len(ds.Sources) || len(got.Markers) != len(ds.Markers) {
		t.Fatal("the copy lost sources or markers")
	}
	for _, s := range got.Sources {
		if s.SHA256 != SourceDigest(s.Text) {
			t.Errorf("source %s copied with another text", s.ID)
		}
	}
	// Saving the copy again over itself is fine; a different text in the
	// way is refused, and the dataset file is not written.
	if err := ds.SaveCopy(path); err != nil {
		t.Fatalf("second SaveCopy: %v", err)
	}
	other := filepath.Join(t.TempDir(), "other.geojson")
	clash := filepath.Join(filepath.Dir(other), filepath.FromSlash(ds.Sources[0].File))
	os.MkdirAll(filepath.Dir(clash), 0o755)
	os.WriteFile(clash, []byte("something else"), 0o644)
	err = ds.SaveCopy(other)
	if err == nil || !strings.Contains(err.Error(), "exists with another text") {
		t.Fatalf("SaveCopy over another text: %v", err)
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("the dataset was written although a source could not be")
	}
	if ds.Path != path {
		t.Error("a failed SaveCopy changed Path")
	}
}

func TestSetSourceKeepsText(t *testing.T) {
	ds, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s := ds.Sources[0]
	e := &SetSource{ID: s.ID, New: &Source{Title: "New title", Publisher: "Wire", Published: "2019-02-03", Text: "ignored"}}
	var h History
	if err := h.Do(ds, e); err != nil {
		t.Fatal(err)
	}
	n := ds.Source(s.ID)
	if n.Title != "New title" || n.Publisher != "Wire" || n.Text != s.Text || n.SHA256 != s.SHA256 || n.File != s.File {
		t.Fatalf("after the edit: %+v", n)
	}
	if probs := Validate(ds); len(probs) > 0 {
		t.Fatalf("invalid after the edit: %v", probs)
	}
	if name, err := h.Undo(ds); err != nil || ds.Source(s.ID) != s || !strings.HasPrefix(name, "edit source Russia seeks") {
		t.Fatalf("undo: %q %v", name, err)
	}
}

func TestQualifier(t *testing.T) {
	ds, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	m := ds.Marker("tajikistan-afghanistan-border")
	if m == nil || m.Qualifier != "about" || m.Value == nil || *m.Value != 1300 {
		t.Fatalf("the border's figure: %+v", m)
	}
	b, err := ds.MarshalJSON()
	if err != nil || !bytes.Contains(b, []byte(`"qualifier": "about"`)) {
		t.Fatalf("the qualifier is not saved (%v)", err)
	}
	c := *m
	c.Value, c.Unit = nil, ""
	ds.Markers[m.Index] = &c
	ds.Reindex()
	probs := Validate(ds)
	if len(probs) != 1 || probs[0].Field != "properties.qualifier" || !strings.Contains(probs[0].Message, "properties.value is not") {
		t.Fatalf("a qualifier without a value: %v", probs)
	}
}
