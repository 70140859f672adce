// Package app is casmap's desktop user interface, built on Fyne: the main
// window with the interactive map, the marker list, the layers and legend,
// the evidence panel and the source viewer. It joins the domain (package
// data) and the cartography (package geo).
package app

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	_ "casmap/app/internal/locale" // before Fyne reads the locale
	"casmap/app/mapmodel"
	"casmap/data"
	"casmap/geo"
)

// AppID is the application's reverse-DNS identifier; preferences are kept
// under it.
const AppID = "org.casmap.casmap"

// Preload starts loading, in the background, what the window needs
// whatever the command line says (the embedded borders), so that it
// overlaps with reading the dataset and starting the toolkit. Run waits
// for it where it must.
func Preload() {
	go func() { _, _ = mapmodel.EmbeddedBasemap() }()
}

// Run opens the main window on ds and returns when the user quits.
func Run(ds *data.Dataset, info Info) error {
	fyneapp.SetMetadata(fyne.AppMetadata{
		ID: AppID, Name: "casmap", Version: info.Version,
		Migrations: map[string]bool{"fyneDo": true},
	})
	limitMemory()
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(appIcon)
	applyThemePreference(a)
	// Open the window first, so the graphics driver starts while the
	// borders load (Preload) and the panels are built. The X11 window class
	// is the title the window is shown with: keep it "casmap", so desktops
	// match the window to its launcher, and name the dataset once it is
	// shown.
	win := a.NewWindow("casmap")
	win.Resize(newPrefs(a.Preferences()).windowSize(defaultWindowSize))
	win.Show()
	w := newMainWindowOn(a, win, ds, info)
	w.win.SetTitle("casmap")
	for _, l := range info.Layers {
		w.state.AddLayer(l)
	}
	fitMemoryLimit() // for the dataset and layers of the command line
	if ds.Path != "" && ds.Path != "embedded" {
		w.prefs.addRecent(ds.Path)
		w.refreshRecent()
	}
	w.win.SetTitle(w.title())
	if info.Error != "" {
		w.report(errors.New(info.Error))
	}
	w.offerRestore()
	traceMemory(w.scene, time.Second)
	a.Run()
	return nil
}

// mainWindow is casmap's one window and what it holds.
type mainWindow struct {
	app   fyne.App
	win   fyne.Window
	info  Info
	state *State
	scene *scene
	mapv  *mapView
	panel *evidencePanel
	list  *markerList
	layer *layersPanel
	prefs *prefs

	ed       *editor
	edit     *editMenu
	drafts   *draftsPanel
	timeline *timeline
	// recentItem is File → Open recent.
	recentItem *fyne.MenuItem
	legend     *mapLegend
	columns    *columnsLayout
	legendItem *fyne.MenuItem // View › Legend on map
	tabs       *container.AppTabs
	form       *markerForm    // the marker form open (or hidden while placing), or nil
	addSrc     *addSourceForm // the Add source dialog opened last, or nil
	// askPath and choose ask the user for a file and a choice; tests
	// replace them.
	askPath pathAsker
	choose  chooser
}

// newMainWindow builds the main window on ds without showing it.
func newMainWindow(a fyne.App, ds *data.Dataset, info Info) *mainWindow {
	return newMainWindowOn(a, a.NewWindow(windowTitle(ds, info)), ds, info)
}

// defaultWindowSize is the window's size until the user resizes it.
var defaultWindowSize = fyne.NewSize(1360, 860)

