package data

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSaveHelperProcess is not a test: it is the process that
// TestSaveSurvivesKill kills in the middle of saving. It loads the dataset
// named by CASMAP_SAVE_FROM and saves it, changed, over CASMAP_SAVE_TO
// again and again until it is killed.
func TestSaveHelperProcess(t *testing.T) {
	from, to := os.Getenv("CASMAP_SAVE_FROM"), os.Getenv("CASMAP_SAVE_TO")
	if from == "" || to == "" {
		t.Skip("only run by TestSaveSurvivesKill")
	}
	ds, err := Load(from)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println("ready")
	for i := 0; ; i++ {
		ds.Title = fmt.Sprintf("save %d", i)
		if err := ds.Save(to); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
	}
}

// TestSaveSurvivesKill kills a process with SIGKILL while it saves a
// dataset of 100 000 markers over an existing file, at several moments,
// and checks each time that the file is the old or a new dataset, whole
// and valid, and that no temporary file is mistaken for it.
func TestSaveSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("saves 100 000 markers several times")
	}
	dir := t.TempDir()
	src := generateDataset(t, dir, 100_000, 200, 7)
	target := filepath.Join(dir, "target.geojson")
	orig, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	for round, delay := range []time.Duration{0, 300 * time.Millisecond, 800 * time.Millisecond, 1500 * time.Millisecond} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSaveHelperProcess$")
		cmd.Env = append(os.Environ(), "CASMAP_SAVE_FROM="+src, "CASMAP_SAVE_TO="+target)
		var out bytes.Buffer // its errors, read after Wait
		cmd.Stderr = &out
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait until it has loaded the dataset and is saving.
		ready := make(chan struct{})
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				if sc.Text() == "ready" {
					close(ready)
					break
				}
			}
			io.Copy(io.Discard, stdout)
		}()
		select {
		case <-ready:
		case <-time.After(60 * time.Second):
		}
		time.Sleep(delay + 50*time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		ds, err := Load(target)
		if err != nil {
			t.Fatalf("round %d: after SIGKILL the file does not load: %v\n%s", round, err, out.String())
		}
		if len(ds.Markers) != 100_000 {
			t.Fatalf("round %d: %d markers after SIGKILL, want 100000", round, len(ds.Markers))
		}
		t.Logf("round %d: killed after %v; the file holds %q", round, delay, ds.Title)
	}
}

// BenchmarkSave100k saves a dataset of 100 000 markers citing 1 000
// sources atomically, with a backup, over an existing file.
func BenchmarkSave100k(b *testing.B) {
	ds := loadBench(b)
	path := filepath.Join(b.TempDir(), "saved.geojson")
	if err := ds.Save(path); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := ds.Save(path); err != nil {
			b.Fatal(err)
		}
	}
}
