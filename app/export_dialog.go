package app

import (
	"context"
	"errors"
	"fmt"
	"image"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"casmap/app/mapmodel"
	"casmap/data"
	"casmap/geo/figure"
)

// Preference keys of the export dialog: it remembers the last choices.
const (
	prefExpPreset   = "export.preset"
	prefExpTitle    = "export.title"
	prefExpSubtitle = "export.subtitle"
	prefExpLegend   = "export.legend"
	prefExpKey      = "export.key"
	prefExpWorld    = "export.world"
	prefExpView     = "export.currentView"
	prefExpDark     = "export.dark"
	prefExpDir      = "export.dir"
	prefExpFormat   = "export.format"
)

// previewWidth is the width of the export preview, in pixels.
const previewWidth = 420

// exportDialog is File > Export map: the choices, a preview, and a
// background export with a progress bar that never blocks the map.
type exportDialog struct {
	w        *mainWindow
	d        dialog.Dialog
	preset   *widget.Select
	title    *widget.Entry
	subtitle *widget.Entry
	legend   *widget.Check
	key      *widget.Check
	world    *widget.Check
	area     *widget.RadioGroup
	theme    *widget.RadioGroup
	format   *widget.RadioGroup
	preview  *canvas.Image
	status   *widget.Label
	progress *widget.ProgressBarInfinite
	export   *widget.Button

	done   func()             // called after an export ends, for tests
	gate   chan struct{}      // when set, an export waits for it to close, for tests
	gen    int                // preview generation, to drop stale previews
	cancel context.CancelFunc // cancels a running export
	busy   bool
}

const (
	areaView = "Current view"
	areaFit  = "Fit all markers"
)

// showExportDialog opens the export dialog of w.
func (w *mainWindow) showExportDialog() { w.openExportDialog() }

// openExportDialog opens the export dialog and returns it.
func (w *mainWindow) openExportDialog() *exportDialog {
	p := w.app.Preferences()
	e := &exportDialog{w: w}
	var labels []string
	for _, pr := range mapmodel.Presets {
		labels = append(labels, pr.Label)
	}
	e.preset = widget.NewSelect(labels, func(string) { e.changed() })
	e.preset.SetSelectedIndex(presetIndex(p.StringWithFallback(prefExpPreset, "a4-300")))
	e.title = widget.NewEntry()
	e.title.SetPlaceHolder("Title")
	e.title.SetText(p.StringWithFallback(titlePref(w.state.DS), mapmodel.DefaultTitle(w.state.DS)))
	e.title.OnChanged = func(string) { e.changed() }
	e.subtitle = widget.NewEntry()
	e.subtitle.SetPlaceHolder("Subtitle (optional)")
	e.subtitle.SetText(p.String(prefExpSubtitle))
	e.subtitle.OnChanged = func(string) { e.changed() }
	e.legend = widget.NewCheck("Legend", func(bool) { e.changed() })
	e.legend.SetChecked(p.BoolWithFallback(prefExpLegend, true))
	e.key = widget.NewCheck("Numbered markers with source key", func(bool) { e.changed() })
	e.key.SetChecked(p.BoolWithFallback(prefExpKey, true))
	e.world = widget.NewCheck("World file for GIS (.pgw, .prj, .aux.xml)", nil)
	e.world.SetChecked(p.Bool(prefExpWorld))
	e.format = widget.NewRadioGroup(formatLabels(), func(string) { e.formatChanged() })
	e.format.Horizontal = true
	e.format.SetSelected(strings.ToUpper(p.StringWithFallback(prefExpFormat, string(mapmodel.PNG))))
	if e.format.Selected == "" {
		e.format.SetSelected(strings.ToUpper(string(mapmodel.PNG)))
	}
	e.area = widget.NewRadioGroup([]string{areaView, areaFit}, func(string) { e.changed() })
	e.area.Horizontal = true
	if p.BoolWithFallback(prefExpView, true) {
		e.area.SetSelected(areaView)
	} else {
		e.area.SetSelected(areaFit)
	}
	e.theme = widget.NewRadioGroup([]string{"Light", "Dark"}, func(string) { e.changed() })
	e.theme.Horizontal = true
	if p.BoolWithFallback(prefExpDark, false) {
		e.theme.SetSelected("Dark")
	} else {
		e.theme.SetSelected("Light")
	}
	e.preview = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1)))
	e.preview.FillMode = canvas.ImageFillContain
	e.preview.ScaleMode = canvas.ImageScaleSmooth
	e.preview.SetMinSize(fyne.NewSize(previewWidth, previewWidth*0.72))
	e.status = widget.NewLabel("")
	e.status.Wrapping = fyne.TextWrapWord
	e.progress = widget.NewProgressBarInfinite()
	e.progress.Hide()
	e.progress.Stop()
	e.export = widget.NewButton("Export PNG…", e.choose)
	e.export.Importance = widget.HighImportance
	e.formatChanged()

	form := widget.NewForm(
		widget.NewFormItem("Size", e.preset),
		widget.NewFormItem("Title", e.title),
		widget.NewFormItem("Subtitle", e.subtitle),
		widget.NewFormItem("Area", e.area),
		widget.NewFormItem("Theme", e.theme),
		widget.NewFormItem("Format", e.format),
	)
	left := container.NewVBox(form, e.legend, e.key, e.world)
	right := container.NewBorder(widget.NewLabel("Preview"), nil, nil, nil, e.preview)
	body := container.NewBorder(nil, container.NewVBox(e.progress, e.status, container.NewHBox(e.export)), nil, nil,
		container.NewHBox(container.NewGridWrap(fyne.NewSize(380, 360), left), right))
	e.d = dialog.NewCustom("Export map", "Close", body, w.win)
	e.d.SetOnClosed(func() {
		if e.cancel != nil {
			e.cancel()
		}
		e.save()
	})
	e.d.Show()
	e.changed()
	return e
}

