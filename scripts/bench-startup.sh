#!/usr/bin/env bash
# Start-up and footprint benchmark of the release app (Linux, under Xvfb):
#   - launch → dashboard with data: from just before exec to the app's `command list_jobs ok`
#     log line (the dashboard's first IPC round trip has returned its data; the UI paints it
#     in the next frame). Taken from the log line's own timestamp, not from polling.
#   - idle memory of the whole process tree (the app + WebKitWebProcess + WebKitNetworkProcess
#     and anything else it spawned), summed from /proc about BENCH_IDLE_S (5) seconds after the
#     dashboard loaded: RSS (counts shared libraries once per process) and PSS (shares them out).
#   - memory during a 6-segment generation on the local provider: the CLI creates a job from
#     "Reels 30s Standard", sets a prompt and launches it without --wait on the same data
#     directory, so the app's own engine generates it; the tree (ffmpeg children included) is
#     sampled every 0.5 s until the job leaves `generating`; peak RSS/PSS and generation time,
#     and the peak without the ffmpeg children (the app and WebKit alone).
#   - relaunch → dashboard: the app started again on the same data directory (database already
#     created and migrated, the generated job in the history), as a returning user opens it.
#   - installed size: the .deb's Installed-Size, and the release binary's size.
# Each of BENCH_RUNS (default 5) runs uses a fresh data directory and fresh XDG folders (no
# WebKit cache). Prints every run, then the medians.
#
#   scripts/bench-startup.sh [runs]
#
# Environment: BENCH_RUNS, BENCH_IDLE_S (default 5), BENCH_GENERATE=0 skips the generation
# phase, BENCH_SKIP_BUILD=1 uses the binaries as they are, BENCH_APP another app binary (a copy
# of an earlier build to compare, or target/debug/reelforge-app; implies BENCH_SKIP_BUILD=1),
# BENCH_OUT (default target/bench-startup) for logs and the results table.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
runs=${1:-${BENCH_RUNS:-5}}
idle_s=${BENCH_IDLE_S:-5}
generate=${BENCH_GENERATE:-1}
out="${BENCH_OUT:-$root/target/bench-startup}"
app="${BENCH_APP:-$target_dir/release/reelforge-app}"
cli="$target_dir/debug/reelforge"

for tool in Xvfb ps awk jq; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

# Build once: the release app exactly as the bundle has it (tauri build, custom protocol) and
# its .deb for the installed size; the CLI only drives the job, a debug build is enough.
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 && -z "${BENCH_APP:-}" ]]; then
  PACKAGE_SKIP_SETUP=${PACKAGE_SKIP_SETUP:-1} scripts/package.sh --bundles deb
  cargo build -p reelforge-cli
fi
[[ -x "$app" ]] || { echo "bench: $app is missing (run scripts/package.sh)" >&2; exit 1; }
[[ -x "$cli" ]] || { echo "bench: $cli is missing (cargo build -p reelforge-cli)" >&2; exit 1; }

mkdir -p "$out"
work="$(mktemp -d -t reelforge-bench.XXXXXX)"
xvfb_pid=""
app_pid=""
stop_app() {
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=""
}
cleanup() {
  stop_app
  if [[ -n "$xvfb_pid" ]]; then kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; fi
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

# The pids of $1 and all its descendants.
tree_pids() {
  ps -e -o pid=,ppid= | awk -v r="$1" '
    { parent[$1] = $2 }
    END {
      keep[r] = 1
      do {
        changed = 0
        for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 }
      } while (changed)
      for (p in keep) print p
    }'
}

# "rss_kib pss_kib processes rss_kib_without_ffmpeg pss_kib_without_ffmpeg" of the tree under $1.
tree_memory() {
  local rss=0 pss=0 n=0 rss_app=0 pss_app=0 pid r p name
  for pid in $(tree_pids "$1"); do
    name="" r=""
    read -r name r < <(awk '/^Name:/ { n = $2 } /^VmRSS:/ { r = $2 } END { print n, r }' "/proc/$pid/status" 2>/dev/null) || true
    p=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
    [[ -n "${r:-}" ]] || continue
    rss=$((rss + r)); pss=$((pss + ${p:-0})); n=$((n + 1))
    case "$name" in
      ffmpeg | ffprobe | reelforge-ffmpe*) ;;
      *) rss_app=$((rss_app + r)); pss_app=$((pss_app + ${p:-0})) ;;
    esac
  done
  echo "$rss $pss $n $rss_app $pss_app"
}

