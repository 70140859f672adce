package data

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
)

// sourceKeys are the members of a source, in the order Save writes them.
var sourceKeys = []string{"id", "title", "publisher", "published", "url", "note", "file", "text", "sha256"}

// source decodes sources[i] and appends it, reading a file source's text.
// A source that is not an object is kept as an empty placeholder so that
// indices match the file.
func (p *parser) source(i int, v int32) {
	d := &p.doc
	s := p.scope(-1)
	base := fmt.Sprintf("sources[%d]", i)
	src := &Source{}
	p.ds.Sources = append(p.ds.Sources, src)
	if d.kind(v) != jObject {
		s.add(fld(base), "is %s; want an object", describe(d, v))
		return
	}
	var vals [9]int32
	s.members(v, fld(base), sourceKeys, vals[:], nil)
	src.ID = s.text(vals[0], sub(base, "id"), required)
	src.Title = s.text(vals[1], sub(base, "title"), required)
	src.Publisher = s.text(vals[2], sub(base, "publisher"), intern)
	src.Published = s.text(vals[3], sub(base, "published"), 0)
	src.URL = s.text(vals[4], sub(base, "url"), 0)
	src.Note = s.text(vals[5], sub(base, "note"), 0)
	src.SHA256 = s.text(vals[8], sub(base, "sha256"), 0)
	file, text := vals[6], vals[7]
	switch {
	case file >= 0 && text >= 0:
		// Neither is decoded; the source's other members are.
		p.marks.add(-1, base+".file")
		p.marks.add(-1, base+".text")
		p.report(-1, fld(base), "has both file and text; want exactly one of them")
		return
	case text >= 0:
		p.inlineText(s, src, text, sub(base, "text"))
	case file >= 0:
		p.fileText(s, src, file, sub(base, "file"))
	}
	if src.Text != "" {
		p.sourceBytes += int64(len(src.Text))
		if p.sourceBytes > MaxTotalSourceSize {
			// Refused before reading more files; Validate has the same
			// limit.
			p.marks.add(-1, base+".file")
			p.marks.add(-1, base+".text")
			p.report(-1, fld(base), "brings the sources' texts over the limit of %s in all", sizeString(MaxTotalSourceSize))
			src.Text = ""
		}
	}
}

// inlineText decodes a source's inline text.
func (p *parser) inlineText(s *scope, src *Source, v int32, f fieldRef) {
	d := &p.doc
	switch {
	case d.kind(v) != jString:
		s.add(f, "is %s; want the source's text as a string", describe(d, v))
	case d.strLen(v) > 6*MaxSourceSize:
		s.add(f, "is longer than the limit of %s", sizeString(MaxSourceSize))
	case d.strLen(v) == 0:
		s.add(f, "is empty")
	default:
		src.Text = d.str(v)
	}
}

// fileText decodes a source's file path and reads the file. A path that
// Validate refuses is not read.
func (p *parser) fileText(s *scope, src *Source, v int32, f fieldRef) {
	name := s.text(v, f, required)
	src.File = name
	if name == "" || textFlaw(name, true) != "" || checkRelPath(name) != "" {
		return
	}
	if p.fsys == nil {
		s.add(f, "cannot read %q: the dataset was not loaded from a folder", name)
		return
	}
	full := path.Join(p.dir, name)
	info, err := fs.Stat(p.fsys, full)
	if err == nil && !info.Mode().IsRegular() {
		s.add(f, "%q is not a regular file", name)
		return
	}
	if err == nil && info.Size() > MaxSourceSize {
		s.add(f, "%q is %s; the limit is %s", name, sizeString(info.Size()), sizeString(MaxSourceSize))
		return
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
	case err != nil:
		s.add(f, "cannot read %q: %v", name, unwrapPathError(err))
	case tooBig:
		s.add(f, "%q is larger than the limit of %s", name, sizeString(MaxSourceSize))
	default:
		text := string(b)
		if bad := utf8Flaw(text); bad != "" {
			s.add(f, "%q is not valid UTF-8 text: %s", name, bad)
			return
		}
		src.Text = text
	}
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

// allianceKeys are the members of an alliance, in the order Save writes
// them.
var allianceKeys = []string{"id", "name", "leader", "members", "nonMembers", "citations"}

// alliance decodes alliances[i] and appends it. An alliance that is not an
// object is kept as an empty placeholder so that indices match the file.
func (p *parser) alliance(i int, v int32) {
	d := &p.doc
	s := p.scope(-1)
	base := fmt.Sprintf("alliances[%d]", i)
	a := &Alliance{}
	p.ds.Alliances = append(p.ds.Alliances, a)
	if d.kind(v) != jObject {
		s.add(fld(base), "is %s; want an object", describe(d, v))
		return
	}
	var vals [6]int32
	s.members(v, fld(base), allianceKeys, vals[:], nil)
	a.ID = s.text(vals[0], sub(base, "id"), required)
	a.Name = s.text(vals[1], sub(base, "name"), required)
	a.Leader = s.text(vals[2], sub(base, "leader"), 0)
	a.Members = p.countries(s, vals[3], base+".members")
	a.NonMembers = p.countries(s, vals[4], base+".nonMembers")
	if len(a.NonMembers) == 0 {
		a.NonMembers = nil // as Save writes it: not at all
	}
	a.Citations = p.citations(s, vals[5], base+".citations")
}

// countries decodes an array of country codes; v < 0 and null mean
// absent (nil). Codes with problems are kept as "" so that indices match.
func (p *parser) countries(s *scope, v int32, base string) []string {
	d := &p.doc
	switch {
	case v < 0 || d.kind(v) == jNull:
		return nil
	case d.kind(v) != jArray:
		s.add(fld(base), "is %s; want an array of country codes", describe(d, v))
		return nil
	}
	codes := make([]string, d.len(v))
	for k := range codes {
		codes[k] = s.text(d.elem(v, k), at(base, k, ""), required|intern)
	}
	return codes
}
