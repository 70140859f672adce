#!/usr/bin/env bash
# window-test.sh: start the real casmap binary in a virtual X display, check
# that its first frame shows the map, click a marker at the position the app
# reports for it, and check that the evidence panel shows its quote.
#
#   .ci/window-test.sh bin/casmap
#
# Screenshots are left in ${OUT:-bin/window-test}/ for a person to look at.
set -euo pipefail

bin=${1:?usage: window-test.sh BINARY}
out=${OUT:-bin/window-test}
mkdir -p "$out"
rm -f "$out"/*

for tool in Xvfb xdotool import convert; do
  command -v "$tool" >/dev/null || { echo "window-test: $tool is missing: run make setup" >&2; exit 1; }
done

disp=
for n in $(seq 91 140); do
  if [[ ! -e /tmp/.X$n-lock && ! -e /tmp/.X11-unix/X$n ]]; then disp=:$n; break; fi
done
[[ -n $disp ]] || { echo "window-test: no free X display" >&2; exit 1; }

Xvfb "$disp" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=
cleanup() {
  [[ -n $app ]] && kill -9 "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY=$disp
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done 2>/dev/null || sleep 1

fail() { echo "window-test: FAIL: $*" >&2; echo "--- app log:" >&2; tail -30 "$out/app.log" >&2 || true; exit 1; }

# A fresh preferences folder so earlier runs do not change what is seen.
export HOME=$(mktemp -d)
export CASMAP_TRACE=1
"$bin" >"$out/app.log" 2>&1 &
app=$!

# Wait for the first full frame (the app reports it in the trace).
for _ in $(seq 200); do
  grep -q '^trace: first-frame' "$out/app.log" && break
  kill -0 "$app" 2>/dev/null || fail "the app exited early"
  sleep 0.1
done
grep -q '^trace: first-frame' "$out/app.log" || fail "no first frame after 20 s"
sleep 1

wid=$(xdotool search --sync --onlyvisible --name '^casmap' | head -1)
[[ -n $wid ]] || fail "no casmap window"
xdotool windowactivate "$wid" 2>/dev/null || true
import -window root "$out/1-start.png"

# The map must show sea and land: count the distinct colours in the map area.
colours=$(convert "$out/1-start.png" -crop 600x500+350+150 +repage -format %k info:)
(( colours > 50 )) || fail "the map area has only $colours colours: is the map drawn?"
echo "window-test: first frame ok ($colours colours in the map area)"

# Click the Bishkek visit marker where the app says it is drawn. While it
# sits in a cluster, clicking the cluster zooms in; then click it again.
eval "$(xdotool getwindowgeometry --shell "$wid")"
for attempt in 1 2 3 4; do
  line=$(grep '^trace: marker lavrov-visit-bishkek ' "$out/app.log" | tail -1 || true)
  [[ -n $line ]] || fail "the app did not report the Bishkek marker's position"
  read -r x y kind < <(echo "$line" | sed -E 's/.* at ([0-9]+),([0-9]+) ([a-z]+).*/\1 \2 \3/')
  views=$(grep -c '^trace: view ' "$out/app.log")
  xdotool mousemove $((X + x)) $((Y + y)) sleep 0.3 click 1
  if [[ $kind == single ]]; then break; fi
  echo "window-test: the marker is in a cluster; clicked it to zoom in"
  for _ in $(seq 50); do
    (( $(grep -c '^trace: view ' "$out/app.log") > views )) && break
    sleep 0.1
  done
  sleep 0.5
done
sleep 1.5
import -window root "$out/2-selected.png"
grep -q '^trace: selected lavrov-visit-bishkek' "$out/app.log" || fail "clicking the marker did not select it"
grep -q '^trace: panel lavrov-visit-bishkek: .*Lavrov embarked on a Central Asian tour' "$out/app.log" || fail "the evidence panel does not show the quote"
diff=$(compare -metric AE "$out/1-start.png" "$out/2-selected.png" null: 2>&1 || true)
(( ${diff%% *} > 1000 )) || fail "the window did not change after the click ($diff pixels)"
echo "window-test: click selected the Bishkek marker; $diff pixels changed"
echo "window-test: part 1 passed"

