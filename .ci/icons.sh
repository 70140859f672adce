#!/usr/bin/env sh
# icons.sh: render the application icon at the sizes a Linux desktop asks for,
# into assets/icons/hicolor/NxN/apps/org.casmap.casmap.png (committed, so that
# packaging needs no image tools). Run it through "make icons" after changing
# assets/icon.png (512 px, drawn from icon.svg) or assets/icon-small.svg.
#
# 48 px and up are scaled down from icon.png. 16, 24 and 32 px are drawn from
# icon-small.svg, a simpler pin without the border line and the quote marks,
# which would blur into noise at that size. The output has no time stamps,
# so unchanged sources give unchanged files.
set -eu
cd "$(dirname "$0")/.."
command -v convert >/dev/null || { echo "icons: ImageMagick's convert is missing: run make setup" >&2; exit 1; }
id=org.casmap.casmap
for s in 256 128 64 48; do
  d=assets/icons/hicolor/${s}x$s/apps
  mkdir -p "$d"
  convert assets/icon.png -filter Lanczos -resize "${s}x$s" -strip -define png:exclude-chunks=date,time "png32:$d/$id.png"
done
for s in 32 24 16; do
  d=assets/icons/hicolor/${s}x$s/apps
  mkdir -p "$d"
  # Draw at 8 times the size, then scale down: smooth edges at any renderer.
  convert -background none -density $((72 * s * 8 / 512)) assets/icon-small.svg \
    -filter Lanczos -resize "${s}x$s" -strip -define png:exclude-chunks=date,time "png32:$d/$id.png"
done
echo "icons: wrote $(ls assets/icons/hicolor | wc -l) sizes under assets/icons/hicolor"
