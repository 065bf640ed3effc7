#!/usr/bin/env bash
# Fuzz/run.sh [SECONDS] [TARGET ...]: builds the fuzz binary (libFuzzer + AddressSanitizer over
# the sources of MailCodesKit and Fuzz/), seeds a corpus from the test fixtures, and runs each
# target for SECONDS (default 20). Exits 1 if a target crashed or broke a property; the input
# that did it is kept in $MAILCODES_FUZZ_DIR/crashes/TARGET/ (default .build-fuzz/).
#
#   Fuzz/run.sh            # every target, 20 s each: about 3 minutes (and 3 more for a first build)
#   Fuzz/run.sh 900 grep   # one target for 15 minutes (the corpus is kept between runs)
#
# Targets: line-reader gzip compressed journal envelope postfix exim transcript sanitizer grep
# window redaction (see Fuzz/README.md).
# Environment: MAILCODES_FUZZ_DIR (work directory), MAILCODES_FUZZ_FAST=1 (a -Onone build in
# seconds instead of minutes, for CI), MAILCODES_FUZZ_FLAGS (more libFuzzer flags, e.g.
# -detect_leaks=0 where LeakSanitizer cannot run). Two runs can share a work directory once the
# binary is built (each writes its own summary).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
shift || true
all_targets=(line-reader gzip compressed journal envelope postfix exim transcript sanitizer grep window redaction)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
work=${MAILCODES_FUZZ_DIR:-.build-fuzz}
binary=$work/mailcodes-fuzz
[ "${MAILCODES_FUZZ_FAST:-0}" = 1 ] && binary=$work/mailcodes-fuzz-fast
fixtures=Tests/MailCodesKitTests/Fixtures
mkdir -p "$work"

# --- build (only when a source is newer than the binary) -------------------------------------
# The engine's layers (Sources/MailCodes*, but the command line and the umbrella) are compiled
# here as one module, as the fuzzer's instrumentation wants: their imports of each other are
# left out of copies in the work directory.
engine=(Sources/MailCodesAVX2 Sources/MailCodesSupport Sources/MailCodesSMTP Sources/MailCodesKnowledge Sources/MailCodesExplain
  Sources/MailCodesInput Sources/MailCodesFormats Sources/MailCodesAnalysis Sources/MailCodesRendering
  Sources/MailCodesPipeline)
if [ ! -x "$binary" ] || [ -n "$(find "${engine[@]}" Sources/CZlib Sources/CBzip2 Sources/CLzma Sources/CZstd Tests/MailCodesTestSupport Fuzz -newer "$binary" -type f \
      \( -name '*.swift' -o -name '*.h' -o -name '*.modulemap' \) | head -1)" ]; then
  echo "fuzz: building $binary"
  start=$(date +%s)
  # -O -wmo: whole-module optimization specializes the engine's generic tables (ten times the
  # executions per second of a per-file -O build), with assertions kept (-assert-config Debug):
  # ByteView's subscript asserts its bounds, which is how a read past the end of a line (still
  # inside the reader's buffer, so invisible to AddressSanitizer) is caught. It takes about
  # three minutes; MAILCODES_FUZZ_FAST=1 builds with -Onone (whole-module: faster) in about 30 s
  # (for CI's short smoke run: the executions are ten times slower).
  # The compression libraries are system modules: their module maps are found through -I, the
  # libraries linked with -l.
  optimization=(-O -wmo -num-threads 2 -assert-config Debug)
  [ "${MAILCODES_FUZZ_FAST:-0}" = 1 ] && optimization=(-Onone -wmo -num-threads "$(nproc)")
  rm -rf "$work/engine" && mkdir -p "$work/engine"
  while IFS= read -r file; do
    sed -E -e '/^ *import MailCodes[A-Za-z0-9]*$/d' -e '/^ *@testable import MailCodes[A-Za-z0-9]*$/d' "$file" \
      > "$work/engine/$(echo "$file" | tr '/' '_')"
  done < <(find "${engine[@]}" Tests/MailCodesTestSupport Fuzz -name '*.swift' | sort)
  mapfile -t sources < <(find "$work/engine" -name '*.swift' | sort)
  # The AVX2 literal search is its own module for the program (Package.swift); here, in the one
  # fuzz module, the whole binary is built with AVX2 on x86-64 (the fuzz machine has it).
  avx2=()
  [ "$(uname -m)" = x86_64 ] && avx2=(-Xcc -mavx2)
  swiftc -module-name MailCodesKit -package-name mailcodes -parse-as-library -swift-version 6 "${optimization[@]}" \
    "${avx2[@]}" -sanitize=fuzzer,address -I Sources/CZlib -I Sources/CBzip2 -I Sources/CLzma -I Sources/CZstd \
    -lz -lbz2 -llzma -lzstd "${sources[@]}" -o "$binary.tmp" 2>&1 \
    | grep -v -e 'ld.gold: warning: Cannot export local symbol' >&2 || true
  [ -x "$binary.tmp" ] || { echo "fuzz: build failed" >&2; exit 2; }
  mv "$binary.tmp" "$binary"
  echo "fuzz: built in $(($(date +%s) - start)) s"
