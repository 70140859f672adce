package app

import (
	"fmt"
	"os"
)

// traceOn is set when the environment variable CASMAP_TRACE is non-empty.
// The app then reports on stderr, one "trace: " line each, what a test
// script needs to drive a real window: the first full frame, where markers
// are drawn, what is selected and what the evidence panel shows.
var traceOn = os.Getenv("CASMAP_TRACE") != ""

// tracef writes one trace line when tracing is on.
func tracef(format string, args ...any) {
	if traceOn {
		fmt.Fprintf(os.Stderr, "trace: "+format+"\n", args...)
	}
}
