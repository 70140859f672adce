package app

import (
	"math"
	"runtime"
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

func TestFitMemoryLimitGrowsWithLiveHeap(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	t.Setenv("GOMEMLIMIT", "")
	runtime.GC()
	fitMemoryLimit()
	before := debug.SetMemoryLimit(-1)
	if before < memoryLimit {
		t.Errorf("the limit %d is below the window's own %d", before, memoryLimit)
	}
	big := make([]byte, 200<<20) // a large layer
	for i := range big {
		big[i] = byte(i)
	}
	runtime.GC()
	fitMemoryLimit()
	if got := debug.SetMemoryLimit(-1); got < before+250<<20 {
		t.Errorf("with 200 MB more live the limit went from %d MB to %d MB; want room above it", before>>20, got>>20)
	}
	runtime.KeepAlive(big)
}