# Editing with the keyboard, on a copy of the embedded dataset: Ctrl+F,
# type a place, Enter, Delete, Ctrl+S → one marker less, and the file
# passes casmap check; Ctrl+Z, Ctrl+S → the marker is back.
kill -9 "$app" 2>/dev/null || true # nothing unsaved in this one
wait "$app" 2>/dev/null || true
work=$(mktemp -d)
cp -r data/default/. "$work/"
ds="$work/casmap.geojson"
count() { grep -c '"type": "Feature"' "$1"; }
before=$(count "$ds")
"$bin" "$ds" >"$out/edit.log" 2>&1 &
app=$!
for _ in $(seq 200); do
  grep -q '^trace: first-frame' "$out/edit.log" && break
  kill -0 "$app" 2>/dev/null || { cp "$out/edit.log" "$out/app.log"; fail "the app exited early on $ds"; }
  sleep 0.1
done
sleep 1
wid=$(xdotool search --sync --onlyvisible --name '^casmap' | head -1)
xdotool windowactivate "$wid" 2>/dev/null || true
efail() { cp "$out/edit.log" "$out/app.log"; fail "$@"; }
waitfor() { # waitfor PATTERN [SEEN]: wait up to 10 s for more than SEEN trace lines matching PATTERN
  for _ in $(seq 100); do (( $(grep -c "$1" "$out/edit.log" || true) > ${2:-0} )) && return 0; sleep 0.1; done
  return 1
}
xdotool key --window "$wid" ctrl+f
sleep 0.3
xdotool type --delay 60 "Kant"
sleep 0.5
xdotool key --window "$wid" Return
waitfor '^trace: panel ' || efail "Enter in the search selected nothing"
id=$(grep '^trace: panel ' "$out/edit.log" | tail -1 | sed -E 's/^trace: panel ([a-z0-9-]+):.*/\1/')
sleep 0.5
import -window root "$out/3-search.png"
xdotool key --window "$wid" Delete
waitfor '^trace: edit delete' || efail "Delete did not delete the selected marker"
xdotool key --window "$wid" ctrl+s
waitfor '^trace: saved ' || efail "Ctrl+S did not save"
sleep 0.3
import -window root "$out/4-deleted-saved.png"
after=$(count "$ds")
(( after == before - 1 )) || efail "the file has $after features after Delete and Ctrl+S, want $((before - 1))"
"$bin" check "$ds" >/dev/null || efail "casmap check fails on the saved file"
[[ -f "$ds~" ]] || efail "no backup $ds~ after saving"
grep -q "\"id\": \"$id\"" "$ds" && efail "the deleted marker $id is still in the file"
echo "window-test: Ctrl+F, Kant, Enter, Delete ($id), Ctrl+S: $before → $after features; casmap check passes"
xdotool key --window "$wid" ctrl+z
waitfor '^trace: undo delete' || efail "Ctrl+Z did not undo the delete"
n=$(grep -c '^trace: saved ' "$out/edit.log")
xdotool key --window "$wid" ctrl+s
for _ in $(seq 100); do (( $(grep -c '^trace: saved ' "$out/edit.log") > n )) && break; sleep 0.1; done
sleep 0.3
import -window root "$out/5-undone-saved.png"
again=$(count "$ds")
(( again == before )) || efail "the file has $again features after Ctrl+Z and Ctrl+S, want $before"
"$bin" check "$ds" >/dev/null || efail "casmap check fails after the undo"
grep -q "\"id\": \"$id\"" "$ds" || efail "the deleted marker $id is not back"
echo "window-test: Ctrl+Z, Ctrl+S: the marker is back ($again features)"

