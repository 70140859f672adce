package main

// region describes one output feature: which source geometry it comes from
// and the properties it carries.
type region struct {
	// Numeric is the ISO 3166-1 numeric code used as the geometry id in
	// world-atlas. Empty for units without an ISO code, which are matched by
	// SourceName instead.
	Numeric string
	// SourceName is the geometry's "name" property in world-atlas, used for
	// units that have no id.
	SourceName string
	// Alpha2 is the ISO 3166-1 alpha-2 code; empty for units without one.
	Alpha2 string
	// Name is the English short name written to the output.
	Name string
	// Capital is the English name of the capital; empty for units without one.
	Capital string
	// CapitalLon and CapitalLat locate the capital in WGS84 degrees.
	CapitalLon, CapitalLat float64
	// EastOnly drops polygons lying wholly west of the prime meridian, which
	// for Russia are the Chukotka pieces beyond the antimeridian.
	EastOnly bool
	// Absorb lists the source names of enclaves merged into this unit: the
	// host's hole that each of them fills is removed.
	Absorb []string
}

// regions is the fixed list of units written to borders.geojson. It covers
// Central Asia, the Caspian coast states and the neighbours needed so that a
// view of lon 40..100, lat 20..58 has no gaps on land.
//
// Capital coordinates are city centres in WGS84 (GeoNames), rounded to
// 0.0001 degrees.
var regions = []region{
	{Numeric: "004", Alpha2: "AF", Name: "Afghanistan", Capital: "Kabul", CapitalLon: 69.1723, CapitalLat: 34.5281},
	{Numeric: "031", Alpha2: "AZ", Name: "Azerbaijan", Capital: "Baku", CapitalLon: 49.8920, CapitalLat: 40.3777},
	{Numeric: "048", Alpha2: "BH", Name: "Bahrain", Capital: "Manama", CapitalLon: 50.5857, CapitalLat: 26.2279},
	{Numeric: "050", Alpha2: "BD", Name: "Bangladesh", Capital: "Dhaka", CapitalLon: 90.4074, CapitalLat: 23.7104},
	{Numeric: "051", Alpha2: "AM", Name: "Armenia", Capital: "Yerevan", CapitalLon: 44.5136, CapitalLat: 40.1811},
	{Numeric: "064", Alpha2: "BT", Name: "Bhutan", Capital: "Thimphu", CapitalLon: 89.6419, CapitalLat: 27.4661},
	{Numeric: "104", Alpha2: "MM", Name: "Myanmar", Capital: "Naypyidaw", CapitalLon: 96.1297, CapitalLat: 19.7450},
	{Numeric: "112", Alpha2: "BY", Name: "Belarus", Capital: "Minsk", CapitalLon: 27.5667, CapitalLat: 53.9000},
	{Numeric: "156", Alpha2: "CN", Name: "China", Capital: "Beijing", CapitalLon: 116.3972, CapitalLat: 39.9075},
	{Numeric: "268", Alpha2: "GE", Name: "Georgia", Capital: "Tbilisi", CapitalLon: 44.8337, CapitalLat: 41.6941},
	{Numeric: "356", Alpha2: "IN", Name: "India", Capital: "New Delhi", CapitalLon: 77.2245, CapitalLat: 28.6358},
	{Numeric: "364", Alpha2: "IR", Name: "Iran", Capital: "Tehran", CapitalLon: 51.4215, CapitalLat: 35.6944},
	{Numeric: "368", Alpha2: "IQ", Name: "Iraq", Capital: "Baghdad", CapitalLon: 44.4009, CapitalLat: 33.3406},
	{Numeric: "392", Alpha2: "JP", Name: "Japan", Capital: "Tokyo", CapitalLon: 139.6917, CapitalLat: 35.6895},
	{Numeric: "398", Alpha2: "KZ", Name: "Kazakhstan", Capital: "Astana", CapitalLon: 71.4460, CapitalLat: 51.1801,
		// Baikonur is Kazakh territory leased to Russia; Natural Earth
		// draws it as a separate unit sitting in a hole of Kazakhstan.
		Absorb: []string{"Baikonur"}},
	{Numeric: "408", Alpha2: "KP", Name: "North Korea", Capital: "Pyongyang", CapitalLon: 125.7543, CapitalLat: 39.0339},
	{Numeric: "410", Alpha2: "KR", Name: "South Korea", Capital: "Seoul", CapitalLon: 126.9780, CapitalLat: 37.5665},
	{Numeric: "414", Alpha2: "KW", Name: "Kuwait", Capital: "Kuwait City", CapitalLon: 47.9783, CapitalLat: 29.3697},
	{Numeric: "417", Alpha2: "KG", Name: "Kyrgyzstan", Capital: "Bishkek", CapitalLon: 74.5900, CapitalLat: 42.8700},
	{Numeric: "418", Alpha2: "LA", Name: "Laos", Capital: "Vientiane", CapitalLon: 102.6000, CapitalLat: 17.9667},
	{Numeric: "496", Alpha2: "MN", Name: "Mongolia", Capital: "Ulaanbaatar", CapitalLon: 106.8832, CapitalLat: 47.9077},
	{Numeric: "512", Alpha2: "OM", Name: "Oman", Capital: "Muscat", CapitalLon: 58.4078, CapitalLat: 23.5841},
	{Numeric: "524", Alpha2: "NP", Name: "Nepal", Capital: "Kathmandu", CapitalLon: 85.3206, CapitalLat: 27.7017},
	{Numeric: "586", Alpha2: "PK", Name: "Pakistan", Capital: "Islamabad", CapitalLon: 73.0433, CapitalLat: 33.7215},
	{Numeric: "634", Alpha2: "QA", Name: "Qatar", Capital: "Doha", CapitalLon: 51.5310, CapitalLat: 25.2855},
	{Numeric: "643", Alpha2: "RU", Name: "Russia", Capital: "Moscow", CapitalLon: 37.6156, CapitalLat: 55.7522, EastOnly: true},
	{Numeric: "682", Alpha2: "SA", Name: "Saudi Arabia", Capital: "Riyadh", CapitalLon: 46.7219, CapitalLat: 24.6877},
	{Numeric: "704", Alpha2: "VN", Name: "Vietnam", Capital: "Hanoi", CapitalLon: 105.8412, CapitalLat: 21.0245},
	{Numeric: "760", Alpha2: "SY", Name: "Syria", Capital: "Damascus", CapitalLon: 36.2913, CapitalLat: 33.5102},
	{Numeric: "762", Alpha2: "TJ", Name: "Tajikistan", Capital: "Dushanbe", CapitalLon: 68.7791, CapitalLat: 38.5358},
	{Numeric: "764", Alpha2: "TH", Name: "Thailand", Capital: "Bangkok", CapitalLon: 100.5014, CapitalLat: 13.7540},
	{Numeric: "784", Alpha2: "AE", Name: "United Arab Emirates", Capital: "Abu Dhabi", CapitalLon: 54.3970, CapitalLat: 24.4512},
	{Numeric: "792", Alpha2: "TR", Name: "Türkiye", Capital: "Ankara", CapitalLon: 32.8543, CapitalLat: 39.9199},
	{Numeric: "795", Alpha2: "TM", Name: "Turkmenistan", Capital: "Ashgabat", CapitalLon: 58.3833, CapitalLat: 37.9500},
	{Numeric: "804", Alpha2: "UA", Name: "Ukraine", Capital: "Kyiv", CapitalLon: 30.5238, CapitalLat: 50.4547},
	{Numeric: "860", Alpha2: "UZ", Name: "Uzbekistan", Capital: "Tashkent", CapitalLon: 69.2163, CapitalLat: 41.2646},
	// Natural Earth keeps the Siachen Glacier, disputed between India and
	// Pakistan, as a unit of its own without an ISO code. It is kept as is
	// so that the Karakoram shows no gap; it has no capital.
	{SourceName: "Siachen Glacier", Name: "Siachen Glacier"},
}
