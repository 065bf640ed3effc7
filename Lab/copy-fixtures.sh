#!/usr/bin/env bash
# copy-fixtures.sh -- copy the logs of the lab variants (run-lab.sh variants)
# into the test fixtures, Tests/MailCodesKitTests/Fixtures/lab-variants/<variant>/.
#
# Only the logs a test reads are copied, and every file over 64 KiB is
# gzipped (gzip -9n: no name, no time stamp; the engine reads .gz).  The
# rsyslog, syslog-ng and journal variants come from the runs "default" and
# "syslog-stack", which write several formats of the same messages at once.
#
# usage: Lab/copy-fixtures.sh [VARIANTS_OUT]   (default: Lab/variants-out)
set -euo pipefail
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=${1:-${LAB_VARIANTS_OUT:-$LAB_DIR/variants-out}}
DEST=$LAB_DIR/../Tests/MailCodesKitTests/Fixtures/lab-variants
mkdir -p "$DEST"

put() {  # variant source-run file [file...]
  local variant=$1 run=$2 f
  shift 2
  [ -d "$SRC/$run" ] || { echo "skip $variant: no run $run in $SRC" >&2; return 0; }
  rm -rf "${DEST:?}/$variant"
  mkdir -p "$DEST/$variant"
  for f in "$@"; do
    [ -s "$SRC/$run/$f" ] || { echo "missing $run/$f" >&2; exit 1; }
    if [ "$(stat -c %s "$SRC/$run/$f")" -gt 65536 ]; then
      gzip -9n < "$SRC/$run/$f" > "$DEST/$variant/$f.gz"
    else
      cp "$SRC/$run/$f" "$DEST/$variant/$f"
    fi
  done
  { echo "copied from run: $run"; cat "$SRC/$run/variant.txt"; } > "$DEST/$variant/variant.txt"
}

put default default postfix-syslog.log exim-mainlog client-replies.json
put rsyslog-fileformat default postfix-rfc3339.log exim-rfc3339.log
put rsyslog-protocol23 default postfix-rfc5424.log exim-rfc5424.log
put syslog-stack syslog-stack exim-mainlog client-replies.json
put syslog-ng syslog-stack postfix-syslog-ng.log exim-syslog-ng.log
put syslog-ng-rfc5424 syslog-stack postfix-syslog-ng-rfc5424.log exim-syslog-ng-rfc5424.log
for mode in short short-iso short-precise short-full json; do
  put "journal-$mode" syslog-stack "postfix-journal-$mode.log" "exim-journal-$mode.log"
done
for v in pf-client-port-logging pf-tls-loglevel-0 pf-tls-loglevel-2 pf-postmulti pf-content-filter; do
  put "$v" "$v" postfix-syslog.log
done
for v in pscrn-enforce pscrn-drop; do
  put "$v" "$v" postfix-syslog.log client-replies.json
done
for d in "$SRC"/ex-* "$SRC"/ex498-*; do
  [ -d "$d" ] || continue
  v=$(basename "$d")
  put "$v" "$v" exim-mainlog
done
du -sh "$DEST"