# Nothing is lost: delete the marker again, wait for the recovery journal,
# kill -9 the app, start it again on the file: it offers to restore the
# unsaved change; Space takes Restore, Ctrl+S saves it.
xdotool key --window "$wid" ctrl+f
sleep 0.3
xdotool key --window "$wid" ctrl+a
xdotool type --delay 60 "Kant"
xdotool key --window "$wid" Return
sleep 0.5
n=$(grep -c '^trace: edit delete' "$out/edit.log")
j=$(grep -c '^trace: journal written' "$out/edit.log" || true)
xdotool key --window "$wid" Delete
waitfor '^trace: edit delete' "$n" || efail "Delete did not delete the marker a second time"
waitfor '^trace: journal written' "$j" || efail "no recovery journal within 10 s of an unsaved change"
kill -9 "$app"
wait "$app" 2>/dev/null || true
(( $(count "$ds") == before )) || efail "the file changed without a save"
"$bin" "$ds" >"$out/restore.log" 2>&1 &
app=$!
for _ in $(seq 200); do grep -q '^trace: asked Restore unsaved changes' "$out/restore.log" && break; sleep 0.1; done
grep -q '^trace: asked Restore unsaved changes' "$out/restore.log" || { cp "$out/restore.log" "$out/app.log"; fail "the restart did not offer to restore the unsaved change"; }
sleep 1
import -window root "$out/6-restore-offered.png"
wid=$(xdotool search --sync --onlyvisible --name '^casmap' | head -1)
xdotool key --window "$wid" space
for _ in $(seq 100); do grep -q '^trace: restored ' "$out/restore.log" && break; sleep 0.1; done
grep -q '^trace: restored ' "$out/restore.log" || { cp "$out/restore.log" "$out/app.log"; fail "Space did not restore"; }
xdotool key --window "$wid" ctrl+s
for _ in $(seq 100); do grep -q '^trace: saved ' "$out/restore.log" && break; sleep 0.1; done
sleep 0.3
import -window root "$out/7-restored-saved.png"
(( $(count "$ds") == before - 1 )) || { cp "$out/restore.log" "$out/app.log"; fail "the restored change was not saved"; }
"$bin" check "$ds" >/dev/null || fail "casmap check fails after the restore"
echo "window-test: kill -9 with an unsaved delete, restart, Restore, Ctrl+S: $(count "$ds") features"

# The legend on the map is drawn by the real window (a layer hidden at the
# first paint is easy to leave unpainted): L shows it, L hides it.
sleep 0.5
import -window root "$out/8-before-legend.png"
n=$(grep -c '^trace: legend on map' "$out/restore.log" || true)
xdotool key --window "$wid" l
for _ in $(seq 50); do (( $(grep -c '^trace: legend on map' "$out/restore.log" || true) > n )) && break; sleep 0.1; done
sleep 1
import -window root "$out/9-legend.png"
grep -q '^trace: legend on map: [1-9][0-9]* rows' "$out/restore.log" || { cp "$out/restore.log" "$out/app.log"; fail "L did not show the legend's rows"; }
diff=$(compare -metric AE "$out/8-before-legend.png" "$out/9-legend.png" null: 2>&1 || true)
(( ${diff%% *} > 5000 )) || { cp "$out/restore.log" "$out/app.log"; fail "the legend is not drawn: only $diff pixels changed after L"; }
xdotool key --window "$wid" l
sleep 1
import -window root "$out/10-legend-hidden.png"
back=$(compare -metric AE "$out/8-before-legend.png" "$out/10-legend-hidden.png" null: 2>&1 || true)
(( ${back%% *} < ${diff%% *} / 4 )) || fail "L again did not hide the legend ($back pixels differ from before)"
echo "window-test: L shows the legend on the map ($diff pixels changed) and L hides it"
rm -rf "$work"
echo "4 passed, 0 failed"
