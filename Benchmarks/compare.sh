#!/usr/bin/env bash
# Times mailcodes against pflogsumm, eximstats, wc -l, grep -c (and rg -c) on generated logs.
#
#   Benchmarks/compare.sh [--quick] [--big]
#
# Installs pflogsumm, hyperfine and GNU time with apt-get (as root), takes eximstats out of
# Debian's exim4-base package without installing it (exim4 conflicts with postfix), builds
# mailcodes in release mode, generates a seeded 1 GB Postfix log and a 500 MB Exim mainlog, and
# prints one table: median seconds, MB/s, peak RSS, and the ratios that issue 8 asks for.
# Data and tools live outside the repository: $DATA (default /tmp/mailcodes-bench) and
# $TOOLS (default $DATA/tools).
# A second Postfix corpus, made by another generator (gen-postfix.py --seed 7, the one quoted in
# issue 19: postscreen in front of every session, `554` also inside ids and numbers), is timed
# the same way when that generator is found: $GEN_POSTFIX, or ../shared/bench/gen-postfix.py
# next to the repository; its rows are marked (gp7).
#   --quick  100 MB / 50 MB logs and fewer runs (a smoke test of the script).
#   --big    also a 10 GB Postfix log, run once for peak memory, then deleted.
# Every timed run reads a file already in the page cache (hyperfine --prepare "cat FILE"):
# some VMs evict idle page cache within a minute.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
DATA=${DATA:-/tmp/mailcodes-bench}
TOOLS=${TOOLS:-$DATA/tools}
QUICK=0
BIG=0
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    --big) BIG=1 ;;
    *) echo "usage: $0 [--quick] [--big]" >&2; exit 2 ;;
  esac
done
if [ $QUICK = 1 ]; then PF_SIZE=100M; EX_SIZE=50M; RUNS=3; SLOW_RUNS=1; else PF_SIZE=1G; EX_SIZE=500M; RUNS=10; SLOW_RUNS=3; fi
mkdir -p "$DATA" "$TOOLS"

