package data

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// sourceKeys are the members of a source, in the order Save writes them.
var sourceKeys = []string{"id", "title", "publisher", "published", "url", "note", "file", "text"}

// source checks sources[i] and appends it.
func (p *parser) source(i int, v int32) {
	d := &p.doc
	s := p.scope(-1, "")
	base := fmt.Sprintf("sources[%d]", i)
	if d.kind(v) != jObject {
		s.add(fld(base), "is %s; want an object", describe(d, v))
		return
	}
	var vals [8]int32
	s.members(v, fld(base), sourceKeys, vals[:], nil)
	src := &Source{}
	st := &sourceState{src: src}
	id, idOK := s.slug(vals[0], sub(base, "id"), required)
	src.ID = id
	if idOK {
		if _, dup := p.sources[id]; dup {
			s.add(sub(base, "id"), "duplicate source id %q", id)
			idOK = false
		}
	}
	src.Title, _ = s.text(vals[1], sub(base, "title"), required|singleLine)
	src.Publisher, _ = s.text(vals[2], sub(base, "publisher"), singleLine|intern)
	if pub, ok := s.text(vals[3], sub(base, "published"), singleLine); ok {
		src.Published = pub
		if r, err := ParseDate(pub); err != nil {
			s.add(sub(base, "published"), "%v", err)
		} else {
			src.PublishedDate = r
		}
	}
	if u, ok := s.text(vals[4], sub(base, "url"), singleLine); ok {
		src.URL = u
		if msg := checkURL(u); msg != "" {
			s.add(sub(base, "url"), "%s", msg)
		}
	}
	src.Note, _ = s.text(vals[5], sub(base, "note"), 0)
	file, text := vals[6], vals[7]
	switch {
	case file >= 0 && text >= 0:
		s.add(fld(base), "has both file and text; want exactly one of them")
	case file < 0 && text < 0:
		s.add(fld(base), "has neither file nor text; want exactly one of them, holding the source's full text")
	case text >= 0:
		st.textOK = p.inlineText(s, src, text, sub(base, "text"))
	default:
		st.textOK = p.fileText(s, src, file, sub(base, "file"))
	}
	if st.textOK {
		p.sourceBytes += int64(len(src.Text))
		if p.sourceBytes > MaxTotalSourceSize {
			s.add(fld(base), "brings the sources' texts over the limit of %s in all", sizeString(MaxTotalSourceSize))
			st.textOK = false
			src.Text = ""
		}
	}
	if idOK {
		p.sources[id] = st
	}
	p.ds.Sources = append(p.ds.Sources, src)
}

// inlineText checks a source's inline text.
func (p *parser) inlineText(s *scope, src *Source, v int32, f fieldRef) bool {
	d := &p.doc
	if d.kind(v) != jString {
		s.add(f, "is %s; want the source's text as a string", describe(d, v))
		return false
	}
	if d.strLen(v) > 6*MaxSourceSize {
		s.add(f, "is longer than the limit of %s", sizeString(MaxSourceSize))
		return false
	}
	text := d.str(v)
	switch {
	case len(text) > MaxSourceSize:
		s.add(f, "is %s; the limit is %s", sizeString(int64(len(text))), sizeString(MaxSourceSize))
		return false
	case strings.TrimSpace(text) == "":
		s.add(f, "is empty")
		return false
	}
	src.Text = text
	return true
}

