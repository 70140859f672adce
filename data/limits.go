package data

// Limits on what a dataset may contain. Parse checks them before the
// corresponding memory is allocated, so that a hostile or accidentally huge
// file is refused quickly and in little memory; Validate checks those that
// apply to typed values again.
const (
	// MaxFileSize is the largest dataset file accepted, in bytes (256 MiB).
	MaxFileSize = 256 << 20

	// MaxDepth is the deepest JSON nesting accepted, counted in arrays and
	// objects (the top-level object is depth 1).
	MaxDepth = 64

	// MaxFeatures is the largest number of features in one dataset.
	MaxFeatures = 1_000_000

	// MaxStringLen is the longest string accepted in any property or
	// other field, in bytes after decoding (64 KiB). Source texts are
	// limited by MaxSourceSize instead.
	MaxStringLen = 64 << 10

	// MaxSourceSize is the largest text of one source, inline or in a
	// file, in bytes (16 MiB).
	MaxSourceSize = 16 << 20

	// MaxTotalSourceSize is the largest combined size of all source
	// texts of one dataset, in bytes (256 MiB).
	MaxTotalSourceSize = 256 << 20

	// MaxSources is the largest number of sources in one dataset.
	MaxSources = 10_000

	// MaxCitations is the largest number of citations of one feature or
	// alliance.
	MaxCitations = 100

	// MaxIDLen is the longest id of a feature, source, alliance or trip,
	// in bytes.
	MaxIDLen = 100

	// MaxValues is the largest number of JSON values (numbers, strings,
	// arrays, objects, object keys, ...) in one feature, one source, one
	// alliance or one other top-level member: enough for a border of
	// about 300 000 positions. It bounds the memory used while checking
	// a single feature to about 64 MiB.
	MaxValues = 1 << 20

	// MaxProblems is the largest number of problems reported for one
	// file or dataset; checking stops once it is reached.
	MaxProblems = 1000
)
