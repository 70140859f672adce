#!/usr/bin/env bash
# memory.sh: measure the real window's resident memory. Start casmap in a
# virtual X display, read its resident set size once the first full frame is
# drawn, then pan and zoom it without pause for ${SECONDS_OF_USE:-60} s and
# read it again, with where the memory goes: the Go heap and runtime, the
# basemap tile cache, the GL driver (Mesa and LLVM under Xvfb), the C heap
# (driver buffers, textures, X11) and the program's own code.
#
#   .ci/memory.sh bin/casmap
#
# The budgets: under 150 MB at start, under 200 MB after the minute of use,
# first full frame under 0.6 s. The script reports; it does not fail on a
# budget, because a loaded machine measures slow and large.
set -euo pipefail

bin=${1:?usage: memory.sh BINARY}
use=${SECONDS_OF_USE:-60}
out=${OUT:-bin/memory}
mkdir -p "$out"
rm -f "$out"/*

for tool in Xvfb xdotool; do
  command -v "$tool" >/dev/null || { echo "memory: $tool is missing: run make setup" >&2; exit 1; }
done

disp=
for n in $(seq 141 190); do
  if [[ ! -e /tmp/.X$n-lock && ! -e /tmp/.X11-unix/X$n ]]; then disp=:$n; break; fi
done
[[ -n $disp ]] || { echo "memory: no free X display" >&2; exit 1; }
Xvfb "$disp" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=
cleanup() {
  [[ -n $app ]] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY=$disp
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done 2>/dev/null || sleep 1

export HOME=$(mktemp -d) CASMAP_TRACE=1
"$bin" >"$out/app.log" 2>&1 &
app=$!
for _ in $(seq 200); do
  grep -q '^trace: first-frame' "$out/app.log" && break
  kill -0 "$app" 2>/dev/null || { echo "memory: the app exited early" >&2; cat "$out/app.log" >&2; exit 1; }
  sleep 0.1
done
first=$(sed -n 's/^trace: first-frame \([0-9]*\) ms/\1/p' "$out/app.log" | head -1)
[[ -n $first ]] || { echo "memory: no first frame after 20 s" >&2; exit 1; }

# rss PID: resident set size in MiB.
rss() { awk '/^VmRSS:/ { printf "%d", ($2 + 512) / 1024 }' "/proc/$1/status"; }
# breakdown PID: the resident MiB of the GL driver's libraries, the C heap
# and the program's file, from /proc/PID/smaps.
breakdown() {
  awk -v exe="$(readlink -f "/proc/$1/exe")" '
    /^[0-9a-f]+-[0-9a-f]+ / { name = $6 }
    /^Rss:/ {
      if (name ~ /libLLVM|\/dri\/|libGL|libgallium|libglapi|SYSV/) gl += $2
      else if (name == "[heap]") c += $2
      else if (name == exe) code += $2
    }
    END { printf "gl=%d cheap=%d code=%d", (gl + 512) / 1024, (c + 512) / 1024, (code + 512) / 1024 }' "/proc/$1/smaps"
}
# kinds PID: the resident MiB that is the process's own (anonymous: the Go
# heap, the C heap, stacks), mapped from files (the program, the GL driver
# and other libraries: shared with other processes and dropped first when
# memory is short) and shared memory (the window's image for the X server).
kinds() {
  awk '/^Rss(Anon|File|Shmem):/ { v[$1] = ($2 + 512) / 1024 }
    END { printf "anon=%d file=%d shmem=%d", v["RssAnon:"], v["RssFile:"], v["RssShmem:"] }' "/proc/$1/status"
}
# memline: the app's last memory trace line (Go heap, Go total, tile cache).
memline() { grep '^trace: memory' "$out/app.log" | tail -1 | sed 's/^trace: memory //'; }

# The start-up heap is returned to the system two seconds after the first
# frame; measure once that is done and the first tiles are in.
sleep 3
start=$(rss "$app")
startparts="$(memline) $(breakdown "$app") $(kinds "$app")"

wid=$(xdotool search --sync --onlyvisible --name '^casmap' | head -1)
[[ -n $wid ]] || { echo "memory: no casmap window" >&2; exit 1; }
# The middle of the map area: the map takes the window's middle columns.
read -r W H < <(xdotool getwindowgeometry --shell "$wid" | awk -F= '/^WIDTH/{w=$2} /^HEIGHT/{h=$2} END{print w, h}')
mx=$((W * 45 / 100)) my=$((H / 2))
xdotool mousemove --window "$wid" "$mx" "$my"

peak=$start
end=$((SECONDS + use))
round=0
while (( SECONDS < end )); do
  round=$((round + 1))
  # Zoom in three steps where the mouse is, pan, zoom out, pan back, and
  # every few rounds wander farther so new tiles are rendered.
  for _ in 1 2 3; do xdotool click --window "$wid" 4; sleep 0.04; done
  dx=$(( (round % 7 - 3) * 40 )) dy=$(( (round % 5 - 2) * 30 ))
  xdotool mousedown --window "$wid" 1 mousemove_relative -- "$dx" "$dy" sleep 0.05 mousemove_relative -- "$dx" "$dy" mouseup --window "$wid" 1
  for _ in 1 2 3; do xdotool click --window "$wid" 5; sleep 0.04; done
  if (( round % 4 == 0 )); then
    xdotool mousedown --window "$wid" 1 mousemove_relative -- $((-dx)) $((-dy)) mouseup --window "$wid" 1
  fi
  xdotool mousemove --window "$wid" "$mx" "$my"
  now=$(rss "$app")
  (( now > peak )) && peak=$now
done
sleep 1
after=$(rss "$app")
(( after > peak )) && peak=$after
afterparts="$(memline) $(breakdown "$app") $(kinds "$app")"

verdict() { (( $1 < $2 )) && echo "within budget ($2)" || echo "OVER BUDGET ($2)"; }
echo "memory: first full frame $first ms: $(verdict "$first" 600)"
echo "memory: at start $start MB: $(verdict "$start" 150)"
echo "memory:   $startparts"
echo "memory: after ${use} s of pan and zoom ($round rounds) $after MB, peak $peak MB: $(verdict "$peak" 200)"
echo "memory:   $afterparts"
echo "memory: (MB; heap = Go heap in use, go = all Go runtime memory, tilebytes = basemap tile cache,"
echo "memory:  gl = GL driver libraries and shared buffers, cheap = C heap, code = the program's own file;"
echo "memory:  anon = the process's own memory, file = mapped from the program and libraries, shmem = shared with the X server)"
