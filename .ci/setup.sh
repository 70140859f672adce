#!/usr/bin/env sh
# setup.sh: install what building, testing and packaging casmap need, when it is missing.
#
# On Debian and Ubuntu the system packages are installed with apt-get (through
# sudo when not root). Elsewhere the script says what to install by hand and
# goes on if the essentials are already there.
set -eu

# Build: a C compiler and the OpenGL/X11 headers Fyne's GLFW driver needs,
# and patch for casmap's patches to Fyne (third_party/fyne).
# Test: a virtual X server, an input driver and a screenshot tool for the
# real-window test; GDAL, Poppler, librsvg and the Go fonts to read back
# exported world files, PDF and SVG figures.
# Bench (--bench, for make bench): Mapnik, the peer the PNG export is
# measured against in the same run (BenchmarkExportMapnik), and a virtual X
# server and input driver for the real-window memory measurement.
# Package (--package, for make package and make test-package): xz for the
# Linux archive, the MinGW-w64 cross compiler and binutils for the Windows
# program, and desktop-file-utils, file, ImageMagick and a virtual X server
# to check what was built.
BUILD_PKGS="gcc pkg-config patch libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev"
case "${1:-}" in
  --run-only) PKGS="$BUILD_PKGS" ;;
  --bench) PKGS="$BUILD_PKGS python3-mapnik mapnik-utils xvfb x11-utils xdotool" ;;
  --package) PKGS="$BUILD_PKGS xz-utils gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 desktop-file-utils file imagemagick xvfb x11-utils" ;;
  *) PKGS="$BUILD_PKGS xvfb x11-utils xdotool imagemagick gdal-bin poppler-utils librsvg2-bin fonts-go" ;;
esac

need_go() {
  if ! command -v go >/dev/null 2>&1; then
    echo "setup: Go 1.26 or later is required: install it from your package manager or the Go website, then run make again." >&2
    exit 1
  fi
}

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=""
  for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "setup: installing$missing"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
  fi
  need_go
  exit 0
fi

need_go
cat >&2 <<'MSG'
setup: this is not a Debian or Ubuntu system, so nothing was installed.
Install by hand:
  Fedora:  sudo dnf install gcc pkgconf-pkg-config patch libX11-devel libXcursor-devel libXrandr-devel \
           libXinerama-devel libXi-devel libXxf86vm-devel mesa-libGL-devel xorg-x11-server-Xvfb xdotool ImageMagick
  macOS:   xcode-select --install   (the tests' real-window check needs Linux and is skipped)
  Windows: a MinGW-w64 gcc on PATH (MSYS2: pacman -S mingw-w64-x86_64-gcc); run "go test ./..."
  Packaging (Fedora): xz mingw64-gcc mingw64-binutils desktop-file-utils file ImageMagick xorg-x11-server-Xvfb
MSG
