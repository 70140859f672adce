package extract

import (
	"regexp"
	"strconv"
	"strings"

	"casmap/data"
)

// kindOrder lists the kinds from the most specific cue to the least.
var kindOrder = []data.Kind{data.KindBorder, data.KindBase, data.KindDeployment, data.KindVisit, data.KindMeeting, data.KindThreat}

// borderRe finds a border with its length: "a border of about 1,300
// kilometres", "a 1,300-km border".
var borderRe = regexp.MustCompile(`(?i)\bborder (?:of|stretching|running)(?: about| some| around| nearly)? [\d,.]+ ?(?:km|kilomet(?:re|er)s?|miles)\b|\b[\d,.]+[- ](?:km|kilomet(?:re|er)|mile)s?[- ](?:long )?(?:border|frontier)\b`)

// borderVerbRe finds a country said to border another: "which also
// borders Afghanistan", "shares a border with".
var borderVerbRe = regexp.MustCompile(`\b(?:also )?borders [A-Z]|\bshares? (?:a|its) (?:long |\d[\d,]* ?km )?border with\b|\bhas a (?:long |common )?border with\b`)

// kindWords are the cue words of each kind after the border, in kindOrder.
var kindWords = newPhrases(true, [][]string{
	expand("base|s", "air base|s", "airbase|s", "airfield|s", "transit center|s", "transit centre|s",
		"military facility", "military facilities", "outpost|s", "garrison|s", "military installation|s", "cosmodrome",
		"test site", "test range", "radar station", "naval test base", "military post|s", "frontier post|s"),
	expand("troops", "soldiers", "servicemen", "contingent|s", "deploy|ed,s,ing,ment", "station|ed", "reinforce|d,s,ment,ments",
		"drill|s", "exercise|s", "manoeuvres", "maneuvers", "armoured vehicles", "armored vehicles", "tanks", "helicopters",
		"battalion|s", "brigade|s", "division", "military equipment", "weapons deliveries", "arms supplies"),
	expand("visit|s,ed,ing", "arrived", "arrives", "arriving", "tour", "trip", "stop", "travelled to", "traveled to", "travels to", "travel to"),
	expand("met", "meet|s", "meeting|s", "talks", "summit", "negotiation|s", "conference", "hosting", "hosted", "hosts", "signed", "agreement"),
	expand("militant|s", "insurgent|s", "threat|s", "terror", "terrorist|s", "terrorism", "ISIS", "ISIL", "islamic state", "jihadist|s",
		"extremist|s", "fighters", "attack|s", "infiltrate|d", "infiltration", "incursion|s", "taliban fighters", "taliban offensive", "taliban advance"),
})

// kindHit is a kind of claim a sentence makes, the words that say so and
// where they are.
type kindHit struct {
	kind data.Kind
	word string
	at   int
}

// kindsOf returns the kinds of claim a sentence makes, most specific
// first, each with its first cue; none when it makes none the map shows.
func kindsOf(s string, toks []tok) []kindHit {
	var out []kindHit
	l := strings.ToLower(s)
	if strings.Contains(l, "border") || strings.Contains(l, "frontier") {
		if loc := borderRe.FindStringIndex(s); loc != nil {
			out = append(out, kindHit{data.KindBorder, s[loc[0]:loc[1]], loc[0]})
		} else if loc := borderVerbRe.FindStringIndex(s); loc != nil {
			out = append(out, kindHit{data.KindBorder, s[loc[0]:loc[1]], loc[0]})
		}
	}
	var first [5]*kindHit
	kindWords.scan(toks, func(e, start, end int) bool {
		if first[e] == nil {
			w := s[start:end]
			if strings.EqualFold(w, "isis") && w != "ISIS" || strings.EqualFold(w, "isil") && w != "ISIL" {
				return true
			}
			first[e] = &kindHit{kindOrder[e+1], w, start}
		}
		return true
	})
	// "IS" is a group only in capitals.
	if first[4] == nil {
		for _, t := range toks {
			if t.text == "IS" {
				first[4] = &kindHit{data.KindThreat, t.text, t.start}
				break
			}
		}
	}
	// "The base deployed in Tajikistan": a verb of deployment about a
	// base is the base's claim, not one of forces.
	if first[0] != nil && first[1] != nil {
		if w := strings.ToLower(first[1].word); strings.HasPrefix(w, "deploy") || strings.HasPrefix(w, "station") || strings.HasPrefix(w, "reinforce") {
			first[1] = nil
		}
	}
	for _, h := range first {
		if h != nil {
			out = append(out, *h)
		}
	}
	return out
}

