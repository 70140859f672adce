// Package locale replaces the POSIX "C" locale, which Fyne cannot parse and
// complains about on start-up, by US English before Fyne reads it.
//
// Import it for its side effect. Go initialises packages in import-path
// order among those whose imports are ready, and this package imports only
// os, so it runs before fyne.io/fyne/v2/lang reads the locale.
package locale

import "os"

func init() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if v == "C" || v == "POSIX" || len(v) > 2 && v[:2] == "C." {
			os.Setenv(name, "en_US.UTF-8")
		}
		return
	}
}