// newMainWindowOn builds the main window on ds in win.
func newMainWindowOn(a fyne.App, win fyne.Window, ds *data.Dataset, info Info) *mainWindow {
	w := &mainWindow{app: a, info: info, state: NewState(ds), prefs: newPrefs(a.Preferences())}
	w.win = win
	w.state.Filter = w.prefs.filter(w.state.Filter)

	// The panels first: building them overlaps with loading the borders
	// (see Preload), which the scene waits for. The evidence panel is
	// filled once the window is laid out, below.
	w.panel = newEmptyEvidencePanel(w.state, w.win)
	w.list = newMarkerList(w.state)
	w.layer = newLayersPanel(w.state)

	w.scene = newScene(isDark(a))
	w.mapv = newMapView(w.state, w.scene)
	if !info.Started.IsZero() {
		w.mapv.started = info.Started
	}
	if c, z, ok := w.prefs.view(); ok {
		w.mapv.SetView(c, z)
	}
	w.mapv.OnViewChanged = func(v geo.Viewport) {
		w.prefs.saveView(v)
		if w.legend != nil {
			w.legend.update()
		}
	}
	w.mapv.OnStep = func(d int) { stepSelection(w.state, d) }

	w.layer.onAdd = w.addLayerDialog
	w.state.Listen(func(c Change) {
		if c == ChangeFilter {
			w.prefs.saveFilter(w.state.Filter)
		}
	})
	w.setUpEditing()

	w.drafts = newDraftsPanel(w)
	left := container.NewAppTabs(
		container.NewTabItem("Markers", w.list.Object()),
		container.NewTabItem("Layers", w.layer.Object()),
		container.NewTabItem("Drafts", w.drafts.Object()),
	)
	w.tabs = left
	right := w.panel.Object()
	w.timeline = newTimeline(w.state)
	w.legend = newMapLegend(w, a.Preferences().Bool(prefMapLegend))
	w.mapv.OnLegend = w.legend.toggle
	w.mapv.OnView = w.legend.update
	w.state.Listen(func(c Change) {
		w.legend.update()
		if c == ChangeDataset || c == ChangeLayers {
			fitMemoryLimit()
		}
	})
	var mapArea fyne.CanvasObject = container.NewBorder(nil, w.timeline.Object(), nil, nil, container.NewStack(w.mapv, w.legend.Object()))
	if info.Banner != "" {
		banner := widget.NewLabel(info.Banner)
		banner.Wrapping = fyne.TextWrapWord
		banner.Importance = widget.WarningImportance
		var box *fyne.Container
		closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), func() { box.Hide() })
		box = container.NewBorder(nil, nil, nil, closeBtn, banner)
		mapArea = container.NewBorder(box, nil, nil, nil, mapArea)
	}
	mid := container.NewHSplit(mapArea, right)
	split := container.NewHSplit(left, mid)
	w.columns = &columnsLayout{outer: split, inner: mid}
	// Fyne lays new content out at its minimum size before its real one:
	// the evidence panel is filled after that, so that its paragraphs are
	// wrapped once, at the panel's width, not first at its narrowest.
	w.win.SetMainMenu(w.menu()) // first, so that the content is laid out at its final height
	w.win.SetContent(container.New(w.columns, split))
	w.panel.refresh()
	w.win.SetOnDropped(w.dropped)
	w.shortcuts()

	size := w.prefs.windowSize(defaultWindowSize)
	w.win.Resize(size)
	w.win.SetOnClosed(func() {
		w.ed.stopJournal()
		w.prefs.saveWindowSize(w.win.Canvas().Size())
	})
	w.win.SetTitle(w.title())
	return w
}

// windowTitle names the window after the app, its version and the
// dataset.
func windowTitle(ds *data.Dataset, info Info) string {
	t := "casmap"
	if info.Version != "" {
		t += " " + info.Version
	}
	if ds == nil || ds.Title == "" {
		return t
	}
	return t + " — " + ds.Title
}

