package app

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// memoryLimit is the window's soft limit on the Go runtime's memory with
// the embedded dataset: the garbage collector works harder as the heap
// nears it, instead of letting the heap grow to twice what is live. It
// holds the toolkit, the borders and the tile cache with room to spare.
// Bigger datasets and layers raise it (see fitMemoryLimit); past it the
// app goes on, only collecting more often. GOMEMLIMIT in the environment
// replaces it.
const memoryLimit = 64 << 20

// limitMemory sets the soft memory limit unless GOMEMLIMIT is set.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// fitMemoryLimit raises the soft limit to what is live now plus half as
// much again and 32 MB of working room, after a dataset or a layer was
// opened, so that a large one does not leave the collector running without
// pause; it never goes below memoryLimit. GOMEMLIMIT turns it off.
func fitMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	live := int64(s[0].Value.Uint64())
	debug.SetMemoryLimit(max(memoryLimit, live+live/2+32<<20))
}

// releaseStartupMemory returns to the system, shortly after the first full
// frame, the memory that start-up used and freed (decoding the borders and
// the dataset, building the first tiles), so the resident size is what the
// window holds rather than its start-up peak.
func releaseStartupMemory() {
	time.Sleep(2 * time.Second)
	// Two collections: the first moves the idle scratch buffers of the
	// shared pools (the tile workers' painters) aside, the second frees them.
	runtime.GC()
	debug.FreeOSMemory()
}

// traceMemory reports, every interval while tracing is on, the process's
// resident memory and how much of it is the Go heap, the Go runtime's other
// memory and the basemap tile cache; the rest is the GL driver, the window
// system and other C libraries. .ci/memory.sh reads these lines.
func traceMemory(s *scene, interval time.Duration) {
	if !traceOn {
		return
	}
	go func() {
		for {
			time.Sleep(interval)
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			st := s.tiles.Stats()
			rss := residentBytes()
			other := rss - int64(ms.Sys-ms.HeapReleased)
			if rss == 0 || other < 0 {
				other = 0
			}
			tracef("memory rss=%d heap=%d go=%d tiles=%d tilebytes=%d other=%d",
				mib(rss), mib(int64(ms.HeapInuse)), mib(int64(ms.Sys-ms.HeapReleased)),
				st.Tiles, mib(st.Bytes), mib(other))
		}
	}()
}

// mib converts bytes to whole mebibytes.
func mib(b int64) int64 { return (b + 1<<19) >> 20 }

// residentBytes is the process's resident set size, or 0 where
// /proc/self/status is not available.
func residentBytes() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}
