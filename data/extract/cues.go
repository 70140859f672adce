package extract

import (
	"regexp"
	"strconv"
	"strings"

	"casmap/data"
)

// cue is a pattern of words and what it says.
type cue struct {
	re   *regexp.Regexp
	what string
}

// words compiles a case-insensitive pattern of whole words.
func words(alts string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:` + alts + `)\b`)
}

// kindCues says which words make a claim of which kind, most specific
// first: a border with its length, a base, a deployment, a visit, a
// meeting, a threat.
var kindCues = []struct {
	kind data.Kind
	re   *regexp.Regexp
}{
	{data.KindBorder, regexp.MustCompile(`(?i)\bborder (?:of|stretching|running)(?: about| some| around| nearly)? [\d,.]+ ?(?:km|kilomet(?:re|er)s?|miles)\b|\b[\d,.]+[- ](?:km|kilomet(?:re|er)|mile)s?[- ](?:long )?(?:border|frontier)\b`)},
	{data.KindBase, words(`bases?|air ?bases?|airfields?|transit cent(?:er|re)s?|military facilit(?:y|ies)|outposts?|garrisons?|military installations?|cosmodrome|test (?:site|range)|radar station|naval test base|military posts?|frontier posts?`)},
	{data.KindDeployment, words(`troops|soldiers|servicemen|contingents?|deploy(?:ed|s|ing|ment)?|station(?:ed)?|reinforce(?:d|s|ment|ments)?|drills?|exercises?|manoeuvres|maneuvers|armou?red vehicles|tanks|helicopters|battalions?|brigades?|division|military equipment|weapons deliveries|arms supplies`)},
	{data.KindVisit, words(`visit(?:s|ed|ing)?|arriv(?:ed|es|ing)|tour|trip|stop|travel(?:l?ed|s)? to`)},
	{data.KindMeeting, words(`met|meets?|meeting|talks|summit|negotiations?|conference|hosting|hosted|hosts|signed|agreement`)},
	{data.KindThreat, words(`militants?|insurgents?|terror(?:ists?|ism)?|ISIS|ISIL|Islamic State|IS|jihadists?|extremists?|fighters|attacks?|infiltrat(?:e|ed|ion)|incursions?|Taliban (?:fighters|offensive|advance)`)},
}

// kindHit is a kind of claim a sentence makes, the words that say so and
// where they are.
type kindHit struct {
	kind data.Kind
	word string
	at   int
}

// kindsOf returns the kinds of claim a sentence makes, most specific
// first, each with its first cue; none when it makes none the map shows.
// A base named as where troops are ("troops at the base") is one claim,
// the base.
func kindsOf(s string) []kindHit {
	var out []kindHit
	for _, c := range kindCues {
		for _, loc := range c.re.FindAllStringIndex(s, -1) {
			w := s[loc[0]:loc[1]]
			if strings.EqualFold(w, "is") && w != "IS" {
				continue // "IS" is a group only in capitals
			}
			out = append(out, kindHit{c.kind, w, loc[0]})
			break
		}
	}
	return out
}

// actorCues maps names and adjectives to actor codes.
var actorCues = []struct {
	re    *regexp.Regexp
	actor string
}{
	{regexp.MustCompile(`\bCSTO\b|Collective Security Treaty Organi[sz]ation`), "CSTO"},
	{regexp.MustCompile(`\bNATO\b`), "NATO"},
	{regexp.MustCompile(`\bSCO\b|Shanghai Cooperation Organi[sz]ation`), "SCO"},
	{regexp.MustCompile(`\b(?:ISIS|ISIL|Islamic State|IS(?:-K| fighters| militants)|Daesh)\b`), "ISIS"},
	{regexp.MustCompile(`\bTaliban\b`), "Taliban"},
	{regexp.MustCompile(`\b(?:Russian|Russia(?:'s|’s)?|Moscow|Kremlin|Lavrov|Shoigu|Putin)\b`), "RU"},
	{regexp.MustCompile(`\b(?:Chinese|China(?:'s|’s)?|Beijing)\b`), "CN"},
	{regexp.MustCompile(`\b(?:U\.S\.|US|American|United States|Washington|Pentagon)\b`), "US"},
	{regexp.MustCompile(`\b(?:Tajik|Tajikistan(?:'s|’s)?|Dushanbe|Rahmon)\b`), "TJ"},
	{regexp.MustCompile(`\b(?:Kyrgyz|Kyrgyzstan(?:'s|’s)?|Bishkek|Jeenbekov)\b`), "KG"},
	{regexp.MustCompile(`\b(?:Uzbek|Uzbekistan(?:'s|’s)?|Tashkent|Mirziyoyev)\b`), "UZ"},
	{regexp.MustCompile(`\b(?:Kazakh|Kazakhstan(?:'s|’s)?|Astana|Tokayev|Nazarbayev)\b`), "KZ"},
	{regexp.MustCompile(`\b(?:Turkmen|Turkmenistan(?:'s|’s)?|Ashgabat|Berdimuhamedov)\b`), "TM"},
	{regexp.MustCompile(`\b(?:Afghan government|Afghan forces|Afghan army|Kabul government)\b`), "AF"},
	{regexp.MustCompile(`\b(?:Iranian|Tehran)\b`), "IR"},
	{regexp.MustCompile(`\b(?:Pakistani|Islamabad)\b`), "PK"},
	{regexp.MustCompile(`\b(?:Indian|New Delhi)\b`), "IN"},
}

// actorOf returns who acts in a sentence: the cue found first, and its
// words, skipping the words that name a place (skip reports them). For a
// threat, militant groups come before states.
func actorOf(s string, kind data.Kind, skip func(start, end int) bool) (string, string) {
	best, at, word := "", len(s)+1, ""
	for _, c := range actorCues {
		for _, loc := range c.re.FindAllStringIndex(s, -1) {
			if skip(loc[0], loc[1]) {
				continue
			}
			group := c.actor == "ISIS" || c.actor == "Taliban"
			if kind == data.KindThreat && group {
				return c.actor, s[loc[0]:loc[1]]
			}
			if loc[0] < at {
				best, at, word = c.actor, loc[0], s[loc[0]:loc[1]]
			}
			break
		}
	}
	return best, word
}

// clause returns the part of s around offset at, between the nearest
// clause breaks (a comma, a semicolon, a dash, "which", "where", "while").
func clause(s string, at int) string {
	lo, hi := 0, len(s)
	for _, sep := range []string{", ", "; ", " – ", " — ", " which ", " where ", " while ", " but ", " and where "} {
		if i := strings.LastIndex(s[:at], sep); i >= 0 && i+len(sep) > lo {
			lo = i + len(sep)
		}
		if i := strings.Index(s[at:], sep); i >= 0 && at+i < hi {
			hi = at + i
		}
	}
	return s[lo:hi]
}

// statusCues reads the modality of a sentence, in this order.
var statusCues = []struct {
	status data.Status
	re     *regexp.Regexp
}{
	{data.StatusPossible, words(`may|might|could|possibly|possible|reportedly|considering|consider|would be willing|is said to|are said to|rumou?red|allegedly|proposed|suggested`)},
	{data.StatusPlanned, words(`will|plans?|planned|planning|scheduled|intends?|is to|are to|set to|expected to|would follow|next (?:week|month|year)|upcoming|to be (?:held|opened|built|deployed)`)},
	{data.StatusPast, words(`withdrew|withdrawn|closed|was closed|left|pulled out|ended|former(?:ly)?|used to|until \d{4}|in (?:19|20)\d\d|ago|took place|was held|were held|held|visited|met|arrived|signed|attacked|killed`)},
	{data.StatusCurrent, words(`is|are|has|have|remains?|stationed|operates?|houses?|hosts?|now|currently|continues?|still`)},
}

// statusOf returns the status a sentence (or clause) states and the words
// that say so; one with none is a current claim.
func statusOf(s string) (data.Status, string) {
	for _, c := range statusCues {
		if w := c.re.FindString(s); w != "" {
			return c.status, w
		}
	}
	return data.StatusCurrent, ""
}

// figureRe finds a quantity and its unit: "some 7,500 Russian troops",
// "about 1,300 kilometres", "60 armoured vehicles", "1.5 million".
var figureRe = regexp.MustCompile(`(?i)\b(about|some|around|nearly|almost|roughly|approximately|up to|more than|over|at least|fewer than|less than|as many as)?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(thousand|million)?\s+((?:[A-Za-z.-]+\s+){0,2}?)(troops|soldiers|servicemen|service members|militants|fighters|insurgents|personnel|kilomet(?:re|er)s|km|miles|helicopters|tanks|aircraft|jets|armou?red vehicles|vehicles|drones|pieces of (?:military )?equipment|refugees|border guards|guards)\b`)

// figure is a quantity found in a sentence.
type figure struct {
	value     float64
	unit      string
	qualifier string
	phrase    string
}

// figureOf returns the first figure of a sentence whose unit suits kind.
func figureOf(s string, kind data.Kind) (figure, bool) {
	for _, m := range figureRe.FindAllStringSubmatch(s, -1) {
		v, err := strconv.ParseFloat(strings.ReplaceAll(m[2], ",", ""), 64)
		if err != nil {
			continue
		}
		switch strings.ToLower(m[3]) {
		case "thousand":
			v *= 1e3
		case "million":
			v *= 1e6
		}
		unit := strings.ToLower(m[5])
		switch unit {
		case "kilometres", "kilometers":
			unit = "km"
		case "soldiers", "servicemen", "service members", "personnel":
			unit = "troops"
		case "armored vehicles":
			unit = "armoured vehicles"
		}
		length := unit == "km" || unit == "miles"
		if length != (kind == data.KindBorder) {
			continue
		}
		if v >= 1900 && v <= 2100 && !strings.Contains(m[2], ",") && m[1] == "" && !length {
			continue // a year, not a count
		}
		return figure{value: v, unit: unit, qualifier: strings.ToLower(m[1]), phrase: strings.TrimSpace(m[0])}, true
	}
	return figure{}, false
}
