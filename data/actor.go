package data

// actorNames holds display names of the actors that appear in casmap's
// datasets. Country codes not listed here fall back to CountryName.
var actorNames = map[string]string{
	"RU":      "Russia",
	"US":      "United States",
	"CN":      "China",
	"CSTO":    "Collective Security Treaty Organization (CSTO)",
	"SCO":     "Shanghai Cooperation Organisation (SCO)",
	"NATO":    "NATO",
	"EU":      "European Union",
	"UN":      "United Nations",
	"Taliban": "Taliban",
	"ISIS":    "Islamic State (ISIS)",
	"ISIS-K":  "Islamic State Khorasan Province (ISIS-K)",
	"USSR":    "Soviet Union",
	"KG":      "Kyrgyzstan",
	"KZ":      "Kazakhstan",
	"TJ":      "Tajikistan",
	"TM":      "Turkmenistan",
	"UZ":      "Uzbekistan",
	"AF":      "Afghanistan",
	"PK":      "Pakistan",
	"IR":      "Iran",
	"IN":      "India",
}

// ActorName returns the display name of an actor: "Russia" for "RU",
// "Islamic State (ISIS)" for "ISIS", "Soviet Union" for "USSR" and so on.
// Other ISO 3166-1 alpha-2 codes get their country name; anything else is
// returned unchanged.
func ActorName(code string) string {
	if name, ok := actorNames[code]; ok {
		return name
	}
	if name := CountryName(code); name != "" {
		return name
	}
	return code
}
