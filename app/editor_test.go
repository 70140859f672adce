package app

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"casmap/data"
	"casmap/data/recovery"
)

// article is a source text with the bytes a copy must keep: Windows line
// ends, typographic quotes, a non-breaking space and no final newline.
const article = "Russia to reinforce its base in Tajikistan\r\n\r\n" +
	"DUSHANBE, 3 May 2021. Russia will send more armoured vehicles to its 201st base in Tajikistan, the defence ministry said.\r\n" +
	"Officials in Kyrgyzstan said that a CSTO exercise would be held near Bishkek in the autumn.\u00a0“We are ready,” one said.\r\n" +
	"The Taliban have taken districts along the border with Tajikistan."

// editWindow is a test window with scripted answers to its file and choice
// dialogs.
type editWindow struct {
	*mainWindow
	paths   []string // answers of the file dialogs, in order
	choices []int    // answers of the choice dialogs, in order
	asked   []string // the choice dialogs' messages
}

func newEditWindow(t *testing.T, ds *data.Dataset) *editWindow {
	t.Helper()
	a := test.NewTempApp(t)
	if ds == nil {
		var err error
		if ds, err = data.Default(); err != nil {
			t.Fatal(err)
		}
	}
	e := &editWindow{}
	w := newMainWindow(a, ds, Info{Version: "test", Build: "1"})
	e.mainWindow = w
	t.Cleanup(func() { w.win.Close(); w.scene.tiles.Close() })
	w.askPath = func(title, suggest string, save bool, exts []string, then func(string)) {
		if len(e.paths) == 0 {
			t.Fatalf("unexpected file dialog %q", title)
		}
		p := e.paths[0]
		e.paths = e.paths[1:]
		then(p)
	}
	w.choose = func(title, msg string, choices []string, then func(int)) {
		e.asked = append(e.asked, msg)
		if len(e.choices) == 0 {
			t.Fatalf("unexpected question %q: %s", title, msg)
		}
		c := e.choices[0]
		e.choices = e.choices[1:]
		then(c)
	}
	w.win.Resize(fyne.NewSize(1400, 900))
	return e
}

// selectPhrase selects phrase in the source window v, as a drag over it
// does, and returns its span.
func selectPhrase(t *testing.T, v *sourceView, phrase string) (int, int) {
	t.Helper()
	i := strings.Index(v.src.Text, phrase)
	if i < 0 {
		t.Fatalf("%q is not in the source", phrase)
	}
	v.setSelection(i, i+len(phrase))
	return i, i + len(phrase)
}