// menu builds the main menu.
func (w *mainWindow) menu() *fyne.MainMenu {
	open := fyne.NewMenuItem("Open dataset…", w.openDialog)
	open.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	editFile, edit := w.editingMenus()
	w.recentItem = fyne.NewMenuItem("Open recent", nil)
	w.recentItem.ChildMenu = w.recentMenu()
	expMap := fyne.NewMenuItem("Export map…", w.showExportDialog)
	expMap.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	expEv := fyne.NewMenuItem("Export evidence…", w.exportEvidence)
	expGIS := fyne.NewMenuItem("Export for GIS (GeoPackage)…", w.exportForGIS)
	copyEv := fyne.NewMenuItem("Copy evidence of selection", func() { w.panel.copyEvidence() })
	quit := fyne.NewMenuItem("Quit", func() { w.confirmUnsaved("quitting", w.closeNow) })
	quit.IsQuit = true
	quit.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	items := append([]*fyne.MenuItem{editFile[0], open, w.recentItem}, editFile[1:]...)
	items = append(items, fyne.NewMenuItemSeparator(), expMap, expEv, expGIS, copyEv, fyne.NewMenuItemSeparator(), quit)
	file := fyne.NewMenu("File", items...)

	fit := fyne.NewMenuItem("Fit the region (0)", w.mapv.fitAll)
	fitEvery := fyne.NewMenuItem("Fit every marker, far ones too (A)", w.mapv.fitEvery)
	zin := fyne.NewMenuItem("Zoom in", func() { w.mapv.zoomCenter(0.5) })
	zout := fyne.NewMenuItem("Zoom out", func() { w.mapv.zoomCenter(-0.5) })
	next := fyne.NewMenuItem("Next marker", func() { stepSelection(w.state, 1) })
	prev := fyne.NewMenuItem("Previous marker", func() { stepSelection(w.state, -1) })
	themeItem := fyne.NewMenuItem("Theme", nil)
	themeItem.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem("System", func() { w.setTheme("") }),
		fyne.NewMenuItem("Light", func() { w.setTheme("light") }),
		fyne.NewMenuItem("Dark", func() { w.setTheme("dark") }),
	)
	w.legendItem = fyne.NewMenuItem("Legend on map (L)", func() { w.legend.toggle() })
	w.legendItem.Checked = w.legend.on
	view := fyne.NewMenu("View", fit, fitEvery, zin, zout, fyne.NewMenuItemSeparator(), next, prev,
		fyne.NewMenuItemSeparator(), w.legendItem, themeItem)

	about := fyne.NewMenuItem("About casmap", w.showAbout)
	keys := fyne.NewMenuItem("Keyboard shortcuts", w.showKeys)
	help := fyne.NewMenu("Help", keys, about)
	return fyne.NewMainMenu(file, edit, view, help)
}

// shortcuts binds the window-wide keys.
func (w *mainWindow) shortcuts() {
	c := w.win.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { w.openDialog() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { w.showExportDialog() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { w.list.focusSearch(w.win) })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { w.confirmUnsaved("quitting", w.closeNow) })
	w.editingShortcuts()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		// Keys typed while nothing has the focus go to the map.
		w.mapv.TypedKey(ev)
	})
	c.SetOnTypedRune(w.mapv.TypedRune)
}

// setTheme switches between the system, light and dark themes and redraws
// the map in the matching palette.
func (w *mainWindow) setTheme(name string) {
	w.app.Preferences().SetString(prefTheme, name)
	applyThemePreference(w.app)
	w.scene.setDark(isDark(w.app))
	// The alliance shading and the symbols have a palette per theme: redo
	// them now, not at the next start.
	w.scene.setFilter(w.state)
	w.layer.rebuild()
	w.panel.refresh()
	w.legend.sig = ""
	w.legend.update()
	w.mapv.Refresh()
}

// openDialog asks for a dataset file and opens it: a path can be typed
// or pasted, picked from the recent datasets, or browsed for.
func (w *mainWindow) openDialog() {
	path := widget.NewEntry()
	path.SetPlaceHolder("/path/to/dataset.geojson")
	var d *dialog.CustomDialog
	open := func(p string) {
		p = strings.TrimSpace(p)
		if p == "" {
			return
		}
		d.Hide()
		w.openDatasetFile(p)
	}
	path.OnSubmitted = open
	browse := widget.NewButton("Browse…", func() {
		fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil {
				w.report(err)
				return
			}
			if r == nil {
				return
			}
			p := r.URI().Path()
			r.Close()
			open(p)
		}, w.win)
		fd.SetFilter(storage.NewExtensionFileFilter([]string{".geojson", ".json"}))
		fd.Resize(fyne.NewSize(900, 620))
		fd.Show()
	})
	rows := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, browse, path)}
	if recent := w.prefs.recent(); len(recent) > 0 {
		rows = append(rows, subHeading("Recent"))
		for _, r := range recent {
			r := r
			b := widget.NewButton(r, func() { open(r) })
			b.Alignment = widget.ButtonAlignLeading
			rows = append(rows, b)
		}
	}
	ok := widget.NewButton("Open", func() { open(path.Text) })
	ok.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Open dataset", container.NewVBox(rows...), w.win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(fyne.NewSize(680, 0))
	d.Show()
	w.win.Canvas().Focus(path)
}

