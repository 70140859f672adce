"""Render the BenchmarkExport1000 workload with Mapnik and time it.

Usage: mapnik_render.py STYLE.xml WORKDIR MINX,MINY,MAXX,MAXY WIDTH HEIGHT N OUT.png

WORKDIR holds borders.geojson and marks.geojson (lon/lat), the extent is in
EPSG:3857 metres. The map is loaded once and rendered once untimed; then N
renders are timed, each drawing a new image and encoding it as a truecolour
PNG in memory, as the Go benchmark renders and encodes into a buffer. The
layers stay in lon/lat, so Mapnik's reprojection to EPSG:3857 is inside the
timed loop. The last PNG is written to OUT. Prints one line:

    mapnik ms_per_render=<mean ms> png_bytes=<size> renders=<N>
"""
import sys
import time

import mapnik

# Truecolour PNG at zlib level 1, like the Go encoder's default level.
PNG_FORMAT = "png32:z=1"


def main():
    style, workdir, extent, width, height, n, out = sys.argv[1:8]
    width, height, n = int(width), int(height), int(n)
    m = mapnik.Map(width, height)
    mapnik.load_map(m, style, True, workdir)  # parses and indexes the GeoJSON
    m.zoom_to_box(mapnik.Box2d(*(float(v) for v in extent.split(","))))

    def render():
        im = mapnik.Image(width, height)
        mapnik.render(m, im)
        return im.tostring(PNG_FORMAT)

    data = render()  # warm-up, untimed
    start = time.perf_counter()
    for _ in range(n):
        data = render()
    elapsed = time.perf_counter() - start
    with open(out, "wb") as fh:
        fh.write(data)
    print("mapnik ms_per_render=%.3f png_bytes=%d renders=%d" % (elapsed * 1e3 / n, len(data), n))


if __name__ == "__main__":
    main()