// TestEditFlow is the whole flow of a new user: a new dataset, a source
// from a file, a passage selected, a new marker placed on the map, saved;
// the file loads with the marker and its exact quote.
func TestEditFlow(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "article.txt")
	os.MkdirAll(filepath.Dir(in), 0o755)
	if err := os.WriteFile(in, []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	w := newEditWindow(t, nil)
	path := filepath.Join(dir, "brief.geojson")

	// File → New dataset.
	w.paths = []string{path}
	w.newDataset()
	if w.state.DS.Path != path || len(w.state.DS.Markers) != 0 {
		t.Fatalf("new dataset: path %q, %d markers", w.state.DS.Path, len(w.state.DS.Markers))
	}
	if !strings.Contains(w.win.Title(), "brief.geojson") || strings.Contains(w.win.Title(), "unsaved") {
		t.Errorf("title %q", w.win.Title())
	}

	// Add source from a file.
	w.paths = []string{in}
	w.showAddSource()
	f := w.addSrc
	f.setFile(in)
	f.fields.publisher.SetText("Test Wire")
	f.fields.published.SetText("2021-05-03")
	f.fields.url.SetText("https://example.org/russia-tajikistan")
	f.submit()
	ds := w.state.DS
	if len(ds.Sources) != 1 {
		t.Fatalf("%d sources after Add source", len(ds.Sources))
	}
	src := ds.Sources[0]
	if src.Title != "Russia to reinforce its base in Tajikistan" || src.ID != "russia-to-reinforce-its-base-in-tajikistan" {
		t.Errorf("source %q titled %q", src.ID, src.Title)
	}
	copied, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(src.File)))
	if err != nil || !bytes.Equal(copied, []byte(article)) {
		t.Fatalf("the source text was not copied byte for byte (%v)", err)
	}
	if src.SHA256 != data.SourceDigest(article) {
		t.Errorf("digest %s", src.SHA256)
	}
	if !strings.Contains(w.win.Title(), "unsaved") {
		t.Errorf("title %q lacks the unsaved mark", w.win.Title())
	}

	// The source window opened; select a passage.
	v := sourceWindows[sourceKey{w.state, src.ID}]
	if v == nil {
		t.Fatal("Add source did not open the source")
	}
	lo, hi := selectPhrase(t, v, "Russia will send more armoured vehicles to its 201st base in Tajikistan")

	// Ctrl+M: the form, with the quote and the place proposed.
	w.command("new-marker")
	form := w.form
	if form == nil {
		t.Fatal("no marker form")
	}
	if len(form.proposed) == 0 || form.proposed[0].Country != "TJ" {
		t.Fatalf("proposals %+v", form.proposed)
	}
	form.widen()
	want := "DUSHANBE, 3 May 2021. Russia will send more armoured vehicles to its 201st base in Tajikistan, the defence ministry said."
	if got := src.Text[form.passage.Start:form.passage.End]; got != "Russia will send more armoured vehicles to its 201st base in Tajikistan, the defence ministry said." {
		t.Errorf("widened to %q", got)
	}
	_ = want
	form.kind.SetSelected(data.KindDeployment.Label())
	form.title.SetText("Russian armour sent to the 201st base")
	form.actor.SetText("RU")
	form.status.SetSelected(data.StatusPlanned.Label())
	form.date.SetText("2021-05-03")
	// Place it by clicking on the map.
	form.pick(toolPick)
	if w.mapv.tool == nil {
		t.Fatal("Pick on map did not start the tool")
	}
	pt := orb.Point{68.78, 38.54}
	x, y := w.mapv.view.Project(pt)
	w.mapv.Tapped(&fyne.PointEvent{Position: fyne.NewPos(float32(x), float32(y))})
	if form.geom == nil || w.mapv.tool != nil {
		t.Fatal("the click did not place the marker")
	}
	if g := form.geom.(orb.Point); abs(g[0]-pt[0]) > 0.05 || abs(g[1]-pt[1]) > 0.05 {
		t.Errorf("placed at %v, want near %v", g, pt)
	}
	form.submit()
	if len(ds.Markers) != 1 {
		t.Fatalf("%d markers after saving the form; form says %q", len(ds.Markers), form.general.Text)
	}
	m := ds.Markers[0]
	if w.state.Selected != m || m.ID != "russian-armour-sent-to-the-201st-base" {
		t.Errorf("marker %q not selected", m.ID)
	}

	// Save, and load it back as casmap check does.
	w.save()
	if strings.Contains(w.win.Title(), "unsaved") {
		t.Errorf("title %q after saving", w.win.Title())
	}
	got, err := data.Load(path)
	if err != nil {
		t.Fatalf("casmap check fails on the saved file: %v", err)
	}
	gm := got.Marker(m.ID)
	if gm == nil || len(gm.Citations) != 1 {
		t.Fatalf("saved marker %+v", gm)
	}
	c := gm.Citations[0]
	if c.Quote != "Russia will send more armoured vehicles to its 201st base in Tajikistan, the defence ministry said." ||
		got.Source(c.Source).Text[c.Start:c.End] != c.Quote {
		t.Errorf("quote %q is not the exact passage", c.Quote)
	}
	if gm.Kind != data.KindDeployment || gm.Status != data.StatusPlanned || gm.Actor != "RU" || gm.Date != "2021-05-03" {
		t.Errorf("facts %+v", gm)
	}
	_, _ = lo, hi

	// Undo and redo by the Edit menu's names.
	if n := w.edit.undo.Label; n != "Undo add Russian armour sent to the 201st base" {
		t.Errorf("Edit menu says %q", n)
	}
	w.undo()
	if len(ds.Markers) != 0 || !strings.Contains(w.win.Title(), "unsaved") {
		t.Fatalf("undo left %d markers, title %q", len(ds.Markers), w.win.Title())
	}
	w.redo()
	if len(ds.Markers) != 1 || strings.Contains(w.win.Title(), "unsaved") {
		t.Fatalf("redo: %d markers, title %q", len(ds.Markers), w.win.Title())
	}
}

