package drawtest

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/paulmach/orb"

	"casmap/geo/draw"
)

// Figure is a synthetic A4 landscape report figure at 300 DPI (pixels):
// 31 country-like polygons of about 1300 vertices each (some with holes),
// 20 dashed routes, 10 soft circles, 1000 marks, 250 haloed labels, a
// legend with a raster swatch, a 20-line key, a title and a footer: the
// workload of the vector backends' figure tests and benchmarks.
type Figure struct {
	// W and H are the size of the figure in pixels.
	W, H float64
	// Labels are the positions of the haloed labels "Site <i> Nukus".
	Labels []orb.Point

	polys  [][]orb.Point
	holes  map[int][]orb.Point
	routes [][]orb.Point
	marks  []orb.Point
	key    []string
	swatch *image.RGBA
}

// NewFigure builds the figure; it is the same every time.
func NewFigure() *Figure {
	f := &Figure{W: 3508, H: 2480, holes: map[int][]orb.Point{}}
	for i := range 31 {
		cx := 330 + float64(i%8)*400
		cy := 330 + float64(i/8)*380
		const n = 1290
		ring := make([]orb.Point, n)
		for k := range ring {
			a := 2 * math.Pi * float64(k) / n
			r := 180 + 30*math.Sin(7*a+float64(i)) + 9*math.Sin(53*a)
			ring[k] = orb.Point{cx + r*math.Cos(a), cy + r*math.Sin(a)}
		}
		f.polys = append(f.polys, ring)
		if i%6 == 0 {
			h := make([]orb.Point, 60)
			for k := range h {
				a := 2 * math.Pi * float64(k) / 60
				h[k] = orb.Point{cx + 40*math.Cos(a), cy + 40*math.Sin(a)}
			}
			f.holes[i] = h
		}
	}
	for i := range 20 {
		r := make([]orb.Point, 60)
		for k := range r {
			r[k] = orb.Point{200 + float64(k)*52, 230 + float64(i)*72 + 40*math.Sin(float64(k)/5+float64(i))}
		}
		f.routes = append(f.routes, r)
	}
	for i := range 1000 {
		f.marks = append(f.marks, orb.Point{150 + math.Mod(float64(i)*97.3, 3200), 200 + math.Mod(float64(i)*61.7, 1480)})
	}
	for i := range 250 {
		f.Labels = append(f.Labels, orb.Point{200 + math.Mod(float64(i)*211.1, 3100), 220 + math.Mod(float64(i)*137.9, 1440)})
	}
	for i := range 20 {
		f.key = append(f.key, fmt.Sprintf("[%d] Ministry of Water Resources, annual report %d, pp. %d–%d; field survey notes, interviews (Нукус, Ташкент), satellite imagery", i+1, 2000+i, i*3, i*3+12))
	}
	f.swatch = image.NewRGBA(image.Rect(0, 0, 64, 64))
	for y := range 64 {
		for x := range 64 {
			f.swatch.SetRGBA(x, y, color.RGBA{uint8(x * 4), uint8(y * 4), 128, 255})
		}
	}
	return f
}

// Texts returns the number of Canvas.Text calls of Draw.
func (f *Figure) Texts() int { return len(f.Labels) + 12 + len(f.key) + 2 }

// Draw draws the figure on c, a canvas of W by H pixels.
func (f *Figure) Draw(c draw.Canvas) {
	var p draw.Path
	p.Rect(draw.Rect{X0: 0, Y0: 0, X1: f.W, Y1: f.H})
	c.Path(&p, draw.Style{Fill: color.RGBA{245, 243, 238, 255}})
	c.Text("Water infrastructure in Central Asia, 1991–2024", 120, 40, draw.TextStyle{Face: draw.Bold, Size: 56, Color: color.RGBA{0, 0, 0, 255}})

	c.Clip(draw.Rect{X0: 100, Y0: 160, X1: 3408, Y1: 1700})
	land := draw.Style{Fill: color.RGBA{228, 222, 205, 255}, Stroke: color.RGBA{90, 90, 90, 255}, Width: 2.5, Join: draw.RoundJoin}
	for i, r := range f.polys {
		p.Reset()
		p.Ring(r, false)
		if h, ok := f.holes[i]; ok {
			p.Ring(h, true)
		}
		c.Path(&p, land)
	}
	soft := draw.Style{Fill: color.RGBA{100, 40, 40, 128}, Soft: true}
	for i := range 10 {
		p.Reset()
		p.Circle(400+float64(i)*300, 900, 120)
		c.Path(&p, soft)
	}
	route := draw.Style{Stroke: color.RGBA{160, 20, 20, 200}, Width: 4, Dash: []float64{12, 8}, Cap: draw.RoundCap, Join: draw.RoundJoin}
	for _, r := range f.routes {
		p.Reset()
		p.Line(r)
		c.Path(&p, route)
	}
	mark := draw.Style{Fill: color.RGBA{30, 90, 160, 255}, Stroke: color.RGBA{255, 255, 255, 255}, Width: 1.5}
	tri := draw.Style{Fill: color.RGBA{200, 120, 0, 255}, Stroke: color.RGBA{60, 30, 0, 255}, Width: 1.5, Join: draw.MiterJoin}
	for i, m := range f.marks {
		p.Reset()
		if i%10 < 7 {
			p.Circle(m[0], m[1], 9)
			c.Path(&p, mark)
		} else {
			p.Ring([]orb.Point{{m[0], m[1] - 10}, {m[0] + 9, m[1] + 6}, {m[0] - 9, m[1] + 6}}, false)
			c.Path(&p, tri)
		}
	}
	lab := draw.TextStyle{Size: 28, Color: color.RGBA{20, 20, 20, 255}, Halo: color.RGBA{255, 255, 255, 230}, Anchor: draw.Center}
	for i, l := range f.Labels {
		lab.Face = draw.Face(i % 2)
		c.Text(fmt.Sprintf("Site %d Nukus", i), l[0], l[1], lab)
	}
	c.Unclip()

	key := draw.TextStyle{Face: draw.Regular, Size: 24, Color: color.RGBA{0, 0, 0, 255}}
	for i, s := range f.key {
		key.Face = draw.Regular
		if i%5 == 0 {
			key.Face = draw.Italic
		}
		c.Text(s, 120, 1730+float64(i)*34, key)
	}
	sw := draw.Style{Fill: color.RGBA{30, 90, 160, 255}, Stroke: color.RGBA{0, 0, 0, 255}, Width: 1}
	leg := draw.TextStyle{Face: draw.Medium, Size: 26, Color: color.RGBA{0, 0, 0, 255}}
	for i := range 12 {
		p.Reset()
		x := 2450 + float64(i/6)*500
		y := 1740 + float64(i%6)*55
		p.Rect(draw.Rect{X0: x, Y0: y, X1: x + 40, Y1: y + 40})
		c.Path(&p, sw)
		c.Text(fmt.Sprintf("Legend entry %d", i), x+55, y, leg)
	}
	c.Image(f.swatch, draw.Rect{X0: 2450, Y0: 2100, X1: 2514, Y1: 2164})
	c.Text("Sources: see key. Map data © Natural Earth.", 120, 2455, draw.TextStyle{Face: draw.Italic, Size: 22, Color: color.RGBA{60, 60, 60, 255}, Anchor: draw.BaselineLeft})
}
