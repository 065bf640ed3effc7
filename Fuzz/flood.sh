#!/usr/bin/env bash
# Fuzz/flood.sh KIND COUNT: writes a flood log on standard output, for the bounds measured in
# Docs/Limits.md (and, scaled down, asserted by the test suite).
#
#   sessions N       N Postfix smtpd sessions that never end: a connect line each, distinct
#                    pids and client addresses (10.x.y.z), no disconnect
#   session-lines N  one smtpd session with N reject lines between its connect and disconnect
#   clients N        N rejections (NOQUEUE, outside any session) from N distinct client addresses
#   hours N          N rejections, each in a different hour (from 2000-01-01T00 on)
#   postscreen N     N postscreen sessions from distinct addresses that pass its tests and are
#                    never handed to smtpd (CONNECT and PASS NEW, no DISCONNECT)
#
# Example: Fuzz/flood.sh sessions 1000000 > sessions.log
set -euo pipefail
kind=${1:?usage: flood.sh sessions|session-lines|clients|hours|postscreen COUNT}
count=${2:?usage: flood.sh sessions|session-lines|clients|hours|postscreen COUNT}
awk -v kind="$kind" -v n="$count" '
function ip(k) { return sprintf("10.%d.%d.%d", int(k / 65536) % 256, int(k / 256) % 256, k % 256) }
# The date of a day number (days since 1970-01-01): awk strftime stops at 2038 on some systems.
function civil(days,   z, era, doe, yoe, y, doy, mp, d, m) {
  z = days + 719468; era = int(z / 146097); doe = z - era * 146097
  yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
  y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100)); mp = int((5 * doy + 2) / 153)
  d = doy - int((153 * mp + 2) / 5) + 1; m = mp < 10 ? mp + 3 : mp - 9
  if (m <= 2) y++
  return sprintf("%04d-%02d-%02d", y, m, d)
}
BEGIN {
  head = "Nov 28 06:25:01 mx1 postfix/smtpd["
  reply = ": 550 5.1.1 <u@example.com>: Recipient address rejected: User unknown; from=<s@example.org> to=<u@example.com> proto=ESMTP helo=<c.example>"
  if (kind == "sessions") {
    for (k = 0; k < n; k++) printf "%s%d]: connect from c%d.example[%s]\n", head, k + 1000, k, ip(k)
  } else if (kind == "session-lines") {
    printf "%s1]: connect from c.example[192.0.2.1]\n", head
    for (k = 0; k < n; k++) printf "%s1]: NOQUEUE: reject: RCPT from c.example[192.0.2.1]%s\n", head, reply
    printf "%s1]: disconnect from c.example[192.0.2.1] ehlo=1 mail=1 rcpt=0/%d quit=1 commands=3/%d\n", head, n, n + 3
  } else if (kind == "clients") {
    for (k = 0; k < n; k++) printf "%s%d]: NOQUEUE: reject: RCPT from c%d.example[%s]%s\n", head, k + 1000, k, ip(k), reply
  } else if (kind == "hours") {
    for (k = 0; k < n; k++) {
      printf "%sT%02d:00:00Z mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from c.example[192.0.2.1]%s\n", civil(10957 + int(k / 24)), k % 24, reply
    }
  } else if (kind == "postscreen") {
    for (k = 0; k < n; k++) {
      printf "Nov 28 06:25:01 mx1 postfix/postscreen[326]: CONNECT from [%s]:40000 to [192.0.2.1]:25\n", ip(k)
      printf "Nov 28 06:25:01 mx1 postfix/postscreen[326]: PASS NEW [%s]:40000\n", ip(k)
    }
  } else {
    print "flood.sh: unknown kind " kind > "/dev/stderr"
    exit 2
  }
}'