// desktopMouse makes a mouse press event.
type desktopMouse struct {
	pos   fyne.Position
	shift bool
}

func (d desktopMouse) ev() *desktop.MouseEvent {
	e := &desktop.MouseEvent{Button: desktop.MouseButtonPrimary}
	e.Position = d.pos
	if d.shift {
		e.Modifier = fyne.KeyModifierShift
	}
	return e
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// openCopy copies the good test dataset and its sources into a temporary
// folder and opens the copy in a test window.
func openCopy(t *testing.T) (*editWindow, string) {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, filepath.Join("..", "data", "testdata", "good"), dir)
	path := filepath.Join(dir, "casmap.geojson")
	ds, err := data.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return newEditWindow(t, ds), path
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEmbeddedDatasetSavesACopyFirst(t *testing.T) {
	dir := t.TempDir()
	w := newEditWindow(t, nil)
	if !strings.Contains(w.win.Title(), "read-only") {
		t.Errorf("title %q", w.win.Title())
	}
	first := w.state.DS.Markers[0]
	w.state.Select(first, false)
	copyPath := filepath.Join(dir, "copy.geojson")
	w.choices = []int{0}
	w.paths = []string{copyPath}
	w.deleteSelected()
	if w.state.DS.Path != copyPath || w.state.DS.Marker(first.ID) != nil {
		t.Fatalf("path %q; marker still there: %v", w.state.DS.Path, w.state.DS.Marker(first.ID) != nil)
	}
	// The copy on disk is the dataset before the delete, with its sources.
	got, err := data.Load(copyPath)
	if err != nil {
		t.Fatalf("the copy does not load: %v", err)
	}
	if got.Marker(first.ID) == nil || len(got.Sources) != len(w.state.DS.Sources) {
		t.Error("the copy is not the embedded dataset")
	}
	w.save()
	got, err = data.Load(copyPath)
	if err != nil || got.Marker(first.ID) != nil {
		t.Fatalf("after saving the delete: %v", err)
	}
}

func TestDeleteFromListAndUndo(t *testing.T) {
	w, path := openCopy(t)
	n := len(w.state.DS.Markers)
	w.list.search.SetText("Kant")
	w.list.search.OnSubmitted(w.list.search.Text)
	sel := w.state.Selected
	if sel == nil || w.win.Canvas().Focused() != w.list.list {
		t.Fatalf("Enter in the search did not select and focus the list (selected %v)", sel)
	}
	w.list.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if len(w.state.DS.Markers) != n-1 || w.state.DS.Marker(sel.ID) != nil {
		t.Fatal("Delete in the list did not delete the marker")
	}
	if w.edit.undo.Label != "Undo delete "+sel.Title {
		t.Errorf("Edit menu: %q", w.edit.undo.Label)
	}
	w.save()
	got, err := data.Load(path)
	if err != nil || len(got.Markers) != n-1 {
		t.Fatalf("saved: %v", err)
	}
	if _, err := os.Stat(path + "~"); err != nil {
		t.Errorf("no backup: %v", err)
	}
	w.undo()
	w.save()
	got, err = data.Load(path)
	if err != nil || len(got.Markers) != n || got.Marker(sel.ID) == nil {
		t.Fatalf("after undo and save: %v", err)
	}
}

func TestMoveByShiftDragIsUndoable(t *testing.T) {
	w, _ := openCopy(t)
	var mk *data.Marker
	for _, m := range w.state.DS.Markers {
		if isPoint(m) {
			if _, single := markerPos(t, w.mainWindow, m.ID); single {
				mk = m
				break
			}
		}
	}
	if mk == nil {
		t.Skip("no lone point marker in view")
	}
	old := mk.Geometry.(orb.Point)
	pos, _ := markerPos(t, w.mainWindow, mk.ID)
	// A plain drag pans and moves nothing.
	w.mapv.MouseDown(desktopMouse{pos: pos}.ev())
	w.mapv.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos.Add(fyne.NewPos(40, 0))}, Dragged: fyne.Delta{DX: 40}})
	w.mapv.DragEnd()
	if w.state.DS.Marker(mk.ID).Geometry.(orb.Point) != old {
		t.Fatal("a plain drag moved the marker")
	}
	pos, _ = markerPos(t, w.mainWindow, mk.ID)
	w.mapv.MouseDown(desktopMouse{pos: pos, shift: true}.ev())
	to := pos.Add(fyne.NewPos(60, 30))
	w.mapv.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.Delta{DX: 60, DY: 30}})
	w.mapv.DragEnd()
	moved := w.state.DS.Marker(mk.ID).Geometry.(orb.Point)
	if moved == old {
		t.Fatal("Shift+drag did not move the marker")
	}
	if want := "Undo move " + mk.Title; w.edit.undo.Label != want {
		t.Errorf("Edit menu %q, want %q", w.edit.undo.Label, want)
	}
	w.undo()
	if w.state.DS.Marker(mk.ID).Geometry.(orb.Point) != old {
		t.Fatal("undo did not put the marker back")
	}
}