# One line per process of the tree: name, RSS, PSS (MiB).
tree_breakdown() {
  local pid
  for pid in $(tree_pids "$1"); do
    [[ -r "/proc/$pid/status" ]] || continue
    awk -v pid="$pid" '/^Name:/ { name = $2 } /^VmRSS:/ { rss = $2 }
      END { printf "%s %s %d", pid, name, rss / 1024 }' "/proc/$pid/status" 2>/dev/null || continue
    awk '/^Pss:/ { printf " %d\n", $2 / 1024 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo
  done | sort -k3 -n -r | awk '{ printf "bench:     %-22s pid %-7s RSS %4s MiB  PSS %4s MiB\n", $2, $1, $3, $4 }'
}

# Starts the app on $data (of the current run) with its log in $1, waits for the dashboard's
# list_jobs; sets app_pid, launch_s (exec → list_jobs ok), main_s (exec → main) and open_s
# (exec → the Core's data directory open, logged as `data directory …`).
launch_app() {
  local log=$1 t0 t_seen t_ready t_main deadline
  rm -f "$log" # a previous benchmark's log would satisfy the wait below
  t0=$(date -u +%s.%N)
  DISPLAY="$display" REELFORGE_DATA_DIR="$data" \
    XDG_DATA_HOME="$dir/xdg-data" XDG_CONFIG_HOME="$dir/xdg-config" XDG_CACHE_HOME="$dir/xdg-cache" \
    RUST_LOG=info NO_COLOR=1 "$app" >"$log" 2>&1 &
  app_pid=$!
  deadline=$((SECONDS + 60))
  until grep -q "command list_jobs ok" "$log" 2>/dev/null; do
    kill -0 "$app_pid" 2>/dev/null || { cat "$log" >&2; echo "bench: the app exited" >&2; exit 1; }
    ((SECONDS < deadline)) || { cat "$log" >&2; echo "bench: no list_jobs within 60 s" >&2; exit 1; }
    sleep 0.05
  done
  t_seen=$(date -u +%s.%N)
  t_ready=$(epoch_of_log_line "$(grep -m1 "command list_jobs ok" "$log")")
  t_main=$(epoch_of_log_line "$(grep -m1 " starting" "$log")")
  t_open=$(epoch_of_log_line "$(grep -m1 " data directory " "$log")")
  # The log's own timestamps are exact; fall back to when the poll saw the line if one is off.
  awk -v a="$t0" -v b="$t_ready" -v c="$t_seen" 'BEGIN { exit !(b >= a && b <= c) }' || {
    echo "bench: log timestamp $t_ready outside [$t0, $t_seen]: using the poll time" >&2
    t_ready=$t_seen
  }
  launch_s=$(awk -v a="$t0" -v b="$t_ready" 'BEGIN { printf "%.3f", b - a }')
  main_s=$(awk -v a="$t0" -v b="$t_main" 'BEGIN { printf "%.3f", b - a }')
  open_s=$(awk -v a="$t0" -v b="$t_open" 'BEGIN { printf "%.3f", b - a }')
}

epoch_of_log_line() { # the RFC 3339 timestamp that starts a tracing line → seconds since the epoch
  date -u -d "$(awk '{ print $1 }' <<<"$1")" +%s.%N
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 50); do [[ -s "$work/display" ]] && break; sleep 0.1; done
[[ -s "$work/display" ]] || { echo "bench: Xvfb did not start" >&2; exit 1; }
display=":$(tr -d '[:space:]' <"$work/display")"

results="$out/results.tsv"
printf 'run\tlaunch_to_dashboard_s\tlaunch_to_main_s\tidle_rss_mib\tidle_pss_mib\tidle_processes\tgen_peak_rss_mib\tgen_peak_pss_mib\tgen_seconds\tgen_status\tgen_peak_app_rss_mib\tgen_peak_app_pss_mib\trelaunch_to_dashboard_s\tlaunch_to_core_open_s\trelaunch_to_core_open_s\n' >"$results"
echo "bench: $runs runs of $app on $display (load average: $(cut -d' ' -f1-3 /proc/loadavg))"

