#!/usr/bin/env bash
# package.sh: build casmap's release files into dist/. The Makefile runs it
# with VERSION, BUILD, TAGS, GO, FYNE and ARCH set:
#
#   package.sh stage     bin/pkg/casmap-VERSION-linux-ARCH/, the Linux release folder
#   package.sh linux     dist/casmap-VERSION-linux-ARCH.tar.xz, that folder packed
#   package.sh windows   dist/casmap-VERSION-windows-amd64.exe, cross-built with MinGW-w64
#   package.sh macos     dist/casmap-VERSION-macos-ARCH.zip holding casmap.app (on a Mac only)
#
# The Linux release folder is assembled here from bin/casmap (built by
# "make build" with the build tag and the version flags) rather than by
# "fyne package -os linux": fyne's archive carries a single icon in
# share/pixmaps, a menu entry whose Exec= is a bare name and a Makefile that
# cannot uninstall what an earlier version installed. Ours has every icon size
# under share/icons/hicolor and an installer that keeps a manifest.
#
# Windows and macOS go through "fyne package", which embeds the icon and the
# version resource (Windows) or writes the bundle (macOS). It builds from a
# copy of the source tree in $TMPDIR, because it writes files into the
# package it builds (a resource object and a metadata file) that would
# disturb other builds of the working tree. fyne package has no -ldflags
# option; it takes -ldflags= entries from GOFLAGS for its go build and adds
# -H=windowsgui for Windows.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${VERSION:?run through make}" "${BUILD:?run through make}" "${TAGS:?run through make}"
GO=${GO:-go}
ARCH=${ARCH:-$($GO env GOARCH)}
root=$PWD
id=org.casmap.casmap

die() { echo "package: $*" >&2; exit 1; }

# The release files' times: the last commit's, so that the archive depends
# on the sources only.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}