func TestDrawAreaMakesACitedThreatArea(t *testing.T) {
	w, _ := openCopy(t)
	src := w.state.DS.Sources[0]
	v := showSource(w.state, src, nil, w.app)
	defer v.win.Close()
	lo, hi := sentenceAt(src.Text, len(src.Text)/3)
	v.setSelection(lo, hi)
	n := len(w.state.DS.Markers)
	w.drawNew(toolDrawArea)
	f := w.form
	if f == nil || w.mapv.tool == nil || w.mapv.tool.mode != toolDrawArea {
		t.Fatal("Draw area did not start drawing")
	}
	for _, d := range []fyne.Position{{X: 300, Y: 300}, {X: 420, Y: 310}, {X: 380, Y: 420}} {
		w.mapv.Tapped(&fyne.PointEvent{Position: d})
	}
	w.mapv.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	poly, ok := f.geom.(orb.Polygon)
	if !ok || len(poly[0]) != 4 {
		t.Fatalf("drawn %T %v", f.geom, f.geom)
	}
	f.title.SetText("Test threat area")
	f.status.SetSelected(data.StatusPossible.Label())
	f.precision.SetSelected(data.PrecisionRegion.Label())
	f.place.SetText("somewhere")
	f.submit()
	if len(w.state.DS.Markers) != n+1 {
		t.Fatalf("no marker added: %s", formErrors(f))
	}
	m := w.state.DS.Marker("test-threat-area")
	if m == nil || m.Kind != data.KindThreat {
		t.Fatalf("marker %+v", m)
	}
}

