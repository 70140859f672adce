package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casmap/data"
)

func TestDraftWritesValidDrafts(t *testing.T) {
	dir := t.TempDir()
	art := filepath.Join("data", "extract", "testdata", "articles", "asiaplus-shoigu-dushanbe-201st-2019.txt")
	out := filepath.Join(dir, "drafts.geojson")
	// Flags after the file name, as before it.
	code, stdout, stderr := runCmd(t, "draft", art, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "drafted ") {
		t.Errorf("stdout %q", stdout)
	}
	ds, err := data.Load(out)
	if err != nil {
		t.Fatalf("the drafts do not load: %v", err)
	}
	if len(ds.Sources) != 1 || ds.Sources[0].Published != "2019-05-29" || len(ds.Markers) == 0 {
		t.Fatalf("%d sources, %d markers", len(ds.Sources), len(ds.Markers))
	}
	for _, m := range ds.Markers {
		if !m.Draft {
			t.Errorf("%s is not marked as a draft", m.ID)
		}
	}
}

func TestDraftIntoReportsDisagreement(t *testing.T) {
	def, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "brief.geojson")
	if err := def.SaveCopy(path); err != nil {
		t.Fatal(err)
	}
	art := filepath.Join(dir, "may.txt")
	os.WriteFile(art, []byte("Shoigu in Dushanbe\n\n29 May 2019\n\nA total of some 7,000 Russian troops are now stationed in Tajikistan.\n"), 0o644)
	code, stdout, stderr := runCmd(t, "draft", "-into", path, "-publisher", "Asia-Plus", art)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "sources disagree: draft") || !strings.Contains(stdout, "tajikistan-russian-troops") || !strings.Contains(stdout, "7,000 troops against some 7,500 troops") {
		t.Errorf("no disagreement line:\n%s", stdout)
	}
	ds, err := data.Load(path)
	if err != nil {
		t.Fatalf("the dataset does not load after -into: %v", err)
	}
	if s := ds.Source("shoigu-in-dushanbe"); s == nil || s.File == "" || s.Published != "2019-05-29" || s.Publisher != "Asia-Plus" {
		t.Fatalf("source %+v", s)
	}
	if _, err := os.Stat(path + "~"); err != nil {
		t.Error("no backup of the dataset")
	}
}

func TestDraftBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		return p
	}
	big := make([]byte, data.MaxSourceSize+1)
	for i := range big {
		big[i] = 'a'
	}
	tests := []struct {
		name, path, want string
	}{
		{"empty", write("empty.txt", []byte("  \n")), "is empty"},
		{"binary", write("bin.txt", []byte{0x89, 'P', 'N', 'G', 0, 0, 1}), "binary data"},
		{"huge", write("huge.txt", big), "over the limit"},
		{"missing", filepath.Join(dir, "nope.txt"), "cannot be read"},
	}
	for _, tt := range tests {
		out := filepath.Join(dir, tt.name+".geojson")
		code, _, stderr := runCmd(t, "draft", tt.path, "-o", out)
		if code != 1 || !strings.Contains(stderr, tt.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%s: exit %d, stderr %q, want one sentence with %q", tt.name, code, stderr, tt.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: a file was written", tt.name)
		}
	}
	// Windows-1251 text is decoded, and says so.
	cp := write("cp1251.txt", []byte{0xc4, 0xf3, 0xf8, 0xe0, 0xed, 0xe1, 0xe5, ' ', 'i', 's', ' ', 'a', ' ', 'c', 'i', 't', 'y', '.'})
	code, _, stderr := runCmd(t, "draft", cp, "-o", filepath.Join(dir, "cp.geojson"))
	if code != 0 || !strings.Contains(stderr, "read it as Windows-1251") {
		t.Errorf("Windows-1251: exit %d, %q", code, stderr)
	}
}
