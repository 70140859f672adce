package app

import (
	"fmt"
	"os"
	"testing"
)

// TestMain gives the tests a temporary HOME and configuration folder, so
// that preferences and recent files written by the app under test never
// land in the user's home or the source tree.
func TestMain(m *testing.M) {
	os.Exit(runIsolated(m))
}

func runIsolated(m *testing.M) int {
	home, err := os.MkdirTemp("", "casmap-test-home-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "app tests: temporary HOME:", err)
		return 1
	}
	defer os.RemoveAll(home)
	for _, k := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"} {
		v := home
		if k != "HOME" {
			v = home + "/" + k
		}
		if err := os.Setenv(k, v); err != nil {
			fmt.Fprintln(os.Stderr, "app tests:", err)
			return 1
		}
	}
	journalTimer = false
	return m.Run()
}