func TestFormRefusesInvalidMarker(t *testing.T) {
	w, _ := openCopy(t)
	src := w.state.DS.Sources[0]
	v := showSource(w.state, src, nil, w.app)
	defer v.win.Close()
	selectPhrase(t, v, strings.Fields(src.Text)[0])
	n := len(w.state.DS.Markers)
	w.command("new-marker")
	f := w.form
	f.title.SetText("A marker")
	f.kind.SetSelected(data.KindMeeting.Label())
	f.place.SetText("Kyrgyzstan")
	f.country.SetText("XX")
	f.date.SetText("yesterday")
	f.geom = orb.Point{70, 40}
	f.submit()
	if len(w.state.DS.Markers) != n {
		t.Fatal("an invalid marker was added")
	}
	if !f.errs[fCountry].Visible() || !strings.Contains(f.errs[fCountry].Text, "XX") {
		t.Errorf("country error %q", f.errs[fCountry].Text)
	}
	if !f.errs[fDate].Visible() {
		t.Error("no error next to the date")
	}
	f.country.SetText("KG")
	f.date.SetText("2019-02-04")
	f.status.SetSelected(data.StatusPast.Label())
	f.precision.SetSelected(data.PrecisionCountry.Label())
	f.submit()
	if len(w.state.DS.Markers) != n+1 {
		t.Fatalf("a valid marker was refused: %s", formErrors(f))
	}
}

func TestAddSelectionAsCitation(t *testing.T) {
	w, _ := openCopy(t)
	m := w.state.DS.Markers[0]
	w.state.Select(m, false)
	src := w.state.DS.Sources[len(w.state.DS.Sources)-1]
	v := showSource(w.state, src, nil, w.app)
	defer v.win.Close()
	lo, hi := sentenceAt(src.Text, len(src.Text)/2)
	v.setSelection(lo, hi)
	before := len(m.Citations)
	w.command("add-citation")
	got := w.state.DS.Marker(m.ID)
	if len(got.Citations) != before+1 || got.Citations[before].Quote != src.Text[lo:hi] {
		t.Fatalf("citations %d, want %d", len(got.Citations), before+1)
	}
	w.undo()
	if len(w.state.DS.Marker(m.ID).Citations) != before {
		t.Fatal("undo did not remove the citation")
	}
}

