package figure

import (
	"fmt"
	"image"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"casmap/geo"
)

// mercatorExtent is the width of the Web Mercator (EPSG:3857) world in
// metres: the equator's length on the WGS 84 sphere.
const mercatorExtent = 2 * math.Pi * geo.EarthRadius

// PRJ3857 is the well-known text of EPSG:3857, WGS 84 / Pseudo-Mercator, in
// the form GIS programs read from the .prj file that accompanies a world
// file.
const PRJ3857 = `PROJCS["WGS 84 / Pseudo-Mercator",` +
	`GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],` +
	`PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]],` +
	`PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],` +
	`PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],` +
	`AXIS["Easting",EAST],AXIS["Northing",NORTH],` +
	`EXTENSION["PROJ4","+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs"],` +
	`AUTHORITY["EPSG","3857"]]`

// Georef places a rendered figure on the earth. It is the affine transform
// from image pixels to Web Mercator (EPSG:3857) metres for the whole image,
// so that a world file overlays the map frame correctly in a GIS even with
// the title, legend and key around it.
type Georef struct {
	// MetresPerPixel is the edge of one pixel in EPSG:3857 metres, the same
	// in x and y. Ground distances are shorter by the cosine of the
	// latitude.
	MetresPerPixel float64
	// X0 and Y0 are the EPSG:3857 easting and northing, in metres, of the
	// centre of the image's top-left pixel.
	X0, Y0 float64
	// Map is the map frame in image pixels.
	Map image.Rectangle
	// View is the Viewport of the map frame: its pixels are Map's pixels
	// less Map.Min.
	View geo.Viewport
	// Warnings lists problems that did not stop rendering, such as tiles
	// missing from an offline cache, each said once.
	Warnings []string
}

// newGeoref returns the georeference of a figure whose map frame, at
// rect in the image, shows the view v.
func newGeoref(rect image.Rectangle, v geo.Viewport) *Georef {
	pr := v.Projector()
	// Unit-space position of the centre of image pixel (0, 0).
	ux, uy := pr.ToUnit(0.5-float64(rect.Min.X), 0.5-float64(rect.Min.Y))
	return &Georef{
		MetresPerPixel: mercatorExtent / geo.WorldSize(v.Zoom),
		X0:             (ux - 0.5) * mercatorExtent,
		Y0:             (0.5 - uy) * mercatorExtent,
		Map:            rect,
		View:           v,
	}
}

// WorldFile returns the ESRI world file (.pgw, .wld) of the image: six
// lines A, D, B, E, C, F with A the pixel width and E the negated pixel
// height in EPSG:3857 metres, no rotation (D = B = 0), and C, F the easting
// and northing of the centre of the top-left pixel, each printed with ten
// decimals.
func (g *Georef) WorldFile() string {
	var sb strings.Builder
	for _, v := range []float64{g.MetresPerPixel, 0, 0, -g.MetresPerPixel, g.X0, g.Y0} {
		fmt.Fprintf(&sb, "%.10f\n", v)
	}
	return sb.String()
}

// Pixel returns where p, a [lon, lat] point in degrees, falls in the image,
// in pixels from its top-left corner: pixel (i, j) covers [i, i+1) ×
// [j, j+1).
func (g *Georef) Pixel(p orb.Point) (x, y float64) {
	x, y = g.View.Project(p)
	return x + float64(g.Map.Min.X), y + float64(g.Map.Min.Y)
}

// Mercator returns the EPSG:3857 easting and northing, in metres, of p, a
// [lon, lat] point in degrees; latitudes are clamped to ±MaxLatitude.
func Mercator(p orb.Point) (x, y float64) {
	ux, uy := geo.ToUnit(p)
	return (ux - 0.5) * mercatorExtent, (0.5 - uy) * mercatorExtent
}

// AuxXML returns the contents of the GDAL PAM sidecar of the image, the
// file FILE.png.aux.xml beside FILE.png: a PAMDataset whose SRS is
// EPSG:3857 (PRJ3857) with GIS axis order (easting, northing). With it and
// the world file (WorldFile, as FILE.pgw) GDAL and QGIS open the PNG with
// its coordinate system and corners; gdalinfo FILE.png prints both. The
// transform itself stays in the world file.
func (g *Georef) AuxXML() string {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return "<PAMDataset>\n  <SRS dataAxisToSRSAxisMapping=\"1,2\">" + esc.Replace(PRJ3857) + "</SRS>\n</PAMDataset>\n"
}
