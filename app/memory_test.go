package app

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestLimitMemory(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	tests := []struct {
		name, env string
		want      int64
	}{
		{"the window's own limit", "", memoryLimit},
		{"GOMEMLIMIT wins", "1GiB", math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetMemoryLimit(math.MaxInt64)
			t.Setenv("GOMEMLIMIT", tt.env)
			limitMemory()
			if got := debug.SetMemoryLimit(-1); got != tt.want {
				t.Errorf("memory limit = %d; want %d", got, tt.want)
			}
		})
	}
}

func TestResidentBytes(t *testing.T) {
	if r := residentBytes(); r < 1<<20 || r > 1<<40 {
		t.Errorf("residentBytes() = %d; want the size of a running test binary", r)
	}
}
