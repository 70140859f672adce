#!/usr/bin/env sh
# setup.sh: install what building and testing casmap needs, when it is missing.
#
# On Debian and Ubuntu the system packages are installed with apt-get (through
# sudo when not root). Elsewhere the script says what to install by hand and
# goes on if the essentials are already there.
set -eu

# Build: a C compiler and the OpenGL/X11 headers Fyne's GLFW driver needs.
# Test: a virtual X server, an input driver and a screenshot tool for the
# real-window test, and desktop-file-utils for the package checks.
PKGS="gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev xvfb x11-utils xdotool imagemagick"
[ "${1:-}" = "--run-only" ] && PKGS="gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev"

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
  Fedora:  sudo dnf install gcc pkgconf-pkg-config libX11-devel libXcursor-devel libXrandr-devel \
           libXinerama-devel libXi-devel libXxf86vm-devel mesa-libGL-devel xorg-x11-server-Xvfb xdotool ImageMagick
  macOS:   xcode-select --install   (the tests' real-window check needs Linux and is skipped)
  Windows: a MinGW-w64 gcc on PATH (MSYS2: pacman -S mingw-w64-x86_64-gcc); run "go test ./..."
MSG
