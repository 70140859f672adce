package pngenc

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
	"sync"

	"golang.org/x/image/vector"
)

// mapPainter draws map-like content: flat fills, antialiased polygons and
// strokes, and small glyph-like marks, in a few colours.
type mapPainter struct {
	dst *image.RGBA
	rng *rand.Rand
	z   vector.Rasterizer
}

// polygon fills the closed polygon pts with c, antialiased.
func (p *mapPainter) polygon(pts [][2]float32, c color.Color) {
	minX, minY := float32(math.Inf(1)), float32(math.Inf(1))
	maxX, maxY := float32(math.Inf(-1)), float32(math.Inf(-1))
	for _, q := range pts {
		minX, minY = min(minX, q[0]), min(minY, q[1])
		maxX, maxY = max(maxX, q[0]), max(maxY, q[1])
	}
	r := image.Rect(int(math.Floor(float64(minX))), int(math.Floor(float64(minY))),
		int(math.Ceil(float64(maxX)))+1, int(math.Ceil(float64(maxY)))+1)
	clip := r.Intersect(p.dst.Bounds())
	if clip.Empty() {
		return
	}
	// Rasterize in the clipped box's coordinates.
	ox, oy := float32(clip.Min.X), float32(clip.Min.Y)
	p.z.Reset(clip.Dx(), clip.Dy())
	p.z.DrawOp = draw.Over
	p.z.MoveTo(pts[0][0]-ox, pts[0][1]-oy)
	for _, q := range pts[1:] {
		p.z.LineTo(q[0]-ox, q[1]-oy)
	}
	p.z.ClosePath()
	p.z.Draw(p.dst, clip, image.NewUniform(c), image.Point{})
}

// stroke draws the polyline pts with the given width as one quad per
// segment.
func (p *mapPainter) stroke(pts [][2]float32, width float32, c color.Color) {
	hw := width / 2
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		dx, dy := b[0]-a[0], b[1]-a[1]
		l := float32(math.Hypot(float64(dx), float64(dy)))
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*hw, dx/l*hw
		p.polygon([][2]float32{
			{a[0] + nx, a[1] + ny}, {b[0] + nx, b[1] + ny},
			{b[0] - nx, b[1] - ny}, {a[0] - nx, a[1] - ny},
		}, c)
	}
}

// blob returns a random star-shaped polygon around (cx, cy).
func (p *mapPainter) blob(cx, cy, radius float32, n int) [][2]float32 {
	pts := make([][2]float32, n)
	r := radius
	for i := range pts {
		r = max(radius*0.3, min(radius*1.5, r+(p.rng.Float32()-0.5)*radius*0.3))
		t := 2 * math.Pi * float64(i) / float64(n)
		pts[i] = [2]float32{cx + r*float32(math.Cos(t)), cy + r*float32(math.Sin(t))}
	}
	return pts
}

// walk returns a random polyline of n points starting at (x, y).
func (p *mapPainter) walk(x, y float32, n int, step float32) [][2]float32 {
	pts := make([][2]float32, n)
	dir := p.rng.Float64() * 2 * math.Pi
	for i := range pts {
		pts[i] = [2]float32{x, y}
		dir += (p.rng.Float64() - 0.5) * 0.8
		x += step * float32(math.Cos(dir))
		y += step * float32(math.Sin(dir))
	}
	return pts
}

// label draws a row of glyph-like marks, mimicking a text label.
func (p *mapPainter) label(x, y float32, c color.Color) {
	size := 8 + p.rng.Float32()*8
	for range 3 + p.rng.IntN(10) {
		for range 2 + p.rng.IntN(3) {
			ax := x + p.rng.Float32()*size*0.6
			ay := y + p.rng.Float32()*size
			p.stroke([][2]float32{{ax, ay}, {ax + (p.rng.Float32()-0.5)*size, ay + (p.rng.Float32()-0.5)*size}}, 1.2, c)
		}
		x += size * 0.7
	}
}

// noise adds random noise of amplitude amp to a w x h patch at (x, y),
// like a hill-shaded or photographic inset.
func (p *mapPainter) noise(x, y, w, h, amp int) {
	r := image.Rect(x, y, x+w, y+h).Intersect(p.dst.Bounds())
	for py := r.Min.Y; py < r.Max.Y; py++ {
		for px := r.Min.X; px < r.Max.X; px++ {
			o := p.dst.PixOffset(px, py)
			for k := range 3 {
				v := int(p.dst.Pix[o+k]) + p.rng.IntN(2*amp+1) - amp
				p.dst.Pix[o+k] = uint8(max(0, min(255, v)))
			}
		}
	}
}