// fileText checks a source's file path and reads the file.
func (p *parser) fileText(s *scope, src *Source, v int32, f fieldRef) bool {
	name, ok := s.text(v, f, required|singleLine)
	if !ok {
		return false
	}
	src.File = name
	if msg := checkRelPath(name); msg != "" {
		s.add(f, "%q %s", truncate(name, 60), msg)
		return false
	}
	if p.fsys == nil {
		s.add(f, "cannot read %q: the dataset was not loaded from a folder", name)
		return false
	}
	full := path.Join(p.dir, name)
	info, err := fs.Stat(p.fsys, full)
	if err == nil && !info.Mode().IsRegular() {
		s.add(f, "%q is not a regular file", name)
		return false
	}
	if err == nil && info.Size() > MaxSourceSize {
		s.add(f, "%q is %s; the limit is %s", name, sizeString(info.Size()), sizeString(MaxSourceSize))
		return false
	}
	var b []byte
	tooBig := false
	if err == nil {
		var r fs.File
		if r, err = p.fsys.Open(full); err == nil {
			b, tooBig, err = readLimited(r, info.Size(), MaxSourceSize)
			if cerr := r.Close(); err == nil {
				err = cerr
			}
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s.add(f, "%q does not exist in the dataset's folder", name)
		return false
	case err != nil:
		s.add(f, "cannot read %q: %v", name, unwrapPathError(err))
		return false
	case tooBig:
		s.add(f, "%q is larger than the limit of %s", name, sizeString(MaxSourceSize))
		return false
	case !utf8.Valid(b):
		off := 0
		for off < len(b) {
			r, size := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		line, col := lineCol(b, off)
		s.add(f, "%q is not valid UTF-8 text: bad byte 0x%02x at offset %d (line %d, column %d)", name, b[off], off, line, col)
		return false
	case strings.TrimSpace(string(b)) == "":
		s.add(f, "%q is empty", name)
		return false
	}
	src.Text = string(b)
	return true
}

// unwrapPathError drops the operation and path of a *fs.PathError, which
// the message already names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkRelPath returns why name is not an acceptable source file path, or
// "". Paths are relative to the dataset's folder, use forward slashes and
// must stay inside the folder; symbolic links that leave it are refused
// when the file is opened.
func checkRelPath(name string) string {
	switch {
	case strings.HasPrefix(name, "/") || filepath.IsAbs(name) || filepath.VolumeName(name) != "":
		return "is an absolute path; want a path relative to the dataset's folder, such as \"sources/report.txt\""
	case strings.Contains(name, `\`):
		return "contains a backslash; separate folders with forward slashes"
	case name == ".." || strings.HasPrefix(name, "../") || strings.Contains(name, "/../") || strings.HasSuffix(name, "/.."):
		return "leaves the dataset's folder; source files must be inside it"
	case !fs.ValidPath(name) || name == ".":
		return "is not a clean relative path; want a path such as \"sources/report.txt\""
	}
	return ""
}

// checkURL returns why u is not an absolute http or https URL, or "".
func checkURL(u string) string {
	parsed, err := url.Parse(u)
	switch {
	case err != nil:
		return fmt.Sprintf("%q is not a valid URL", truncate(u, 60))
	case parsed.Scheme != "http" && parsed.Scheme != "https":
		return fmt.Sprintf("%q is not an absolute http or https URL", truncate(u, 60))
	case parsed.Host == "":
		return fmt.Sprintf("%q has no host", truncate(u, 60))
	}
	return ""
}

// allianceKeys are the members of an alliance, in the order Save writes
// them.
var allianceKeys = []string{"id", "name", "leader", "members", "nonMembers", "citations"}

// alliance checks alliances[i] and appends it.
func (p *parser) alliance(i int, v int32) {
	d := &p.doc
	s := p.scope(-1, "")
	base := fmt.Sprintf("alliances[%d]", i)
	if d.kind(v) != jObject {
		s.add(fld(base), "is %s; want an object", describe(d, v))
		return
	}
	var vals [6]int32
	s.members(v, fld(base), allianceKeys, vals[:], nil)
	a := &Alliance{}
	var idOK bool
	a.ID, idOK = s.slug(vals[0], sub(base, "id"), required)
	if idOK {
		if p.allianceIDs[a.ID] {
			s.add(sub(base, "id"), "duplicate alliance id %q", a.ID)
		}
		p.allianceIDs[a.ID] = true
	}
	a.Name, _ = s.text(vals[1], sub(base, "name"), required|singleLine)
	a.Leader, _ = s.text(vals[2], sub(base, "leader"), singleLine)
	a.Members = p.countries(s, vals[3], base+".members", true)
	a.NonMembers = p.countries(s, vals[4], base+".nonMembers", false)
	members := make(map[string]bool, len(a.Members))
	for _, c := range a.Members {
		members[c] = true
	}
	for k, c := range a.NonMembers {
		if c != "" && members[c] {
			s.add(at(base+".nonMembers", k, ""), "%q is also listed in members", c)
		}
	}
	a.Citations = p.citations(s, vals[5], base+".citations")
	p.ds.Alliances = append(p.ds.Alliances, a)
}

// countries checks an array of ISO 3166-1 alpha-2 codes; v < 0 means
// absent; mandatory makes it required and non-empty. Codes with problems are kept as "" so that indices match.
func (p *parser) countries(s *scope, v int32, base string, mandatory bool) []string {
	d := &p.doc
	switch {
	case v < 0 || d.kind(v) == jNull:
		if mandatory {
			s.add(fld(base), "is missing; want an array of country codes such as [\"KG\", \"TJ\"]")
		}
		return nil
	case d.kind(v) != jArray:
		s.add(fld(base), "is %s; want an array of country codes", describe(d, v))
		return nil
	case mandatory && d.len(v) == 0:
		s.add(fld(base), "is empty; want at least one country code")
		return nil
	}
	codes := make([]string, d.len(v))
	seen := make(map[string]bool, len(codes))
	for k := range d.len(v) {
		f := at(base, k, "")
		c, ok := s.text(d.elem(v, k), f, required|singleLine|intern)
		if !ok {
			continue
		}
		if !IsCountryCode(c) {
			s.add(f, "unknown country code %q; want an ISO 3166-1 alpha-2 code such as \"KG\"", truncate(c, 40))
			continue
		}
		if seen[c] {
			s.add(f, "%q is listed twice", c)
		}
		seen[c] = true
		codes[k] = c
	}
	return codes
}