func TestSaveRefusesFileChangedOnDisk(t *testing.T) {
	w, path := openCopy(t)
	w.state.Select(w.state.DS.Markers[0], false)
	w.deleteSelected()
	other := []byte(`{"type":"FeatureCollection","sources":[],"features":[]}`)
	if err := os.WriteFile(path, other, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := w.ed.save(); err == nil || !strings.Contains(err.Error(), "changed by another program") {
		t.Fatalf("save over a changed file: %v", err)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, other) {
		t.Error("the file changed")
	}
	os.Remove(path)
	if err := w.ed.save(); err == nil || !strings.Contains(err.Error(), "deleted") {
		t.Fatalf("save over a deleted file: %v", err)
	}
	if !w.ed.dirty() {
		t.Error("the edits were dropped")
	}
}

func TestJournalRestoresAfterCrash(t *testing.T) {
	w, path := openCopy(t)
	first := w.state.DS.Markers[0]
	w.state.Select(first, false)
	w.deleteSelected()
	n := len(w.state.DS.Markers)
	w.journalTick()
	j, _ := recovery.PathFor(path)
	if _, err := os.Stat(j); err != nil {
		t.Fatalf("no journal: %v", err)
	}
	// The crash: the window goes without saving. A new start finds the
	// journal and offers to restore it.
	ds, err := data.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	w2 := newEditWindow(t, ds)
	w2.choices = []int{0}
	w2.offerRestore()
	if len(w2.asked) != 1 || !strings.Contains(w2.asked[0], "casmap.geojson") {
		t.Fatalf("asked %q", w2.asked)
	}
	if len(w2.state.DS.Markers) != n || w2.state.DS.Marker(first.ID) != nil || !w2.ed.dirty() {
		t.Fatalf("restored %d markers (want %d), dirty %v", len(w2.state.DS.Markers), n, w2.ed.dirty())
	}
	w2.save()
	if _, err := os.Stat(j); err == nil {
		t.Error("the journal outlived the save")
	}
	got, err := data.Load(path)
	if err != nil || len(got.Markers) != n {
		t.Fatalf("after saving the restored changes: %v", err)
	}
}

// TestJournalSurvivesKill edits in a helper process, which writes its
// journal and is killed with SIGKILL; the journal restores its edit.
func TestJournalSurvivesKill(t *testing.T) {
	if os.Getenv("CASMAP_JOURNAL_HELPER") != "" {
		journalHelper()
		return
	}
	dir := t.TempDir()
	copyTree(t, filepath.Join("..", "data", "testdata", "good"), dir)
	path := filepath.Join(dir, "casmap.geojson")
	cmd := exec.Command(os.Args[0], "-test.run=^TestJournalSurvivesKill$")
	cmd.Env = append(os.Environ(), "CASMAP_JOURNAL_HELPER="+path, "CASMAP_JOURNAL_CACHE="+os.Getenv("XDG_CACHE_HOME"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	k, _ := out.Read(buf) // "journal\n" once written
	if !strings.HasPrefix(string(buf[:k]), "journal") {
		t.Fatalf("helper said %q", buf[:k])
	}
	cmd.Process.Kill()
	cmd.Wait()
	if _, ok := recovery.Pending(path); !ok {
		t.Fatal("no pending journal after the kill")
	}
	ds, err := recovery.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Marker("journal-helper-was-here") == nil {
		t.Fatal("the journal lacks the helper's edit")
	}
	recovery.Remove(path)
}

// journalHelper edits the dataset named by the environment, writes the
// journal, says so, and waits to be killed.
func journalHelper() {
	path := os.Getenv("CASMAP_JOURNAL_HELPER")
	os.Setenv("XDG_CACHE_HOME", os.Getenv("CASMAP_JOURNAL_CACHE")) // the parent's, not this process's own
	ds, err := data.Load(path)
	if err != nil {
		panic(err)
	}
	e := newEditor(NewState(ds))
	m := *ds.Markers[0]
	m.ID = "journal-helper-was-here"
	m.Citations = append([]data.Citation(nil), m.Citations...)
	if err := e.do(data.AppendMarker(&m), ""); err != nil {
		panic(err)
	}
	e.journalNow(writeJournal)
	os.Stdout.WriteString("journal\n")
	select {}
}

// formErrors lists the problems a form shows.
func formErrors(f *markerForm) string {
	var out []string
	for k, l := range f.errs {
		if l.Visible() {
			out = append(out, k+": "+l.Text)
		}
	}
	if f.general.Visible() {
		out = append(out, "general: "+f.general.Text)
	}
	return strings.Join(out, "; ")
}

// TestSaveIntoReadOnlyFolder saves a dataset whose folder cannot be
// written: the save fails with a sentence naming the file, the file stays
// as it was and the edit stays in memory. Root writes anywhere, so as root
// the check runs in a helper process as the user nobody.
func TestSaveIntoReadOnlyFolder(t *testing.T) {
	if path := os.Getenv("CASMAP_READONLY_HELPER"); path != "" {
		if err := checkReadOnlySave(path); err != nil {
			t.Fatal(err)
		}
		t.Logf("uid %d: the save failed as it should", os.Geteuid())
		return
	}
	base, err := os.MkdirTemp("", "casmap-readonly-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	dir := filepath.Join(base, "dataset")
	copyTree(t, filepath.Join("..", "data", "testdata", "good"), dir)
	path := filepath.Join(dir, "casmap.geojson")
	os.Chmod(base, 0o755)
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if info.IsDir() {
			return os.Chmod(p, 0o555)
		}
		return os.Chmod(p, 0o444)
	})
	defer filepath.Walk(dir, func(p string, info os.FileInfo, err error) error { return os.Chmod(p, 0o755) })
	if os.Geteuid() != 0 {
		if err := checkReadOnlySave(path); err != nil {
			t.Fatal(err)
		}
		return
	}
	// As root: copy the test binary where nobody can run it, and run this
	// test in it as nobody.
	bin := filepath.Join(base, "app.test")
	b, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestSaveIntoReadOnlyFolder$", "-test.v")
	cmd.Dir = base
	cmd.Env = append(os.Environ(), "CASMAP_READONLY_HELPER="+path, "TMPDIR="+base)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	os.Chmod(base, 0o777)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestSaveIntoReadOnlyFolder") {
		t.Fatalf("the helper did not run the check:\n%s", out)
	}
	t.Logf("as nobody:\n%s", out)
}

// checkReadOnlySave deletes a marker of the dataset at path, whose folder
// is read-only, and checks what a failed save leaves.
func checkReadOnlySave(path string) error {
	before, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	ds, err := data.Load(path)
	if err != nil {
		return err
	}
	e := newEditor(NewState(ds))
	n := len(ds.Markers)
	if err := e.do(&data.RemoveMarker{ID: ds.Markers[0].ID}, ""); err != nil {
		return err
	}
	err = e.save()
	switch {
	case err == nil:
		return fmt.Errorf("saving into a read-only folder succeeded")
	case !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "permission denied"):
		return fmt.Errorf("the error does not say which file and why: %v", err)
	case strings.Count(err.Error(), "\n") > 0:
		return fmt.Errorf("the error is not one sentence: %q", err)
	}
	if !strings.Contains(err.Error(), "the edits are kept") {
		return fmt.Errorf("the error does not say the edits are kept: %v", err)
	}
	fmt.Println("save error:", err)
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		return fmt.Errorf("the file changed")
	}
	if !e.dirty() || len(ds.Markers) != n-1 {
		return fmt.Errorf("the edit was lost")
	}
	if _, err := os.Stat(path + "~"); err == nil {
		return fmt.Errorf("a backup was left")
	}
	return nil
}

