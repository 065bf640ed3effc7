#!/usr/bin/env bash
# Installs a mailcodes .deb in a throwaway copy of this system and checks what a user would
# do with it: `dpkg -i`, `mailcodes --version`, `man -l` on the page, the completions, the
# systemd units (systemd-analyze verify), the daily job on a fresh host (no mail.log, no
# rotation: silent), then `dpkg --purge`. Needs root (for the throwaway root; there is no
# container engine): a private mount namespace (unshare) with an overlay over / and a chroot
# into it, so that nothing of the real system changes.
#
# Usage: Scripts/test-deb.sh PACKAGE.deb
set -euo pipefail
deb=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/upper" "$work/work" "$work/root"

unshare --mount --fork bash -euo pipefail -s "$deb" "$work" <<'OUTER'
deb=$1
work=$2
root=$work/root
mount --make-rprivate /
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/work" "$root"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/tmp"
mount -t tmpfs tmpfs "$root/run"
# A fresh host: no mail log, no rotation, no mailcodes yet.
rm -f "$root"/var/log/mail.log* "$root/usr/bin/mailcodes" "$root/usr/local/bin/mailcodes"
cp "$deb" "$root/tmp/mailcodes.deb"

chroot "$root" /bin/bash -euo pipefail <<'INNER'
step() { printf '== %s\n' "$*"; }
step "dpkg -i"
dpkg -i /tmp/mailcodes.deb
step "mailcodes --version"
mailcodes --version | grep -qx 'mailcodes [0-9][0-9.]*'
mailcodes --version
step "man -l"
MANPAGER=cat man -l /usr/share/man/man1/mailcodes.1.gz > /tmp/page.txt 2>/tmp/man.err
[ ! -s /tmp/man.err ] || { cat /tmp/man.err; exit 1; }
grep -q '^MAILCODES(1)' /tmp/page.txt
grep -q -- '--journal' /tmp/page.txt
head -3 /tmp/page.txt
step "completions"
bash -c 'source /usr/share/bash-completion/completions/mailcodes; COMP_WORDS=(mailcodes gre); COMP_CWORD=1; _mailcodes; [ "${COMPREPLY[*]}" = grep ]'
if command -v zsh >/dev/null; then zsh -n /usr/share/zsh/vendor-completions/_mailcodes; fi
if command -v fish >/dev/null; then fish -n /usr/share/fish/vendor_completions.d/mailcodes.fish; fi
step "the user and the units"
getent passwd mailcodes >/dev/null
test -d /var/lib/mailcodes
systemd-analyze verify --man=no /lib/systemd/system/mailcodes-report.service /lib/systemd/system/mailcodes-report.timer \
  /lib/systemd/system/mailcodes-metrics.service /lib/systemd/system/mailcodes-metrics.timer
test -L /etc/systemd/system/timers.target.wants/mailcodes-report.timer
test ! -e /etc/systemd/system/timers.target.wants/mailcodes-metrics.timer
step "the daily job on a fresh host: no log, no rotation, no journal entries: no output"
if command -v journalctl >/dev/null; then
  out=$(/etc/cron.daily/mailcodes 2>&1) || { echo "$out"; exit 1; }
  [ -z "$out" ] || { echo "unexpected output: $out"; exit 1; }
fi
step "dpkg --purge"
dpkg --purge mailcodes
test ! -e /usr/bin/mailcodes
test ! -e /var/lib/mailcodes
INNER
OUTER
echo "test-deb: $(basename "$deb") installs, runs and purges cleanly"
