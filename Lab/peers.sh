#!/usr/bin/env bash
# peers.sh -- run the peers' reports (pflogsumm, eximstats) on the lab's logs
# in the test fixtures and save their outputs in
# Tests/MailCodesKitTests/Fixtures/peers/.  CI never runs this: the outputs
# are fixtures to compare mailcodes against (see peers/SECTIONS.md).
#
# Needs: pflogsumm (Debian package; run-lab.sh install-variants installs it)
# and eximstats (from exim4-base, unpacked by run-lab.sh install into
# /opt/mail-lab/exim-root).  Run from anywhere; the command lines are run
# from the repository's root with relative paths; the script rewrites the
# command block at the end of peers/README.md with them.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PEERS=Tests/MailCodesKitTests/Fixtures/peers
LAB=Tests/MailCodesKitTests/Fixtures/lab
VAR=Tests/MailCodesKitTests/Fixtures/lab-variants
EXIMSTATS=${EXIMSTATS:-/opt/mail-lab/exim-root/usr/sbin/eximstats}
command -v pflogsumm >/dev/null || { echo "pflogsumm missing (apt-get install pflogsumm)" >&2; exit 1; }
[ -x "$EXIMSTATS" ] || { echo "eximstats missing ($EXIMSTATS; Lab/run-lab.sh install)" >&2; exit 1; }
mkdir -p "$PEERS"
COMMANDS=$(mktemp)
: > "$COMMANDS"

# run OUTPUT COMMAND...: stdout to OUTPUT, stderr (perl warnings) to OUTPUT.stderr
# when not empty; the command line goes to the README's command block
run() {
  local out=$1; shift
  printf '%s > %s\n' "$*" "$PEERS/$out" >> "$COMMANDS"
  bash -c "$*" > "$PEERS/$out" 2> "$PEERS/$out.stderr" || true
  [ -s "$PEERS/$out.stderr" ] || rm -f "$PEERS/$out.stderr"
}

# a fixture may be gzipped (Lab/copy-fixtures.sh): read it with zcat -f
pf() { local f; for f in "$VAR/$1"/postfix-syslog.log "$VAR/$1"/postfix-syslog.log.gz; do
         [ -e "$f" ] && { echo "$f"; return 0; }; done; return 0; }
ex() { local f; for f in "$VAR/$1"/exim-mainlog "$VAR/$1"/exim-mainlog.gz; do
         [ -e "$f" ] && { echo "$f"; return 0; }; done; return 0; }

# --- pflogsumm: the full lab log (reference run) and the variants' logs
run pflogsumm-lab-detail.txt "pflogsumm --detail 10 --smtpd_stats --problems_first $LAB/postfix-syslog.log"
run pflogsumm-lab-plain.txt "pflogsumm $LAB/postfix-syslog.log"
for v in default pf-client-port-logging pf-tls-loglevel-0 pf-tls-loglevel-2 pf-postmulti; do
  f=$(pf "$v"); [ -n "$f" ] || continue
  run "pflogsumm-$v-detail.txt" "zcat -f $f | pflogsumm --detail 10 --smtpd_stats --problems_first"
  [ "$v" = default ] && run "pflogsumm-$v-plain.txt" "zcat -f $f | pflogsumm"
  # pflogsumm reads only syslog names postfix[/smtps|/submission]/DAEMON (or the one
  # --syslog-name gives): a second instance's postfix-out/smtpd needs the option
  [ "$v" = pf-postmulti ] && run "pflogsumm-$v-syslog-name-detail.txt" \
    "zcat -f $f | pflogsumm --syslog-name=postfix-out --detail 10 --smtpd_stats --problems_first"
done

# --- eximstats: the full lab mainlog and every Exim variant's mainlog
run eximstats-lab.txt "$EXIMSTATS $LAB/exim-mainlog"
for d in "$VAR"/default "$VAR"/ex-* "$VAR"/ex498-*; do
  [ -d "$d" ] || continue
  v=$(basename "$d"); f=$(ex "$v"); [ -n "$f" ] || continue
  run "eximstats-$v.txt" "zcat -f $f | $EXIMSTATS"
done
sed -i "s#$EXIMSTATS#eximstats#g" "$COMMANDS"
# the README keeps everything up to its command block, then the new commands
if [ -f "$PEERS/README.md" ]; then
  sed -n '1,/^The exact command lines/p' "$PEERS/README.md" > "$COMMANDS.readme"
  { cat "$COMMANDS.readme"
    printf '%s\n' '`/opt/mail-lab/exim-root/usr/sbin/eximstats`), one per output file:' '' '```'
    cat "$COMMANDS"; echo '```'; } > "$PEERS/README.md"
  rm -f "$COMMANDS.readme"
fi
rm -f "$COMMANDS"
ls -la "$PEERS"