// recentMenu is File → Open recent, listing the datasets opened last.
func (w *mainWindow) recentMenu() *fyne.Menu {
	var items []*fyne.MenuItem
	for _, r := range w.prefs.recent() {
		r := r
		items = append(items, fyne.NewMenuItem(r, func() { w.openDatasetFile(r) }))
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem("No dataset opened yet", nil)
		none.Disabled = true
		items = append(items, none)
	}
	return fyne.NewMenu("", items...)
}

// openFile loads path in the background. On success the new dataset
// replaces the view; on failure the checker's sentences are shown and the
// current dataset stays.
func (w *mainWindow) openFile(path string) {
	go func() {
		ds, err := data.Load(path)
		fyne.Do(func() { w.opened(path, ds, err) })
	}()
}

// opened shows the result of loading path: the new dataset, or the
// problems in a dialog while the current dataset stays.
func (w *mainWindow) opened(path string, ds *data.Dataset, err error) {
	if err != nil {
		showLoadError(w.win, path, err)
		return
	}
	w.state.SetDataset(ds)
	w.prefs.addRecent(path)
	w.refreshRecent()
	w.offerRestore()
}

// refreshRecent rebuilds File → Open recent.
func (w *mainWindow) refreshRecent() {
	if w.recentItem != nil {
		w.recentItem.ChildMenu = w.recentMenu()
		if m := w.win.MainMenu(); m != nil {
			m.Refresh()
		}
	}
}

// showLoadError shows every problem of a failed load in a dialog.
func showLoadError(win fyne.Window, path string, err error) {
	var probs data.Problems
	var lines []string
	if errors.As(err, &probs) {
		for _, p := range probs {
			lines = append(lines, p.String())
		}
	} else {
		lines = []string{err.Error()}
	}
	head := widget.NewLabel(fmt.Sprintf("%s could not be opened; the current dataset stays open. %d problem(s):", path, len(lines)))
	head.Wrapping = fyne.TextWrapWord
	body := widget.NewLabel(strings.Join(lines, "\n"))
	body.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(body)
	scroll.SetMinSize(fyne.NewSize(640, 260))
	d := dialog.NewCustom("Dataset not opened", "Close", container.NewBorder(head, nil, nil, nil, scroll), win)
	d.Show()
}

// showAbout shows the name, version, build and attributions.
func (w *mainWindow) showAbout() {
	line := w.info.Line
	if line == "" {
		line = fmt.Sprintf("casmap %s (build %s, Fyne %s)", w.info.Version, w.info.Build, FyneVersion)
	}
	text := fmt.Sprintf("%s\n\nAn evidence map of Central Asia: every marker is tied to the sentences of its sources.\n\n%s",
		line, attributions())
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("About casmap", "Close", l, w.win)
	d.Resize(fyne.NewSize(480, 320))
	d.Show()
}

// showKeys lists the keyboard shortcuts.
func (w *mainWindow) showKeys() {
	l := widget.NewLabel(keyHelp)
	l.TextStyle.Monospace = true // the columns line up
	d := dialog.NewCustom("Keyboard shortcuts", "Close", l, w.win)
	d.Show()
}

const keyHelp = `Map (click it first)
  Arrow keys        pan
  + / -             zoom in / out
  0 or Home         fit the region (markers far away stay as edge arrows)
  A                 fit every marker, far ones too (Moscow)
  L                 show or hide the legend on the map
  ] or Page Down    next marker
  [ or Page Up      previous marker
  Escape            clear the selection
  Mouse wheel       zoom about the pointer; double-click zooms in

Window
  Ctrl+N            new dataset
  Ctrl+O            open a dataset
  Ctrl+S            save; Ctrl+Shift+S save as
  Ctrl+Shift+O      add a source (a .txt or .md file, or pasted text)
  Ctrl+E            export the map as a figure (PNG, SVG, PDF)
  Ctrl+F            search the marker list; Enter selects the first match
  Ctrl+Q            quit

Editing
  Ctrl+M            new marker from the passage selected in a source
  Ctrl+Shift+M      add the selected passage as a citation of the selected marker
  Ctrl+Z            undo; Ctrl+Shift+Z or Ctrl+Y redo
  Delete            delete the selected marker (outside text fields)
  Shift+drag        move a point marker (or Edit › Move markers)
  Double-click      on a fact in the evidence panel: edit it

Source window
  Drag, double-click, triple-click   select text, a word, a sentence
  Shift+arrows      extend the selection
  Ctrl+C            copy the selection`
