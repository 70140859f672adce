package data

import (
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the rules on single values that both the parser and the
// validator apply, as functions returning what is wrong, or "".

// msgSingleLine is what textFlaw says of a line break in a one-line field.
const msgSingleLine = "must be a single line without line breaks or control characters"

// textFlaw returns what is wrong with the value s of a text field, or "":
// longer than MaxStringLen, blank, not valid UTF-8 or, when line is set,
// holding a line break or another control character. The empty string is
// blank; callers check for a missing value first.
func textFlaw(s string, line bool) string {
	if len(s) > MaxStringLen {
		return fmt.Sprintf("is %d bytes long; the limit is %d", len(s), MaxStringLen)
	}
	if strings.TrimSpace(s) == "" {
		return "is empty"
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if line && (c < 0x20 || c == 0x7f) {
				return msgSingleLine
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return "is not valid UTF-8"
		}
		if line && isControl(r) {
			return msgSingleLine
		}
		i += size
	}
	return ""
}

// quoteFlaw returns textFlaw(q, false), and reports besides whether
// FoldSpace would change q, in one pass over q.
func quoteFlaw(q string) (flaw string, fold bool) {
	if len(q) > MaxStringLen {
		return textFlaw(q, false), false
	}
	// Two spaces in a row are found at the second one, whichever of the
	// loops below looks at it.
	fold = q != "" && (q[0] == ' ' || q[len(q)-1] == ' ')
	blank := true
	for i := 0; i < len(q); i++ {
		// Eight bytes at a time while they are printable ASCII and
		// spaces.
		for i+8 <= len(q) {
			x := uint64(q[i]) | uint64(q[i+1])<<8 | uint64(q[i+2])<<16 | uint64(q[i+3])<<24 |
				uint64(q[i+4])<<32 | uint64(q[i+5])<<40 | uint64(q[i+6])<<48 | uint64(q[i+7])<<56
			sp, plain := spacesIn(x)
			if !plain {
				break
			}
			if sp&(sp<<8) != 0 || sp&0x80 != 0 && i > 0 && q[i-1] == ' ' {
				fold = true
			}
			if sp != 0x8080808080808080 {
				blank = false
			}
			i += 8
		}
		if i >= len(q) {
			break
		}
		c := q[i]
		switch {
		case c > ' ' && c < utf8.RuneSelf:
			blank = false
		case c == ' ':
			if i > 0 && q[i-1] == ' ' {
				fold = true
			}
		case c < utf8.RuneSelf:
			if isSpaceByte(c) {
				fold = true
			} else {
				blank = false
			}
		default:
			r, size := utf8.DecodeRuneInString(q[i:])
			if r == utf8.RuneError && size == 1 {
				return "is not valid UTF-8", false
			}
			if unicode.IsSpace(r) {
				fold = true
			} else {
				blank = false
			}
			i += size - 1
		}
	}
	if blank {
		return "is empty", false
	}
	return "", fold
}

// spacesIn returns the high bit of each byte of x that is a space, and
// reports whether every byte of x is printable ASCII or a space.
func spacesIn(x uint64) (spaces uint64, plain bool) {
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	v := x ^ (' ' * ones)
	spaces = ^((v&lows + lows) | v) & highs // exact per byte: no carry crosses bytes
	control := (x - 0x20*ones) & ^x & highs // some byte is below 0x20
	del := x ^ (0x7f * ones)
	del = (del - ones) & ^del & highs // some byte is 0x7f
	return spaces, x&highs == 0 && control == 0 && del == 0
}

// isSlug reports whether s matches ^[a-z0-9]+(-[a-z0-9]+)*$ and is at most
// MaxIDLen bytes long.
func isSlug(s string) bool {
	if s == "" || len(s) > MaxIDLen || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-':
			if s[i-1] == '-' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// slugFlaw returns what is wrong with the non-empty id s, or "".
func slugFlaw(s string) string {
	if isSlug(s) {
		return ""
	}
	if msg := textFlaw(s, true); msg != "" {
		return msg
	}
	return fmt.Sprintf("%q is not a valid id; use lower-case letters, digits and single hyphens%s", truncate(s, 60), slugHint(s))
}

// slugHint proposes a slug close to s, as the tail of a message.
func slugHint(s string) string {
	if len(s) > MaxIDLen {
		return fmt.Sprintf(", at most %d of them", MaxIDLen)
	}
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return fmt.Sprintf(", such as %q", b.String())
}

// utf8Flaw returns where text stops being valid UTF-8, as the tail of a
// message, or "".
func utf8Flaw(text string) string {
	if utf8.ValidString(text) {
		return ""
	}
	off := 0
	for off < len(text) {
		r, size := utf8.DecodeRuneInString(text[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	line, col := lineCol([]byte(text[:off]), off)
	return fmt.Sprintf("bad byte 0x%02x at offset %d (line %d, column %d)", text[off], off, line, col)
}

// isColor reports whether c is #rgb or #rrggbb.
func isColor(c string) bool {
	if (len(c) != 4 && len(c) != 7) || c[0] != '#' {
		return false
	}
	for i := 1; i < len(c); i++ {
		if hexVal(c[i]) < 0 {
			return false
		}
	}
	return true
}

// isStyleKey reports whether key is one of StyleKeys.
func isStyleKey(key string) bool {
	for _, k := range StyleKeys {
		if k == key {
			return true
		}
	}
	return false
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

// joinValues lists allowed values for a message.
func joinValues[T ~string](vals []T) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = string(v)
	}
	return strings.Join(parts, ", ")
}

// displayID is an id as shown in problems.
func displayID(id string) string {
	return truncate(oneLine(id), MaxIDLen)
}

// truncate shortens s to at most n runes, marking the cut with "...".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := 0; k < n; k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i] + "..."
}

// lastRunes returns the last n runes of s, marking a cut with "...".
func lastRunes(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		i--
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
	}
	if i > 0 {
		return "..." + s[i:]
	}
	return s
}

// sizeString formats a size in bytes for a message.
func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
