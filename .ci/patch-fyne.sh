#!/usr/bin/env sh
# patch-fyne.sh: make bin/patched/, the Fyne module go.mod names with
# casmap's patches applied (third_party/fyne/VERSION/*.patch), and
# bin/patched/go.mod, a copy of go.mod that builds against it. The Makefile
# passes -modfile=bin/patched/go.mod to every go command it runs.
#
# A plain "go build" uses Fyne as released and works the same; the patches
# only make the window lighter (see third_party/fyne/README.md).
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
out=bin/patched

die() { echo "patch-fyne: $*" >&2; exit 1; }

ver=$($GO list -m -f '{{.Version}}' fyne.io/fyne/v2) || die "cannot read Fyne's version from go.mod."
patches=third_party/fyne/$ver
[ -d "$patches" ] || die "go.mod names Fyne $ver, but third_party/fyne/ has no patches for it: port them from the last version there, or drop them (see third_party/fyne/README.md)."
command -v patch >/dev/null || die "the patch program is missing: run make setup (Debian package patch)."
src=$($GO mod download -json fyne.io/fyne/v2@"$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
[ -d "$src" ] || die "cannot download Fyne $ver into the module cache."

rm -rf "$out.tmp"
mkdir -p "$out.tmp"
cp -R "$src" "$out.tmp/fyne"
chmod -R u+w "$out.tmp/fyne"
for p in "$patches"/*.patch; do
  patch -s -p1 -N -d "$out.tmp/fyne" <"$p" || die "$p does not apply to Fyne $ver."
done
{ cat go.mod; echo; echo "replace fyne.io/fyne/v2 => ./$out/fyne"; } >"$out.tmp/go.mod"
cp go.sum "$out.tmp/go.sum"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "patch-fyne: $out/ holds Fyne $ver with $(ls "$patches"/*.patch | wc -l) patch(es)"
