#!/bin/sh
# install.sh: install casmap from this folder, or remove an installed casmap.
# The Makefile next to it calls it:
#
#   sh install.sh install      copy bin/ and share/ under $DESTDIR$PREFIX
#   sh install.sh uninstall    remove what the install manifest lists
#
# PREFIX defaults to $HOME/.local; DESTDIR defaults to nothing. Install
# records every file it wrote and every folder it created, relative to
# PREFIX, in PREFIX/share/casmap/install-manifest. Uninstall removes those
# files, then those folders when they are empty, and nothing else. Installing
# over an earlier install removes the earlier one first.
set -eu

app=casmap
manifest=share/casmap/install-manifest

die() { echo "$app: $*" >&2; exit 1; }

prefix=${PREFIX:-}
if [ -z "$prefix" ]; then
  [ -n "${HOME:-}" ] || die "HOME is not set, so there is no ~/.local: give PREFIX=/some/path."
  prefix=$HOME/.local
fi
case $prefix in
  /*) ;;
  *) die "PREFIX must be an absolute path, not \"$prefix\"." ;;
esac
prefix=${prefix%/}
root=${DESTDIR:-}$prefix
here=$(cd "$(dirname "$0")" && pwd)

# refresh_mime_db updates the shared MIME database under root when one is
# already there, so that file managers offer casmap for .geojson files; it
# never creates one.
refresh_mime_db() {
  if [ -f "$root/share/mime/mime.cache" ] && command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$root/share/mime" 2>/dev/null || true
  fi
}

# refresh_icon_cache updates the hicolor icon cache under root when one is
# already there, so that menus see the change; it never creates a cache.
refresh_icon_cache() {
  if [ -f "$root/share/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f "$root/share/icons/hicolor" 2>/dev/null || true
  fi
  [ -d "$root/share/icons/hicolor" ] && touch "$root/share/icons/hicolor" 2>/dev/null || true
}

# safe_rel fails for a manifest path that could leave root.
safe_rel() {
  case $1 in
    "" | /* | .. | ../* | */.. | */../*) return 1 ;;
  esac
}

uninstall() {
  quiet=${1:-}
  if [ ! -f "$root/$manifest" ]; then
    [ -n "$quiet" ] || echo "$app: nothing to remove: $root has no $manifest."
    return 0
  fi
  entries=$(cat "$root/$manifest")
  # Files first, then folders, deepest first, each only when empty.
  echo "$entries" | while read -r kind rel; do
    [ "$kind" = file ] || continue
    safe_rel "$rel" || { echo "$app: skipping unsafe manifest entry \"$rel\"." >&2; continue; }
    rm -f "$root/$rel"
  done
  echo "$entries" | sed -n 's/^dir //p' | LC_ALL=C sort -r | while read -r rel; do
    if [ "$rel" = . ]; then
      rmdir "$root" 2>/dev/null || true
      continue
    fi
    safe_rel "$rel" || continue
    rmdir "$root/$rel" 2>/dev/null || true
  done
  nfiles=$(echo "$entries" | grep '^file ' | grep -vc " $manifest\$" || true)
  refresh_icon_cache
  refresh_mime_db
  [ -n "$quiet" ] || echo "$app: removed $nfiles files from $root."
}

install() {
  [ -x "$here/bin/$app" ] && [ -d "$here/share" ] ||
    die "run \"make install\" in the unpacked release folder (the one holding bin/$app and share/)."

  # The menu entry starts PREFIX/bin/casmap. Paths with characters that a
  # desktop entry would need escaped are refused rather than half-escaped.
  exe=$prefix/bin/$app
  case $exe in
    *[\"\`\$\\%\|\&]*) die "PREFIX must not contain any of \" \` \$ \\ % | &." ;;
    *[!A-Za-z0-9/._+@~-]*) exec_arg="\"$exe\"" ;;
    *) exec_arg=$exe ;;
  esac

  uninstall quiet

  files=$(cd "$here" && find bin share -type f | LC_ALL=C sort)
  # The folders this install creates: every missing parent of a file.
  dirs=$(
    [ -d "$root" ] || echo .
    for f in $files $manifest; do
      d=$(dirname "$f")
      while [ "$d" != . ] && [ ! -d "$root/$d" ]; do
        echo "$d"
        d=$(dirname "$d")
      done
    done | LC_ALL=C sort -u
  )

  mkdir -p "$root" "$root/$(dirname "$manifest")"
  list=$(mktemp)
  trap 'rm -f "$list"' EXIT
  {
    echo "# casmap install manifest: what \"make install\" created under $prefix, for \"make uninstall\"."
    for d in $dirs; do echo "dir $d"; done
    for f in $files; do echo "file $f"; done
    echo "file $manifest"
  } >"$list"

  for f in $files; do
    mkdir -p "$root/$(dirname "$f")"
    case $f in
      bin/*) mode=755 ;;
      *) mode=644 ;;
    esac
    case $f in
      share/applications/*.desktop)
        sed -e "s|^Exec=$app |Exec=$exec_arg |" -e "s|^Exec=$app\$|Exec=$exec_arg|" \
          -e "s|^TryExec=$app\$|TryExec=$exe|" "$here/$f" >"$root/$f"
        ;;
      *) cp "$here/$f" "$root/$f" ;;
    esac
    chmod "$mode" "$root/$f"
  done
  cp "$list" "$root/$manifest"
  chmod 644 "$root/$manifest"
  refresh_icon_cache
  refresh_mime_db

  echo "$app: installed $(echo "$files" | wc -l | tr -d ' ') files under $root, listed in $manifest."
  echo "$app: start it from the applications menu (Education), or run $exe."
  case ":${PATH:-}:" in
    *":$prefix/bin:"*) ;;
    *) echo "$app: $prefix/bin is not on your PATH; add it to run \"$app\" by name." ;;
  esac
}

case ${1:-} in
  install) install ;;
  uninstall) uninstall ;;
  *) die "usage: sh install.sh install|uninstall (PREFIX=... DESTDIR=...)" ;;
esac