say() { printf '\n== %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v pflogsumm >/dev/null || need+=(pflogsumm)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
EXIMSTATS=$(find "$TOOLS/exim4-base" -name eximstats -type f 2>/dev/null | head -1 || true)
if [ -z "$EXIMSTATS" ]; then
  say "fetching eximstats from exim4-base (not installed)"
  (cd "$TOOLS" && apt-get download exim4-base >/dev/null && dpkg -x exim4-base_*.deb exim4-base)
  EXIMSTATS=$(find "$TOOLS/exim4-base" -name eximstats -type f | head -1)
fi

# --- build and data ------------------------------------------------------------------------
say "building mailcodes (release)"
(cd "$REPO" && swift build -c release >&2)
BIN=$(cd "$REPO" && swift build -c release --show-bin-path)
MC=$BIN/mailcodes
BENCH=$BIN/mailcodes-bench

PF=$DATA/postfix-$PF_SIZE.log
EX=$DATA/exim-$EX_SIZE.log
PF100=$DATA/postfix-100M.log
[ -f "$PF" ] || { say "generating $PF"; "$BENCH" generate postfix "$PF_SIZE" "$PF" 1 >&2; }
[ -f "$EX" ] || { say "generating $EX"; "$BENCH" generate exim "$EX_SIZE" "$EX" 1 >&2; }
[ -f "$PF100" ] || "$BENCH" generate postfix 100M "$PF100" 1 >&2
GEN_POSTFIX=${GEN_POSTFIX:-$REPO/../shared/bench/gen-postfix.py}
GP7=$DATA/gp7-$PF_SIZE.log
if [ -f "$GEN_POSTFIX" ]; then
  [ -f "$GP7" ] || { say "generating $GP7 (gen-postfix.py --seed 7)"; python3 "$GEN_POSTFIX" --size "$PF_SIZE" --seed 7 -o "$GP7" >&2; }
else
  echo "gen-postfix.py not found (set GEN_POSTFIX): the second corpus is skipped" >&2
  GP7=
fi
# Two hosts' logs for the multi-core run: different seeds, half the size each.
HALF=$([ $QUICK = 1 ] && echo 50M || echo 500M)
HOST_A=$DATA/host-a-$HALF.log
HOST_B=$DATA/host-b-$HALF.log
[ -f "$HOST_A" ] || "$BENCH" generate postfix "$HALF" "$HOST_A" 2 >&2
[ -f "$HOST_B" ] || "$BENCH" generate postfix "$HALF" "$HOST_B" 3 >&2

# --- measuring ---------------------------------------------------------------------------
ROWS=$DATA/rows.tsv
: > "$ROWS"
# time_row NAME FILE RUNS COMMAND...: median seconds (hyperfine) and peak RSS (GNU time).
time_row() {
  local name=$1 file=$2 runs=$3
  shift 3
  local json=$DATA/hf.json command
  command=$(printf '%q ' "$@")
  # -i: grep -c exits 1 when it counts nothing.
  hyperfine -N -i --style none --runs "$runs" --warmup $([ "$runs" -gt 3 ] && echo 1 || echo 0) \
    --output=pipe --prepare "cat $file" --export-json "$json" "$command" >/dev/null 2>&1 || {
    echo "failed: $command" >&2
    return 0
  }
  local median rss bytes
  median=$(grep -o '"median": *[0-9.e-]*' "$json" | head -1 | sed 's/.*: *//')
  cat "$file" >/dev/null
  /usr/bin/time -f '%M' -o "$DATA/rss.txt" "$@" >/dev/null 2>&1 || true
  rss=$(tail -1 "$DATA/rss.txt")
  bytes=$(stat -c %s "$file")
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$file" "$median" "$bytes" "$rss" >> "$ROWS"
  printf '  %-44s %8.3f s\n' "$name" "$median" >&2
}

say "Postfix $PF_SIZE"
time_row "wc -l" "$PF" "$RUNS" wc -l "$PF"
time_row "LC_ALL=C grep -c ' 554 '" "$PF" "$RUNS" env LC_ALL=C grep -c " 554 " "$PF"
command -v rg >/dev/null && time_row "rg -c ' 554 '" "$PF" "$RUNS" rg -c " 554 " "$PF"
if "$MC" grep --help >/dev/null 2>&1; then
  time_row "mailcodes grep -c 554" "$PF" "$RUNS" "$MC" grep -c 554 "$PF"
fi
# The engine's prefilter alone (a pipeline run with LinePrefilter(codePattern: 554) into a
# --by code table), for builds without the grep command.
time_row "mailcodes-bench stage grep554" "$PF" "$RUNS" "$BENCH" stage grep554 "$PF"
time_row "mailcodes analyze" "$PF" "$RUNS" "$MC" analyze "$PF"
time_row "mailcodes analyze --format json" "$PF" "$RUNS" "$MC" analyze --format json "$PF"
time_row "mailcodes analyze --by code,client" "$PF" "$RUNS" "$MC" analyze --by code,client --format csv "$PF"
time_row "pflogsumm" "$PF" "$SLOW_RUNS" pflogsumm "$PF"

if [ -n "$GP7" ]; then
  say "Postfix $PF_SIZE, gen-postfix.py --seed 7"
  time_row "wc -l (gp7)" "$GP7" "$RUNS" wc -l "$GP7"
  time_row "LC_ALL=C grep -c ' 554 ' (gp7)" "$GP7" "$RUNS" env LC_ALL=C grep -c " 554 " "$GP7"
  command -v rg >/dev/null && time_row "rg -c ' 554 ' (gp7)" "$GP7" "$RUNS" rg -c " 554 " "$GP7"
  time_row "mailcodes grep -c 554 (gp7)" "$GP7" "$RUNS" "$MC" grep -c 554 "$GP7"
  time_row "mailcodes analyze (gp7)" "$GP7" "$RUNS" "$MC" analyze "$GP7"
  time_row "mailcodes analyze --format json (gp7)" "$GP7" "$RUNS" "$MC" analyze --format json "$GP7"
  time_row "pflogsumm (gp7)" "$GP7" "$SLOW_RUNS" pflogsumm "$GP7"
fi

say "Exim $EX_SIZE"
time_row "wc -l (exim)" "$EX" "$RUNS" wc -l "$EX"
time_row "LC_ALL=C grep -c ' 554 ' (exim)" "$EX" "$RUNS" env LC_ALL=C grep -c " 554 " "$EX"
if "$MC" grep --help >/dev/null 2>&1; then
  time_row "mailcodes grep -c 554 (exim)" "$EX" "$RUNS" "$MC" grep -c 554 "$EX"
fi
time_row "mailcodes analyze (exim)" "$EX" "$RUNS" "$MC" analyze "$EX"
time_row "eximstats (exim)" "$EX" "$SLOW_RUNS" perl "$EXIMSTATS" "$EX"

say "memory"
time_row "mailcodes analyze (100 MB)" "$PF100" 1 "$MC" analyze "$PF100"
if [ $BIG = 1 ]; then
  BIGFILE=$DATA/postfix-10G.log
  free=$(df --output=avail -B1 "$DATA" | tail -1)
  if [ "$free" -gt $((12 * 1024 * 1024 * 1024)) ]; then
    say "generating 10 GB (deleted afterwards)"
    "$BENCH" generate postfix 10G "$BIGFILE" 1 >&2
    time_row "mailcodes analyze (10 GB)" "$BIGFILE" 1 "$MC" analyze "$BIGFILE"
    rm -f "$BIGFILE"
  else
    echo "skipping 10 GB: not enough free space in $DATA" >&2
  fi
fi

say "two hosts, one core and all cores"
"$BENCH" parallel "$HOST_A" "$HOST_B" > "$DATA/parallel.txt"
cat "$DATA/parallel.txt" >&2
cat "$HOST_A" "$HOST_B" >/dev/null
time_row "mailcodes analyze host-a host-b" "$HOST_A" 3 "$MC" analyze "$HOST_A" "$HOST_B"

say "start-up"
# Through a shell for the redirection; hyperfine subtracts the shell's own start-up.
startup() {
  hyperfine --style none --runs 200 --warmup 20 -i --export-json "$DATA/start.json" "$1" >/dev/null 2>&1 || true
  grep -o '"median": *[0-9.e-]*' "$DATA/start.json" | head -1 | sed 's/.*: *//'
}
STARTUP=$(startup "$MC analyze --by code </dev/null")
if "$MC" grep --help >/dev/null 2>&1; then STARTUP_GREP=$(startup "$MC grep 554 </dev/null"); fi

# --- the table ---------------------------------------------------------------------------
echo
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
  "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "swift: $(swift --version 2>&1 | head -1)"
echo
awk -F'\t' -v startup="$STARTUP" -v startup_grep="${STARTUP_GREP:-}" '
  { name[NR] = $1; sec[NR] = $3; bytes[NR] = $4; rss[NR] = $5; idx[$1] = NR }
  END {
    printf "| %-44s | %9s | %9s | %9s | %-48s |\n", "command", "seconds", "MB/s", "peak RSS", "ratio"
    printf "|%s|%s|%s|%s|%s|\n", "----------------------------------------------", "----------:", "----------:", "----------:", "--------------------------------------------------"
    for (i = 1; i <= NR; i++) {
      mbs = bytes[i] / 1e6 / sec[i]
      ratio = ""
      n = name[i]
      # Rows of one corpus share a suffix: "(exim)", "(gp7)", or none.
      sfx = ""
      base = n
      if (match(n, / \([a-z0-9]+\)$/)) { sfx = substr(n, RSTART); base = substr(n, 1, RSTART - 1) }
      if (base == "mailcodes grep -c 554" || base == "mailcodes-bench stage grep554") {
        g = idx["LC_ALL=C grep -c '"'"' 554 '"'"'" sfx]
        r = idx["rg -c '"'"' 554 '"'"'" sfx]
        if (g) ratio = sprintf("%.2fx GNU grep", sec[g] / sec[i])
        if (r) ratio = ratio sprintf(", %.2fx rg", sec[r] / sec[i])
      } else if (base ~ /^mailcodes analyze/ && idx["wc -l" sfx] && bytes[idx["wc -l" sfx]] == bytes[i]) {
        ratio = sprintf("%.1f%% of wc -l", 100 * sec[idx["wc -l" sfx]] / sec[i])
        if (idx["pflogsumm" sfx]) ratio = ratio sprintf(", %.0fx pflogsumm", sec[idx["pflogsumm" sfx]] / sec[i])
        if (idx["eximstats" sfx]) ratio = ratio sprintf(", %.0fx eximstats", sec[idx["eximstats" sfx]] / sec[i])
        if (base == "mailcodes analyze --format json" && idx["mailcodes analyze" sfx])
          ratio = ratio sprintf(", RSS %.2fx analyze", rss[i] / rss[idx["mailcodes analyze" sfx]])
      }
      printf "| %-44s | %9.3f | %9.1f | %6.1f MiB | %-48s |\n", n, sec[i], mbs, rss[i] / 1024, ratio
    }
    printf "\nstart-up, mailcodes analyze --by code </dev/null: %.1f ms\n", startup * 1000
    if (startup_grep != "") printf "start-up, mailcodes grep 554 </dev/null: %.1f ms\n", startup_grep * 1000
  }' "$ROWS"
echo
cat "$DATA/parallel.txt"