func TestUnsavedChangesAskSaveDiscardCancel(t *testing.T) {
	w, path := openCopy(t)
	before, _ := os.ReadFile(path)
	w.state.Select(w.state.DS.Markers[0], false)
	w.deleteSelected()
	ran := 0
	then := func() { ran++ }

	w.choices = []int{2} // Cancel
	w.confirmUnsaved("closing", then)
	if ran != 0 || !w.ed.dirty() || !strings.Contains(w.asked[0], "casmap.geojson has unsaved changes") {
		t.Fatalf("Cancel: ran %d, dirty %v, asked %q", ran, w.ed.dirty(), w.asked)
	}
	w.choices = []int{1} // Discard
	w.confirmUnsaved("closing", then)
	if b, _ := os.ReadFile(path); ran != 1 || !bytes.Equal(b, before) {
		t.Fatalf("Discard: ran %d; the file changed: %v", ran, !bytes.Equal(b, before))
	}
	w.undo()
	w.state.Select(w.state.DS.Markers[0], false)
	w.deleteSelected()
	w.choices = []int{0} // Save
	w.confirmUnsaved("quitting", then)
	got, err := data.Load(path)
	if ran != 2 || err != nil || len(got.Markers) != len(w.state.DS.Markers) {
		t.Fatalf("Save: ran %d, %v", ran, err)
	}
	// With nothing unsaved, nothing is asked.
	asked := len(w.asked)
	w.confirmUnsaved("quitting", then)
	if ran != 3 || len(w.asked) != asked {
		t.Fatal("a clean dataset asked before closing")
	}
}