# stage assembles the Linux release folder from bin/casmap and assets/.
stage() {
  local name=casmap-$VERSION-linux-$ARCH
  local dir=bin/pkg/$name
  [[ -x bin/casmap ]] || die "bin/casmap is missing: run make build."
  local got
  got=$(bin/casmap version) || die "bin/casmap does not run here."
  [[ $got == "casmap $VERSION (build $BUILD,"* ]] ||
    die "bin/casmap reports \"$got\", not version $VERSION build $BUILD from FyneApp.toml: run make build."
  rm -rf "$dir"
  mkdir -p "$dir"
  install -Dm755 bin/casmap "$dir/bin/casmap"
  install -Dm644 assets/linux/$id.desktop "$dir/share/applications/$id.desktop"
  install -Dm644 assets/linux/$id.xml "$dir/share/mime/packages/$id.xml"
  local f
  for f in assets/icons/hicolor/*/apps/$id.png; do
    install -Dm644 "$f" "$dir/share/${f#assets/}"
  done
  install -Dm644 assets/icon.png "$dir/share/icons/hicolor/512x512/apps/$id.png"
  install -Dm644 assets/icon.svg "$dir/share/icons/hicolor/scalable/apps/$id.svg"
  install -m644 assets/linux/Makefile "$dir/Makefile"
  install -m644 assets/linux/install.sh "$dir/install.sh"
  install -m644 CHANGELOG.md "$dir/CHANGELOG.md"
  sed -e '/^!\[/d' README.md >"$dir/README.md" # without the screenshot, which is not shipped
  echo "$dir"
}

linux() {
  local dir name out
  dir=$(stage)
  name=$(basename "$dir")
  out=dist/$name.tar.xz
  mkdir -p dist
  rm -f "$out"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    -C "$(dirname "$dir")" -cJf "$out.tmp" "$name"
  mv "$out.tmp" "$out"
  echo "package: wrote $out ($(du -h "$out" | cut -f1))"
}

# copy_tree copies the working tree (with its uncommitted changes, as
# "make build" sees it) into the empty folder $1, without build output or
# version control. The folder is outside the tree, so that go and gofmt
# never see the copy.
copy_tree() {
  tar -cf - --exclude=./bin --exclude=./dist --exclude=./.git --exclude='*.test' --exclude='*.syso' \
    --exclude=./fyne_metadata_init.go . | tar -xf - -C "$1"
}

# patched copies bin/patched/ (Fyne with casmap's patches and the go.mod
# that names it, made by .ci/patch-fyne.sh) into the copy of the tree $1.
patched() {
  [[ -f bin/patched/go.mod ]] || die "bin/patched/ is missing: run through make."
  mkdir -p "$1/bin"
  cp -R bin/patched "$1/bin/patched"
}

# fyne_goflags carries the flags of "make build" to fyne package's go build.
fyne_goflags() {
  echo "-modfile=$src/bin/patched/go.mod -trimpath -ldflags=-s -ldflags=-w -ldflags=-X=main.version=$VERSION -ldflags=-X=main.build=$BUILD"
}

windows() {
  command -v x86_64-w64-mingw32-gcc >/dev/null ||
    die "x86_64-w64-mingw32-gcc is missing: run make setup-package (Debian package gcc-mingw-w64-x86-64)."
  command -v x86_64-w64-mingw32-windres >/dev/null ||
    die "x86_64-w64-mingw32-windres is missing: run make setup-package (Debian package binutils-mingw-w64-x86-64)."
  command -v convert >/dev/null || die "convert is missing: run make setup-package (Debian package imagemagick)."
  local out=dist/casmap-$VERSION-windows-amd64.exe
  src=$(mktemp -d "${TMPDIR:-/tmp}/casmap-windows.XXXXXX")
  trap 'rm -rf "$src"' EXIT
  copy_tree "$src"
  patched "$src"
  # The program's resources, compiled here rather than by fyne package, which
  # writes a single 512 px icon and no company or copyright: the icon at
  # 16, 24, 32, 48, 64 and 256 px (from assets/icons, see make icons), the
  # version information and the manifest.
  local icons=()
  for s in 16 24 32 48 64 256; do icons+=("assets/icons/hicolor/${s}x$s/apps/org.casmap.casmap.png"); done
  convert "${icons[@]}" "$src/casmap.ico" || die "could not write the Windows icon from ${icons[*]}."
  local v=${VERSION//./,},$BUILD year
  year=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y)
  cat >"$src/casmap.exe.manifest" <<MANIFEST
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0" xmlns:asmv3="urn:schemas-microsoft-com:asm.v3">
<assemblyIdentity version="$VERSION.$BUILD" processorArchitecture="*" name="casmap" type="win32"/>
<asmv3:application><asmv3:windowsSettings>
<dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true/pm</dpiAware>
<dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">PerMonitorV2</dpiAwareness>
</asmv3:windowsSettings></asmv3:application>
</assembly>
MANIFEST
  cat >"$src/casmap.rc" <<RC
1 ICON "casmap.ico"
1 24 "casmap.exe.manifest"
1 VERSIONINFO
FILEVERSION $v
PRODUCTVERSION $v
FILEFLAGSMASK 0x3f
FILEFLAGS 0x0
FILEOS 0x40004
FILETYPE 0x1
FILESUBTYPE 0x0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904b0"
    BEGIN
      VALUE "CompanyName", "casmap"
      VALUE "FileDescription", "casmap: an evidence map of Central Asia"
      VALUE "FileVersion", "$VERSION.$BUILD"
      VALUE "InternalName", "casmap"
      VALUE "LegalCopyright", "Copyright (C) $year the casmap authors. Borders: Natural Earth (public domain)."
      VALUE "OriginalFilename", "casmap.exe"
      VALUE "ProductName", "casmap"
      VALUE "ProductVersion", "$VERSION.$BUILD"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
RC
  local log=$root/bin/pkg/windows-build.log
  mkdir -p "$(dirname "$log")"
  (
    cd "$src"
    x86_64-w64-mingw32-windres -O coff -o rsrc_windows_amd64.syso casmap.rc
    set -x
    GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc \
      "$GO" build -modfile="$src/bin/patched/go.mod" -trimpath -tags "$TAGS" \
      -ldflags "-s -w -X main.version=$VERSION -X main.build=$BUILD -H=windowsgui" -o casmap.exe .
  ) >"$log" 2>&1 || { tail -20 "$log" >&2; die "the Windows build failed; its log is $log."; }
  $GO version -m "$src/casmap.exe" | grep -q -- "-tags=.*$TAGS" || die "the Windows build lacks the $TAGS tag."
  mkdir -p dist
  cp "$src/casmap.exe" "$out"
  touch -d "@$SOURCE_DATE_EPOCH" "$out"
  echo "package: wrote $out ($(du -h "$out" | cut -f1))"
}

macos() {
  if [[ $(uname -s) != Darwin ]]; then
    echo "package-macos: a macOS app can only be built on a Mac with Go and the Xcode command-line tools: run \"make package-macos\" there (see Install in README.md)." >&2
    exit 1
  fi
  : "${FYNE:?run through make}"
  command -v clang >/dev/null || die "the Xcode command-line tools are missing: run xcode-select --install."
  local out=dist/casmap-$VERSION-macos-$ARCH.zip
  src=$(mktemp -d "${TMPDIR:-/tmp}/casmap-macos.XXXXXX")
  trap 'rm -rf "$src"' EXIT
  copy_tree "$src"
  patched "$src"
  (
    cd "$src"
    GOFLAGS=$(fyne_goflags) "$FYNE" package -os darwin --tags "$TAGS" \
      --app-version "$VERSION" --app-build "$BUILD"
  ) || die "fyne package -os darwin failed."
  mkdir -p dist
  rm -f "$out"
  ditto -c -k --sequesterRsrc --keepParent "$src/casmap.app" "$out"
  echo "package: wrote $out ($(du -h "$out" | cut -f1))"
}

case ${1:-} in
  stage) stage >/dev/null ;;
  linux) linux ;;
  windows) windows ;;
  macos) macos ;;
  *) die "usage: package.sh stage|linux|windows|macos" ;;
esac