fi

# --- seeds: generated from the fixtures at every run, never committed -------------------------
# chunks DIR LINES PREFIX FILE...: splits each file into LINES-line pieces (at most 40 per
# file), each written to DIR with PREFIX (printf format: option bytes of a target) in front.
# Small pieces: a fuzz target's speed goes with the size of its inputs.
chunks() {
  local dir=$1 lines=$2 prefix=$3
  shift 3
  for file in "$@"; do
    local base n=0
    base=$(basename "$file")
    head -n $((lines * 40)) "$file" | split -l "$lines" -d -a 3 - "$dir/.piece-"
    for piece in "$dir"/.piece-*; do
      { printf "$prefix"; cat "$piece"; } > "$dir/$base-$n"
      rm -f "$piece"
      n=$((n + 1))
    done
  done
}

seed() {
  local target=$1 dir=$work/seeds/$1
  rm -rf "$dir"
  mkdir -p "$dir"
  case $target in
    line-reader)
      chunks "$dir" 8 '\x05\x20\x07' $fixtures/input/plain.log $fixtures/input/crlf.log
      printf '\x01\x08\x03one\rtwo\r\nthree\n\n\r\nlast' > "$dir/crlf-mix"
      printf '\xe0\x10\x11a\rb\rc\r' > "$dir/cr-only"
      printf '\x02\x04\x05\x00\x00\x00\n\x00x\n' > "$dir/nul"
      ;;
    gzip)
      for f in $fixtures/input/*.gz $fixtures/lab/*.gz; do { printf '\x07'; cat "$f"; } > "$dir/$(basename "$f")"; done
      ;;
    compressed)
      # Option byte 0x00/0x01/0x02 picks bzip2/xz/zstd (modulo 3), with the magic kept.
      for f in $fixtures/input/*.bz2; do { printf '\x03'; cat "$f"; } > "$dir/$(basename "$f")"; done
      for f in $fixtures/input/*.xz; do { printf '\x04'; cat "$f"; } > "$dir/$(basename "$f")"; done
      for f in $fixtures/input/*.zst; do { printf '\x05'; cat "$f"; } > "$dir/$(basename "$f")"; done
      ;;
    journal)
      chunks "$dir" 3 '' $fixtures/journal/plain.json $fixtures/journal/captured.json
      ;;
    envelope)
      chunks "$dir" 20 '' $fixtures/lab/postfix-syslog.log $fixtures/lab/postfix-rfc3339.log \
        $fixtures/lab/exim-mainlog $fixtures/lab/exim-syslog.log $fixtures/exim/syslog-mixed.log
      ;;
    postfix)
      chunks "$dir" 40 '' $fixtures/lab/postfix-syslog.log $fixtures/lab/postfix-rfc3339.log \
        $fixtures/lab/postfix-maillog_file.log $fixtures/transcript/postfix-debug-peer.log
      ;;
    exim)
      chunks "$dir" 40 '' $fixtures/lab/exim-mainlog $fixtures/lab/exim-rejectlog $fixtures/lab/exim-syslog.log \
        $fixtures/exim/*.mainlog $fixtures/exim/*.rejectlog $fixtures/exim/syslog-mixed.log
      ;;
    transcript)
      chunks "$dir" 40 '' $fixtures/transcript/*.txt $fixtures/transcript/*.log $fixtures/lab/*-transcripts.txt
      ;;
    sanitizer)
      chunks "$dir" 1 '' $fixtures/input/plain.log
      printf 'helo=<\x1b[2J\x1b]8;;http://x\x07link\x1b]8;;\x07>' > "$dir/ansi"
      printf '=cmd|calc\xe2\x80\xae\xc2\x9b\xff\xfe\xed\xa0\x80\xf4\x90\x80\x80"<a href>&amp;' > "$dir/mixed"
      ;;
    redaction)
      # Control byte (dialect, mechanism, line ends), the secret's bytes, then lines.
      chunks "$dir" 20 '\x41s3cret-Pa55\n' $fixtures/transcript/swaks-auth.txt $fixtures/transcript/smtplib-auth.txt
      chunks "$dir" 20 '\x83alice\n' $fixtures/transcript/postfix-debug-peer-auth.log $fixtures/transcript/exim-debug-auth.txt
      printf '\x05wrong-password\nSMTP protocol error in "AUTH PLAIN AGxhYnVzZXIAbGFicGFzcw==" H=(x) [127.0.2.5]:54411\n' > "$dir/exim"
      ;;
    grep)
      # Option bytes (see GrepTarget): 5xx lines; -s; -v -n -H; jsonl; colour + terminal; -c.
      for spec in '\x01\x00\x00\x00\x00\x00\x03\x05' '\x02\x01\x00\x00\x00\x00\x02\x03' \
                  '\x04\x62\x00\x00\x00\x00\x00\x00' '\x08\x00\x05\x00\x00\x00\x00\x00' \
                  '\x03\x1c\x00\x02\x01\x00\x00\x00' '\x05\x09\x01\x05\x00\x04\x01\x01'; do
        chunks "$dir" 60 "$spec\n" $fixtures/lab/postfix-syslog.log $fixtures/exim/sessions.mainlog
      done
      ;;
    window)
      # --since and --until words (the forms the reports print among them), then log lines.
      local n=0
      for pair in '2026-11-29T00:12:00Z\n2026-11-29T01:13:00+01:00' '2026-11-28\n2026-11-28T06:00' \
                  '-24h\nnow' 'yesterday\n' '\n2026-11-29T00:14:49.123456-05:00' '2026-11-29\n2026-11-28'; do
        { printf '%b\n' "$pair"; head -n 20 $fixtures/lab/postfix-rfc3339.log; } > "$dir/pair-$n"
        n=$((n + 1))
      done
      ;;
  esac
}

dictionary() {
  case $1 in
    postfix|exim|transcript|grep|envelope|journal|redaction) echo "-dict=Fuzz/Dictionaries/mail.dict" ;;
  esac
}

max_len() {
  case $1 in
    line-reader|envelope|sanitizer|window) echo 4096 ;;
    *) echo 8192 ;;
  esac
}

# --- run --------------------------------------------------------------------------------------
failed=()
summary=$work/summary-$$.txt
printf '%-12s %12s %8s %8s %8s\n' target executions cov ft corpus > "$summary"
for target in "${targets[@]}"; do
  seed "$target"
  corpus=$work/corpus/$target
  crashes=$work/crashes/$target
  mkdir -p "$corpus" "$crashes"
  log=$work/$target.log
  echo "fuzz: $target for $seconds s"
  # SWIFT_BACKTRACE=enable=no: libFuzzer, not Swift's backtracer, must handle a crash.
  status=0
  SWIFT_BACKTRACE=enable=no MAILCODES_FUZZ_TARGET=$target "$binary" "$corpus" "$work/seeds/$target" \
    -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" $(dictionary "$target") ${MAILCODES_FUZZ_FLAGS:-} > "$log" 2>&1 \
    || status=$?
  done_line=$(grep -E "^#[0-9]+[[:space:]]+DONE" "$log" | tail -1 || true)
  executions=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
  cov=$(echo "$done_line" | grep -oE 'cov: [0-9]+' | grep -oE '[0-9]+' || echo "?")
  ft=$(echo "$done_line" | grep -oE 'ft: [0-9]+' | grep -oE '[0-9]+' || echo "?")
  units=$(ls "$corpus" | wc -l)
  printf '%-12s %12s %8s %8s %8s\n' "$target" "$executions" "$cov" "$ft" "$units" >> "$summary"
  if [ "$status" -ne 0 ]; then
    echo "fuzz: $target FAILED (status $status); last lines of $log:" >&2
    grep -E 'property failed|ERROR: |SUMMARY|Fatal error|Test unit written' "$log" | head -10 >&2 || true
    failed+=("$target")
  fi
done
cat "$summary"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (inputs in $work/crashes/)" >&2
  exit 1
fi