// presetIndex finds a preset by name, or the first.
func presetIndex(name string) int {
	for i, p := range mapmodel.Presets {
		if p.Name == name {
			return i
		}
	}
	return 0
}

// options returns the export options the dialog shows.
func (e *exportDialog) options() mapmodel.Options {
	p := mapmodel.Presets[max(0, e.preset.SelectedIndex())]
	o := mapmodel.Options{
		Width: p.Width, Height: p.Height, DPI: p.DPI,
		Title: strings.TrimSpace(e.title.Text), Subtitle: strings.TrimSpace(e.subtitle.Text),
		Legend: e.legend.Checked, Key: e.key.Checked, World: e.world.Checked && e.fileFormat() == mapmodel.PNG,
		Dark: e.theme.Selected == "Dark",
	}
	if e.area.Selected == areaView {
		b := e.w.mapv.view.Bound()
		o.Bound = &b
	}
	return o
}

// save remembers the choices.
func (e *exportDialog) save() {
	p := e.w.app.Preferences()
	p.SetString(prefExpPreset, mapmodel.Presets[max(0, e.preset.SelectedIndex())].Name)
	p.SetString(titlePref(e.w.state.DS), e.title.Text)
	p.SetString(prefExpFormat, string(e.fileFormat()))
	p.SetString(prefExpSubtitle, e.subtitle.Text)
	p.SetBool(prefExpLegend, e.legend.Checked)
	p.SetBool(prefExpKey, e.key.Checked)
	p.SetBool(prefExpWorld, e.world.Checked)
	p.SetBool(prefExpView, e.area.Selected == areaView)
	p.SetBool(prefExpDark, e.theme.Selected == "Dark")
}

