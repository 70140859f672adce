#!/usr/bin/env bash
# package-test.sh: build the release files with "make package" and check them
# as a user would meet them (run through "make test-package").
#
# Linux: unpack the archive, check the menu entry and the icons, install it
# into a scratch PREFIX and into a scratch HOME's ~/.local, run the installed
# program, start it under Xvfb to its first frame, uninstall, and check that
# exactly the files there before are left; then the same through the source
# tree's "make install" and "make uninstall".
# Windows: check that the program is a 64-bit GUI executable with its icon,
# its version resource and the version flags.
set -euo pipefail
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
GO=${GO:-go}
# The sub-makes below get their variables from this script alone, not from
# the make that started it (make test-package PREFIX=... must not leak).
unset MAKEFLAGS MFLAGS MAKELEVEL PREFIX DESTDIR

version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
build=$(sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
arch=$($GO env GOARCH)
id=org.casmap.casmap
tarball=dist/casmap-$version-linux-$arch.tar.xz
exe=dist/casmap-$version-windows-amd64.exe

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "package-test: ok: $*"; }
fail() { failed=$((failed + 1)); echo "package-test: FAIL: $*" >&2; }
# fatal stops at a failure the later checks depend on.
fatal() { fail "$*"; echo "$passed passed, $failed failed" >&2; exit 1; }
check() { # check DESCRIPTION COMMAND...: pass when the command succeeds
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

for tool in desktop-file-validate identify file xz x86_64-w64-mingw32-objdump strings; do
  command -v "$tool" >/dev/null || fatal "$tool is missing: run make setup-package."
done

tmp=$(mktemp -d)
xvfb=
cleanup() {
  [[ -n $xvfb ]] && kill "$xvfb" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# listing DIR: every file and folder under DIR with its type, sorted.
listing() { (cd "$1" && find . -printf '%y %p\n' | LC_ALL=C sort); }

# ---- Build -------------------------------------------------------------
start=$(date +%s)
$MAKE --no-print-directory package || fatal "make package failed."
echo "package-test: make package took $(($(date +%s) - start)) s"
[[ -f $tarball ]] || fatal "make package did not write $tarball."
[[ -f $exe ]] || fatal "make package did not write $exe."
pass "make package wrote $tarball and $exe"

# ---- Linux archive -----------------------------------------------------
top="casmap-$version-linux-$arch"
tops=$(tar -tJf "$tarball" | cut -d/ -f1 | sort -u)
check "the archive holds one folder, $top/" test "$tops" = "$top"
tar -xJf "$tarball" -C "$tmp" || fatal "$tarball does not unpack."
pkg=$tmp/$top
for f in Makefile install.sh bin/casmap share/applications/$id.desktop share/mime/packages/$id.xml; do
  [[ -f $pkg/$f ]] || fatal "the archive lacks $f."
done
pass "the archive holds Makefile, install.sh, bin/casmap, the menu entry and the MIME type of .geojson"
check "the menu entry offers casmap for GeoJSON and KML" grep -q '^MimeType=application/geo+json;application/vnd.google-earth.kml+xml;' "$pkg/share/applications/$id.desktop"
check "the packed binary reports version $version" \
  grep -q "^casmap $version (build $build," <<<"$("$pkg/bin/casmap" version)"
check "the packed menu entry passes desktop-file-validate" \
  desktop-file-validate "$pkg/share/applications/$id.desktop"

icons_ok=1
for s in 16 24 32 48 64 128 256 512; do
  f=$pkg/share/icons/hicolor/${s}x$s/apps/$id.png
  got=$(identify -format '%wx%h %m' "$f" 2>/dev/null || echo missing)
  if [[ $got != "${s}x$s PNG" ]]; then
    fail "icon ${s}x$s is \"$got\", not a ${s}x$s PNG"
    icons_ok=
  fi
done
[[ -n $icons_ok ]] && pass "icons 16, 24, 32, 48, 64, 128, 256 and 512 px are PNGs of their size"
check "the scalable icon is an SVG" grep -q '<svg' "$pkg/share/icons/hicolor/scalable/apps/$id.svg"

# check_installed PREFIX ROOT: the checks of an install of PREFIX written at ROOT.
check_installed() {
  local prefix=$1 root=$2 desk bin exec_path tryexec icon
  desk=$root/share/applications/$id.desktop
  bin=$root/bin/casmap
  [[ -x $bin ]] || { fail "no executable $bin after install"; return; }
  check "installed $bin reports version $version" \
    grep -q "^casmap $version (build $build," <<<"$("$bin" version)"
  check "the installed menu entry passes desktop-file-validate" desktop-file-validate "$desk"
  exec_path=$(sed -n 's/^Exec=//p' "$desk" | sed 's/ %[fFuU]$//; s/^"\(.*\)"$/\1/')
  tryexec=$(sed -n 's/^TryExec=//p' "$desk")
  check "the menu entry's Exec= and TryExec= name $prefix/bin/casmap" \
    test "$exec_path" = "$prefix/bin/casmap" -a "$tryexec" = "$prefix/bin/casmap"
  icon=$(sed -n 's/^Icon=//p' "$desk")
  check "the menu entry's icon $icon is in the hicolor theme under $prefix" \
    test -f "$root/share/icons/hicolor/48x48/apps/$icon.png" -a -f "$root/share/icons/hicolor/scalable/apps/$icon.svg"
  check "the install manifest lists every file of the release folder, and each is there" \
    bash -c 'test "$(sed -n "s/^file //p" "$1/share/casmap/install-manifest" | LC_ALL=C sort)" = \
      "$( (cd "$2" && find bin share -type f; echo share/casmap/install-manifest) | LC_ALL=C sort)" &&
      sed -n "s/^file //p" "$1/share/casmap/install-manifest" | (cd "$1" && xargs ls >/dev/null)' _ "$root" "$pkg"
}

# ---- Install into a scratch PREFIX that does not exist yet ---------------
# Install creates PREFIX and uninstall removes it again; folders above PREFIX
# are not its business.
dest=$tmp/dest
mkdir -p "$dest"
before=$(listing "$dest")
prefix=$dest/casmap
$MAKE --no-print-directory -C "$pkg" install PREFIX="$prefix" >"$tmp/install.log" 2>&1 ||
  fatal "make install PREFIX=$prefix failed: $(tail -1 "$tmp/install.log")"
pass "make install PREFIX=... in the unpacked folder"
check_installed "$prefix" "$prefix"
$MAKE --no-print-directory -C "$pkg" uninstall PREFIX="$prefix" >>"$tmp/install.log" 2>&1 ||
  fatal "make uninstall PREFIX=$prefix failed."
check "make uninstall PREFIX=... leaves exactly what was there before" test "$(listing "$dest")" = "$before"

# ---- Install for the user: ~/.local of a scratch HOME --------------------
# The HOME already has a ~/.local/share/applications with another program's
# entry, which must survive; installing twice must not duplicate anything.
home=$tmp/home
mkdir -p "$home/.local/share/applications" "$home/.local/bin"
echo "[Desktop Entry]" >"$home/.local/share/applications/other.desktop"
before=$(listing "$home")
(HOME=$home $MAKE --no-print-directory -C "$pkg" install && HOME=$home $MAKE --no-print-directory -C "$pkg" install) \
  >>"$tmp/install.log" 2>&1 || fatal "make install (twice) with HOME=$home failed."
pass "make install without PREFIX (twice) installs under ~/.local"
check_installed "$home/.local" "$home/.local"
(HOME=$home $MAKE --no-print-directory -C "$pkg" uninstall) >>"$tmp/install.log" 2>&1 ||
  fatal "make uninstall with HOME=$home failed."
check "make uninstall leaves ~/.local as it was, the other program's entry too" test "$(listing "$home")" = "$before"

# ---- Start the installed program to its first frame ----------------------
if command -v Xvfb >/dev/null && command -v xdpyinfo >/dev/null; then
  (HOME=$home $MAKE --no-print-directory -C "$pkg" install) >>"$tmp/install.log" 2>&1 ||
    fatal "make install with HOME=$home failed."
  disp=
  for n in $(seq 141 190); do
    if [[ ! -e /tmp/.X$n-lock && ! -e /tmp/.X11-unix/X$n ]]; then disp=:$n; break; fi
  done
  [[ -n $disp ]] || fatal "no free X display for the start-up check."
  Xvfb "$disp" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do DISPLAY=$disp xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
  log=$tmp/app.log
  t0=$(date +%s%N)
  HOME=$home DISPLAY=$disp CASMAP_TRACE=1 "$home/.local/bin/casmap" >"$log" 2>&1 &
  app=$!
  for _ in $(seq 200); do
    grep -q '^trace: first-frame' "$log" && break
    kill -0 "$app" 2>/dev/null || break
    sleep 0.05
  done
  t1=$(date +%s%N)
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  frame=$(sed -n 's/^trace: first-frame \([0-9]*\) ms.*/\1/p' "$log" | head -1)
  if [[ -n $frame ]]; then
    pass "the installed program draws its first frame (trace: $frame ms; $(((t1 - t0) / 1000000)) ms from launch)"
  else
    fail "the installed program showed no first frame within 10 s: $(tail -1 "$log")"
  fi
  (HOME=$home $MAKE --no-print-directory -C "$pkg" uninstall) >>"$tmp/install.log" 2>&1 || true
else
  echo "package-test: Xvfb is missing, so the start-up check is skipped: run make setup-package."
fi

# ---- make install / uninstall from the source tree -----------------------
src=$tmp/src
mkdir -p "$src"
before=$(listing "$src")
$MAKE --no-print-directory install PREFIX="$src/usr" >>"$tmp/install.log" 2>&1 ||
  fatal "make install PREFIX=... from the source tree failed: $(tail -1 "$tmp/install.log")"
pass "make install PREFIX=... from the source tree"
check_installed "$src/usr" "$src/usr"
$MAKE --no-print-directory uninstall PREFIX="$src/usr" >>"$tmp/install.log" 2>&1 ||
  fatal "make uninstall PREFIX=... from the source tree failed."
check "make uninstall from the source tree leaves exactly what was there before" test "$(listing "$src")" = "$before"

# ---- Windows program ----------------------------------------------------
kind=$(file -b "$exe")
check "$exe is a PE32+ GUI x86-64 executable ($kind)" grep -q '^PE32+ executable (GUI) x86-64' <<<"$kind"
headers=$(x86_64-w64-mingw32-objdump -p "$exe")
check "the Windows program has the GUI subsystem (2)" grep -qE '^Subsystem[[:space:]]+00000002' <<<"$headers"
# Resource types at the top of the .rsrc tree: 3 RT_ICON, 14 RT_GROUP_ICON, 16 RT_VERSION.
types=$(grep -E '^[0-9a-f]+   Entry: ID: 0x[0-9a-f]+' <<<"$headers" | sed -E 's/.*ID: (0x[0-9a-f]+).*/\1/' |
  while read -r t; do printf '%d\n' "$t"; done | sort -nu | tr '\n' ' ')
check "the Windows program has an icon (RT_ICON, RT_GROUP_ICON) and version info (RT_VERSION) [types: $types]" \
  bash -c '[[ " $1 " == *" 3 "* && " $1 " == *" 14 "* && " $1 " == *" 16 "* ]]' _ "$types"
check "the Windows version resource says $version.$build" grep -qx "$version.$build" <<<"$(strings -el "$exe")"
# The icon at 16, 24, 32, 48, 64 and 256 px: six images under RT_ICON.
icons=$(awk '!t && /Entry: ID: 0x000003,/ {t=1; next} t && /Name Table/ {sub(/.*IDs: /, ""); print; exit}' <<<"$headers")
check "the Windows icon holds six sizes, 16 to 256 px [$icons images]" test "${icons:-0}" = 6
res=$(strings -el "$exe")
check "the Windows version resource names the company and the copyright" \
  bash -c 'grep -qx casmap <<<"$1" && grep -q "^Copyright (C) [0-9]* the casmap authors" <<<"$1"' _ "$res"
# -trimpath keeps -ldflags out of the Go build information: check the go build
# command the packaging ran, and that its -ldflags took effect (-s: no symbols).
check "the Windows program was built once, with -X main.version=$version -X main.build=$build and -H=windowsgui" \
  test "$(grep -c -- "go build .*-X main.version=$version -X main.build=$build -H=windowsgui" bin/pkg/windows-build.log)" = 1
check "the Windows program is stripped (-s) and built with the migrated_fynedo tag" \
  bash -c 'x86_64-w64-mingw32-objdump -t "$1" | grep -qx "no symbols" && $2 version -m "$1" | grep -q -- "-tags=.*migrated_fynedo"' _ "$exe" "$GO"

# ---- Sizes --------------------------------------------------------------
echo "package-test: sizes: bin/casmap $(du -h bin/casmap | cut -f1), $tarball $(du -h "$tarball" | cut -f1), $exe $(du -h "$exe" | cut -f1)"

echo "$passed passed, $failed failed"
if ((failed > 0)); then
  echo "package-test: $failed check(s) failed; see the FAIL lines above." >&2
  exit 1
fi