for run in $(seq "$runs"); do
  dir="$work/run$run"
  data="$dir/data"
  log="$out/app-run$run.log"
  mkdir -p "$dir/xdg-data" "$dir/xdg-config" "$dir/xdg-cache"

  launch_app "$log"
  launch=$launch_s to_main=$main_s to_open=$open_s

  sleep "$idle_s"
  read -r idle_rss idle_pss idle_n _ < <(tree_memory "$app_pid")
  echo "bench: run $run: launch → dashboard ${launch} s (exec → main ${to_main} s, → data directory open ${to_open} s); idle after ${idle_s} s: RSS $(mib "$idle_rss") MiB, PSS $(mib "$idle_pss") MiB over $idle_n processes"
  if [[ $run == 1 ]]; then tree_breakdown "$app_pid"; fi

  gen_rss="" gen_pss="" gen_s="" gen_status="skipped" gen_app_rss="" gen_app_pss=""
  if [[ "$generate" == 1 ]]; then
    job=$("$cli" --data-dir "$data" --json jobs create --template "Reels 30s Standard" --title "bench $run" | jq -r .id)
    "$cli" --data-dir "$data" jobs configure "$job" \
      --prompt "A red bicycle leaning on a lighthouse at dusk, slow push-in" >/dev/null
    g0=$SECONDS
    "$cli" --data-dir "$data" generate "$job" >/dev/null
    peak_rss=0 peak_pss=0 peak_app_rss=0 peak_app_pss=0 gen_status=""
    gen_deadline=$((SECONDS + 600))
    while :; do
      read -r r p _ ra pa < <(tree_memory "$app_pid")
      ((r > peak_rss)) && peak_rss=$r
      ((p > peak_pss)) && peak_pss=$p
      ((ra > peak_app_rss)) && peak_app_rss=$ra
      ((pa > peak_app_pss)) && peak_app_pss=$pa
      gen_status=$("$cli" --data-dir "$data" --json status "$job" 2>/dev/null | jq -r .status || echo unknown)
      case "$gen_status" in
        draft | configured | generating) ;;
        *) break ;;
      esac
      ((SECONDS < gen_deadline)) || { gen_status="timeout($gen_status)"; break; }
      kill -0 "$app_pid" 2>/dev/null || { gen_status="app exited"; break; }
      sleep 0.5
    done
    gen_s=$((SECONDS - g0))
    gen_rss=$(mib "$peak_rss") gen_pss=$(mib "$peak_pss")
    gen_app_rss=$(mib "$peak_app_rss") gen_app_pss=$(mib "$peak_app_pss")
    echo "bench: run $run: 6-segment local generation: $gen_status after ~${gen_s} s; peak RSS $gen_rss MiB, PSS $gen_pss MiB (without ffmpeg: RSS $gen_app_rss MiB, PSS $gen_app_pss MiB)"
  fi
  stop_app

  # A returning user: the same data directory, already migrated, with the job in the history.
  launch_app "$out/app-run$run-relaunch.log"
  relaunch=$launch_s reopen=$open_s
  stop_app
  echo "bench: run $run: relaunch on the same data directory → dashboard ${relaunch} s (→ data directory open ${reopen} s)"

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$launch" "$to_main" "$(mib "$idle_rss")" \
    "$(mib "$idle_pss")" "$idle_n" "$gen_rss" "$gen_pss" "$gen_s" "$gen_status" "$gen_app_rss" "$gen_app_pss" "$relaunch" \
    "$to_open" "$reopen" >>"$results"
  # A document-portal FUSE mount may linger a moment under the XDG cache after the app exits.
  rm -rf "$dir" 2>/dev/null || true
done

col() { awk -F'\t' -v c="$1" 'NR > 1 && $c != "" { print $c }' "$results" | median; }
deb="$(ls -t "$target_dir"/release/bundle/deb/*.deb 2>/dev/null | head -n 1 || true)"
echo
echo "bench: medians over $runs runs (all: $results)"
echo "bench:   launch → dashboard (fresh)   : $(col 2) s   (target < 1.5 s; exec → main $(col 3) s, → data directory open $(col 14) s)"
echo "bench:   relaunch → dashboard (1 job) : $(col 13) s   (→ data directory open $(col 15) s)"
echo "bench:   idle memory, whole tree      : RSS $(col 4) MiB, PSS $(col 5) MiB   (target < 200 MB)"
if [[ "$generate" == 1 ]]; then
  echo "bench:   6-segment local generation   : peak RSS $(col 7) MiB, PSS $(col 8) MiB, $(col 9) s; without ffmpeg: RSS $(col 11) MiB, PSS $(col 12) MiB"
fi
if [[ -n "$deb" ]]; then
  echo "bench:   installed size (.deb)        : $(dpkg-deb -f "$deb" Installed-Size) KiB installed, $(($(wc -c <"$deb") / 1024)) KiB download ($(basename "$deb"))"
fi
echo "bench:   release binary               : $(($(wc -c <"$app") / 1024)) KiB"