func TestRemoveCitedSourceListsMarkers(t *testing.T) {
	w, _ := openCopy(t)
	ds := w.state.DS
	// A source no alliance cites alone: an alliance needs its citations.
	var src *data.Source
	for _, s := range ds.Sources {
		alone := false
		for _, a := range ds.Alliances {
			all := len(a.Citations) > 0
			for _, c := range a.Citations {
				all = all && c.Source == s.ID
			}
			alone = alone || all
		}
		if !alone {
			src = s
			break
		}
	}
	if src == nil {
		t.Skip("every source is an alliance's only source")
	}
	var citing []*data.Marker
	for _, m := range ds.Markers {
		for _, c := range m.Citations {
			if c.Source == src.ID {
				citing = append(citing, m)
				break
			}
		}
	}
	if len(citing) == 0 {
		t.Skip("the first source is not cited")
	}
	n := len(ds.Markers)
	w.choices = []int{1} // Cancel first
	w.removeSource(src.ID)
	if ds.Source(src.ID) == nil || !strings.Contains(w.asked[0], citing[0].Title) {
		t.Fatalf("the confirmation does not list %q: %s", citing[0].Title, w.asked[0])
	}
	w.choices = []int{0}
	w.removeSource(src.ID)
	if ds.Source(src.ID) != nil {
		t.Fatal("the source was not removed")
	}
	if probs := data.Validate(ds); len(probs) > 0 {
		t.Fatalf("the dataset is invalid after removing the source: %v", probs)
	}
	w.undo()
	if ds.Source(src.ID) == nil || len(ds.Markers) != n {
		t.Fatal("undo did not bring the source and its markers back")
	}
	if probs := data.Validate(ds); len(probs) > 0 {
		t.Fatalf("invalid after undo: %v", probs)
	}
}

func TestRemoveCitationFromPanel(t *testing.T) {
	w, _ := openCopy(t)
	var m *data.Marker
	for _, x := range w.state.DS.Markers {
		if len(x.Citations) > 1 {
			m = x
			break
		}
	}
	if m == nil {
		t.Skip("no marker with two citations")
	}
	w.state.Select(m, false)
	n := len(m.Citations)
	var remove *widget.Button
	walk(w.panel.Object(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Remove" && remove == nil {
			remove = b
		}
	})
	if remove == nil {
		t.Fatal("no Remove button on the citations")
	}
	test.Tap(remove)
	if got := len(w.state.DS.Marker(m.ID).Citations); got != n-1 {
		t.Fatalf("%d citations after Remove, want %d", got, n-1)
	}
	w.undo()
	if got := len(w.state.DS.Marker(m.ID).Citations); got != n {
		t.Fatalf("%d citations after undo, want %d", got, n)
	}
}

// journalTick writes the journal now, as the window's timer does every few
// seconds.
func (w *mainWindow) journalTick() {
	w.ed.journalNow(writeJournal)
}

// TestSaveDialogNeverTruncates asks for a file name in the save dialog:
// the dialog writes nothing, adds the extension, and asks before an
// existing file is replaced, which stays as it is until the save.
func TestSaveDialogNeverTruncates(t *testing.T) {
	w, path := openCopy(t)
	before, _ := os.ReadFile(path)
	var got []string
	fill := func(name string) {
		t.Helper()
		w.saveDialog("Save dataset as", "x.geojson", []string{".geojson"}, func(p string) { got = append(got, p) })
		top := w.win.Canvas().Overlays().Top()
		var entry *widget.Entry
		var save *widget.Button
		walk(top, func(o fyne.CanvasObject) {
			switch x := o.(type) {
			case *widget.Entry:
				entry = x
			case *widget.Button:
				if x.Text == "Save" {
					save = x
				}
			}
		})
		if entry == nil || save == nil {
			t.Fatal("the save dialog has no name field or Save button")
		}
		entry.SetText(name)
		test.Tap(save)
	}
	fill("other")
	if want := filepath.Join(filepath.Dir(path), "other.geojson"); len(got) != 1 || got[0] != want {
		t.Fatalf("chose %q, want %q", got, want)
	}
	w.choices = []int{1} // Cancel the replacement
	fill("casmap.geojson")
	if len(got) != 1 || len(w.asked) != 1 || !strings.Contains(w.asked[0], "Replace it?") {
		t.Fatalf("replacing asked %q and chose %q", w.asked, got)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, before) {
		t.Fatal("the dialog changed the existing file")
	}
	w.choices = []int{0}
	fill("casmap.geojson")
	if len(got) != 2 || got[1] != path {
		t.Fatalf("chose %q", got)
	}
}