// actorNames are the names and adjectives of each actor, matched exactly.
var actorNames = [][]string{
	{"CSTO", "Collective Security Treaty Organization", "Collective Security Treaty Organisation"},
	{"NATO"},
	{"SCO", "Shanghai Cooperation Organization", "Shanghai Cooperation Organisation"},
	{"ISIS", "ISIL", "Islamic State", "IS", "Daesh", "IS-K"},
	{"Taliban"},
	{"Russian", "Russia", "Moscow", "Kremlin", "Lavrov", "Shoigu", "Putin"},
	{"Chinese", "China", "Beijing"},
	{"U.S", "US", "American", "United States", "Washington", "Pentagon"},
	{"Tajik", "Tajikistan", "Dushanbe", "Rahmon"},
	{"Kyrgyz", "Kyrgyzstan", "Bishkek", "Jeenbekov"},
	{"Uzbek", "Uzbekistan", "Tashkent", "Mirziyoyev"},
	{"Kazakh", "Kazakhstan", "Astana", "Tokayev", "Nazarbayev"},
	{"Turkmen", "Turkmenistan", "Ashgabat", "Berdimuhamedov"},
	{"Afghan government", "Afghan forces", "Afghan army", "Kabul government"},
	{"Iranian", "Tehran"},
	{"Pakistani", "Islamabad"},
	{"Indian", "New Delhi"},
}

// actorCodes are the actors of actorNames, in order.
var actorCodes = []string{"CSTO", "NATO", "SCO", "ISIS", "Taliban", "RU", "CN", "US", "TJ", "KG", "UZ", "KZ", "TM", "AF", "IR", "PK", "IN"}

var actorTable = newPhrases(false, actorNames)

// actorOf returns who acts in the claim whose cue is at offset at: the
// actor named nearest the cue, before it rather than after ("Tajik
// frontier post", "Russian troops"), and its words, skipping the words that
// name a place (skip reports them). For a threat, militant groups come
// before states.
func actorOf(toks []tok, s string, kind data.Kind, at int, skip func(start, end int) bool) (string, string) {
	best, word, bestD := "", "", int(^uint(0)>>1)
	group := false
	actorTable.scan(toks, func(e, start, end int) bool {
		if skip(start, end) {
			return true
		}
		a := actorCodes[e]
		isGroup := kind == data.KindThreat && (a == "ISIS" || a == "Taliban")
		d := at - end
		if start >= at {
			d = 2 * (start - at)
		}
		if isGroup && !group || isGroup == group && d < bestD {
			best, word, bestD, group = a, s[start:end], d, isGroup
		}
		return true
	})
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

// statusOrder lists the statuses from the strongest cue to the weakest.
var statusOrder = []data.Status{data.StatusPossible, data.StatusPlanned, data.StatusPast, data.StatusCurrent}

var statusWords = newPhrases(true, [][]string{
	expand("may", "might", "could", "possibly", "possible", "reportedly", "considering", "consider", "would be willing",
		"is said to", "are said to", "rumoured", "rumored", "allegedly", "proposed", "suggested"),
	expand("will", "plan|s,ned,ning", "scheduled", "intend|s", "is to", "are to", "set to", "expected to", "would follow",
		"next week", "next month", "next year", "upcoming", "to be held", "to be opened", "to be built", "to be deployed"),
	expand("withdrew", "withdrawn", "closed", "was closed", "left", "pulled out", "ended", "former", "formerly", "used to",
		"ago", "took place", "was held", "were held", "held", "visited", "met", "arrived", "signed", "attacked", "killed"),
	expand("is", "are", "has", "have", "remain|s", "stationed", "operate|s", "house|s", "host|s", "now", "currently", "continue|s", "still"),
})

// statusOf returns the status a sentence (or clause) states and the words
// that say so; one with none is a current claim.
func statusOf(s string) (data.Status, string) {
	toks := splitWords(s)
	var first [4]string
	statusWords.scan(toks, func(e, start, end int) bool {
		if first[e] == "" {
			first[e] = s[start:end]
		}
		return true
	})
	// "until 2005", "in 1989": a year gone by.
	for i := 0; i+1 < len(toks) && first[2] == ""; i++ {
		if (toks[i].lower == "until" || toks[i].lower == "in") && len(toks[i+1].text) == 4 &&
			(strings.HasPrefix(toks[i+1].text, "19") || strings.HasPrefix(toks[i+1].text, "20")) {
			first[2] = s[toks[i].start:toks[i+1].end]
		}
	}
	for i, w := range first {
		if w != "" {
			return statusOrder[i], w
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