// soft blends a disk of colour c (premultiplied, translucent) around
// (cx, cy) with an opaque core and a smooth fall-off to nothing at radius,
// like the soft areas of the map.
func (p *mapPainter) soft(cx, cy, radius float64, c color.RGBA) {
	r := image.Rect(int(cx-radius), int(cy-radius), int(cx+radius)+1, int(cy+radius)+1).Intersect(p.dst.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy) / radius
			e := max(0, min(1, (d-0.45)/0.55))
			m := uint32(math.Round(255 * (1 - e*e*(3-2*e))))
			if m == 0 {
				continue
			}
			o := p.dst.PixOffset(x, y)
			px := p.dst.Pix[o : o+4 : o+4]
			ia := 255*255 - uint32(c.A)*m
			for k, v := range [4]uint8{c.R, c.G, c.B, c.A} {
				px[k] = uint8((uint32(v)*m*255 + uint32(px[k])*ia + 32512) / 65025)
			}
		}
	}
}

// newMapImage draws a deterministic, opaque, map-like w x h image.
func newMapImage(w, h int, seed uint64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	sea := color.RGBA{170, 211, 223, 255}
	draw.Draw(img, img.Bounds(), image.NewUniform(sea), image.Point{}, draw.Src)
	p := &mapPainter{dst: img, rng: rand.New(rand.NewPCG(seed, 0x5eed))}
	fw, fh := float32(w), float32(h)
	scale := float32(math.Sqrt(float64(w*h))) / 2450 // 1 for 3000x2000

	land := []color.RGBA{{242, 239, 233, 255}, {236, 232, 220, 255}, {224, 232, 212, 255}}
	for i := range 14 {
		p.polygon(p.blob(p.rng.Float32()*fw, p.rng.Float32()*fh, (150+p.rng.Float32()*450)*scale, 90), land[i%len(land)])
	}
	park := color.RGBA{200, 230, 190, 255}
	lake := color.RGBA{170, 211, 223, 255}
	for i := range 90 {
		c := park
		if i%3 == 0 {
			c = lake
		}
		p.polygon(p.blob(p.rng.Float32()*fw, p.rng.Float32()*fh, (10+p.rng.Float32()*60)*scale, 24), c)
	}
	for range 12 {
		p.noise(p.rng.IntN(w), p.rng.IntN(h), int(40*scale)+p.rng.IntN(int(80*scale)+1), int(40*scale)+p.rng.IntN(int(80*scale)+1), 12)
	}
	border := color.RGBA{150, 120, 160, 255}
	for range 15 {
		p.stroke(p.walk(p.rng.Float32()*fw, p.rng.Float32()*fh, 60, 20*scale), 1.5, border)
	}
	roads := []struct {
		c     color.RGBA
		width float32
	}{{color.RGBA{255, 255, 255, 255}, 2}, {color.RGBA{250, 200, 120, 255}, 3.5}, {color.RGBA{230, 140, 100, 255}, 5}}
	for i := range 260 {
		r := roads[i%len(roads)]
		p.stroke(p.walk(p.rng.Float32()*fw, p.rng.Float32()*fh, 4+p.rng.IntN(20), 30*scale), r.width, r.c)
	}
	markers := []color.RGBA{{200, 40, 40, 255}, {40, 90, 200, 255}, {30, 140, 60, 255}}
	for i := range 300 {
		cx, cy := p.rng.Float32()*fw, p.rng.Float32()*fh
		p.polygon(p.blob(cx, cy, 5, 12), markers[i%len(markers)])
	}
	areas := []color.RGBA{{0x50, 0x10, 0x10, 0x50}, {0x10, 0x20, 0x50, 0x50}}
	for i := range 10 {
		p.soft(p.rng.Float64()*float64(w), p.rng.Float64()*float64(h), float64((60+p.rng.Float32()*200)*scale), areas[i%len(areas)])
	}
	text := color.RGBA{60, 60, 70, 255}
	for range 500 {
		p.label(p.rng.Float32()*fw, p.rng.Float32()*fh, text)
	}
	return img
}

// newPhotoImage draws a deterministic, opaque, photo-like w x h image:
// smooth shading with fine grain, as an aerial or hill-shaded inset.
func newPhotoImage(w, h int, seed uint64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 0xf070))
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			v := 0.5 + 0.25*math.Sin(fx*13+math.Sin(fy*7)*2) + 0.2*math.Cos(fy*17+fx*5)
			o := img.PixOffset(x, y)
			for k, tint := range [3]float64{0.9, 1.0, 0.8} {
				n := float64(rng.IntN(5) - 2)
				img.Pix[o+k] = uint8(max(0, min(255, 255*v*tint+n)))
			}
			img.Pix[o+3] = 0xff
		}
	}
	return img
}

var (
	benchImageOnce sync.Once
	benchImage     *image.RGBA
)

// mapImage3000 returns the shared 3000x2000 benchmark image.
func mapImage3000() *image.RGBA {
	benchImageOnce.Do(func() { benchImage = newMapImage(3000, 2000, 1) })
	return benchImage
}