// changed renders a new preview in the background: the same figure at
// preview size, with the DPI scaled so the layout is the same.
func (e *exportDialog) changed() {
	if e.preview == nil || e.preset == nil || e.area == nil || e.theme == nil {
		return // still building the dialog
	}
	e.gen++
	gen := e.gen
	o := e.options()
	// Rendered at twice the shown size, so the type stays above the
	// renderer's legibility limit and the preview shows the real layout.
	f := 2 * previewWidth / float64(o.Width)
	o.Width, o.Height, o.DPI = 2*previewWidth, max(1, int(float64(o.Height)*f)), o.DPI*f
	ds, filter := e.w.state.DS, e.w.state.Filter
	go func() {
		fig, err := mapmodel.BuildFigure(ds, filter, o, time.Now())
		var img *image.RGBA
		if err == nil {
			img, _, err = figure.RenderFigure(context.Background(), fig)
		}
		fyne.Do(func() {
			if gen != e.gen {
				return
			}
			if err != nil {
				e.status.SetText("Preview failed: " + err.Error())
				return
			}
			e.preview.Image = img
			e.preview.Refresh()
		})
	}()
}

// choose asks where to save, then exports.
func (e *exportDialog) choose() {
	if e.busy {
		return
	}
	ext := "." + string(e.fileFormat())
	name := "casmap-figure" + ext
	if t := strings.TrimSpace(e.title.Text); t != "" {
		name = fileSlug(t) + ext
	}
	e.w.saveDialogIn("Export map as "+strings.ToUpper(string(e.fileFormat())), e.w.app.Preferences().String(prefExpDir), name, []string{ext}, func(path string) {
		if !strings.EqualFold(filepath.Ext(path), ext) {
			path += ext // the figure goes to the name with its format's extension
		}
		e.w.app.Preferences().SetString(prefExpDir, filepath.Dir(path))
		e.run(path)
	})
}

// run exports to path in the background, showing progress; the map stays
// usable meanwhile.
func (e *exportDialog) run(path string) {
	o := e.options()
	o.Force = true // the save dialog already asked about overwriting
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel, e.busy = cancel, true
	e.export.Disable()
	e.progress.Show()
	e.progress.Start()
	e.status.SetText(fmt.Sprintf("Exporting %s…", filepath.Base(path)))
	ds, filter := e.w.state.DS, e.w.state.Filter
	start := time.Now()
	gate := e.gate
	go func() {
		if gate != nil {
			<-gate
		}
		res, err := mapmodel.Export(ctx, ds, filter, o, path)
		fyne.Do(func() {
			defer func() {
				if e.done != nil {
					e.done()
				}
			}()
			e.busy = false
			e.export.Enable()
			e.progress.Stop()
			e.progress.Hide()
			switch {
			case errors.Is(err, context.Canceled):
				e.status.SetText("Export cancelled; nothing was written.")
			case err != nil:
				e.status.SetText("Export failed: " + err.Error() + ". Nothing was written.")
			default:
				msg := fmt.Sprintf("Wrote %s (%d×%d, %g DPI, %.1f MB) in %.1f s.", strings.Join(res.Files, ", "),
					o.Width, o.Height, o.DPI, float64(res.Bytes)/1e6, time.Since(start).Seconds())
				for _, w := range res.Warnings {
					msg += " " + w
				}
				e.status.SetText(msg)
				tracef("exported %s", res.Files[0])
			}
		})
	}()
}

// formatLabels are the format choices, as shown.
func formatLabels() []string {
	var out []string
	for _, f := range mapmodel.Formats {
		out = append(out, strings.ToUpper(string(f)))
	}
	return out
}

// fileFormat is the chosen figure format.
func (e *exportDialog) fileFormat() mapmodel.Format {
	if e.format == nil || e.format.Selected == "" {
		return mapmodel.PNG
	}
	return mapmodel.Format(strings.ToLower(e.format.Selected))
}

// formatChanged updates the export button and the world file choice,
// which only PNG images carry.
func (e *exportDialog) formatChanged() {
	if e.export == nil || e.world == nil {
		return
	}
	f := e.fileFormat()
	e.export.SetText("Export " + strings.ToUpper(string(f)) + "…")
	if f == mapmodel.PNG {
		e.world.Enable()
	} else {
		e.world.Disable()
	}
}

// titlePref is the preference key of the figure title of ds, so that each
// dataset's figures start from their own title.
func titlePref(ds *data.Dataset) string {
	return prefExpTitle + ":" + ds.Path
}

// fileSlug makes a file name from a title.
func fileSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "casmap-figure"
	}
	return out
}
