#!/usr/bin/env bash
# scenarios.sh -- drive the mail-log lab scenarios against the running lab
# servers (normally called by run-lab.sh inside its network namespace).
#
#   scenarios.sh A   "yesterday": small Postfix batch that ends up in the
#                    logrotate'd postfix-*.log.1.gz files
#   scenarios.sh B   the main set: outbound, every reply-code scenario on
#                    Postfix and Exim, then volume traffic
#   scenarios.sh C   a few Postfix scenarios while Postfix logs through
#                    postlogd (maillog_file) instead of syslog
#   scenarios.sh srv221   only the srv221 set (part of phase B; for
#                    development against running daemons, records phase=srv221)
#   scenarios.sh R|Rpf|Rex   the reduced set of the lab variants (both
#                    servers / Postfix only / Exim only; see phase_R)
#   scenarios.sh pscrn    only the postscreen set (part of phase B; for
#                    development, records phase=pscrn; needs a fresh
#                    postscreen cache to give the documented results)
#
# Each client session is recorded by bin/labctl.py in out/sessions.jsonl
# (ground truth) and its dialogue appended to out/swaks-transcripts.txt,
# out/smtplib-transcripts.txt or out/python-raw-transcripts.txt.
#
# Client IP plan (all loopback):   127.0.1.N  Postfix scenario N
#   127.0.0.2  Postfix debug_peer_list (verbose transcript in the log)
#   127.0.2.N  Exim scenario N       127.0.3.1-8  Postfix volume pool
#   127.0.4.1-8 Exim volume pool     127.0.5.N    phase A   127.0.6.N phase C
#   127.0.7.N  srv221 scenarios (clients of the python responders 127.0.9.20-24)
#   127.0.8.N  postscreen scenarios (Postfix 127.0.0.1:2530)
#   127.0.0.1 / ::1  local relay + IPv6 scenarios
set -euo pipefail
LAB_DIR=${LAB_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
export OUT=${OUT:-$LAB_DIR/out}
PY=${PY:-/usr/bin/python3}
PHASE=${1:?usage: scenarios.sh A|B|C|srv221|pscrn|R|Rpf|Rex}
export LAB_PHASE=$PHASE
L=("$PY" "$LAB_DIR/bin/labctl.py")
mkdir -p "$OUT"

PF=(--server 127.0.0.1 --port 2525)
PF_SUB=(--server 127.0.0.1 --port 2587)
PF_SMTPS=(--server 127.0.0.1 --port 2465)
PF_PSCRN=(--server 127.0.0.1 --port 2530)
EX=(--server 127.0.0.1 --port 2526)
EX_SUB=(--server 127.0.0.1 --port 2527)
# the srv221 responders of bin/smtp_sinks.py (all port 25)
R_IDLE221=127.0.9.20 R_MAIL221=127.0.9.21 R_RCPT221=127.0.9.22 R_DATA221=127.0.9.23
R_IDLE421=127.0.9.24

# sw SCENARIO SERVER CLIENT_IP COUNT swaks-args...
sw() { local s=$1 srv=$2 ip=$3 n=$4; shift 4
       "${L[@]}" swaks --scenario "$s" --server "$srv" --ip "$ip" --count "$n" --msgid -- "$@"; }
# py SCENARIO SERVER CLIENT_IP PORT KIND COUNT [labctl py options...]
py() { local s=$1 srv=$2 ip=$3 port=$4 kind=$5 n=$6; shift 6
       "${L[@]}" py --scenario "$s" --server "$srv" --ip "$ip" --port "$port" \
                    --kind "$kind" --count "$n" "$@"; }
# inj SCENARIO SERVER RCPT COUNT EXPECT  (local submission, outbound test)
inj() { "${L[@]}" inject --scenario "$1" --server "$2" --to "$3" --count "$4" --expect "$5"; }

say() { printf '\n[scenarios %s] %s\n' "$PHASE" "$*"; }

BIG=$OUT/.big-message.txt
make_big() {  # ~150 KB message, over both servers' 100 KB limit
  "$PY" - "$BIG" <<'EOF'
import sys
with open(sys.argv[1], "w") as fh:
    fh.write("From: big@client.example\nTo: labuser@lab.test\nSubject: oversized lab message\n\n")
    for i in range(2000):
        fh.write(("%04d " % i) + "x" * 71 + "\n")
EOF
}

# ------------------------------------------------------------------ srv221
# Servers that send 221 (or a bare 421) and hang up although the client never
# sent QUIT.  Outbound: the real Postfix / Exim deliver to the responders;
# clients: swaks, python smtplib and raw sockets talk to them directly.
srv221_outbound() {
  say "srv221 outbound: Postfix / Exim -> responders that answer 221 without QUIT"
  inj srv221-out-pf-mail221 postfix user21@mail221.sink.test 1 expired
  inj srv221-out-pf-rcpt221 postfix user22@rcpt221.sink.test 1 expired
  inj srv221-out-pf-data221 postfix user23@data221.sink.test 1 sent
  inj srv221-out-ex-mail221 exim    user21@mail221.sink.test 1 expired
  inj srv221-out-ex-rcpt221 exim    user22@rcpt221.sink.test 1 expired
  inj srv221-out-ex-data221 exim    user23@data221.sink.test 1 sent
  # idle221: Postfix keeps the first connection idle in its connection cache
  # (transport smtp221idle), the responder closes it with "221 ... Idle
  # timeout" after 3 s, and the second message, sent once that has happened,
  # meets the dead cached connection.  Exim idles inside DATA: its transport
  # for idle221.sink.test has a transport_filter that sleeps 5 s before the
  # body is written.
  inj srv221-out-pf-idle221 postfix user20@idle221.sink.test 1 sent
  inj srv221-out-ex-idle221 exim    user20@idle221.sink.test 1 sent
  srv221_pf_idle_second & SRV221_BG+=($!)
}

srv221_pf_idle_second() {
  # wait (at most 30 s) until the idle221 responder has sent its idle 221 on
  # Postfix's cached connection (from 127.0.0.253), then inject message two
  local tx=${LOGDIR:-/var/log/mail-lab}/sink-transcripts.txt i cid=""
  for i in $(seq 1 60); do
    cid=$(grep -oE 'sink 127\.0\.9\.20 #[0-9]+ \*\* connect from 127\.0\.0\.253:' "$tx" \
          2>/dev/null | head -n 1 | grep -oE '#[0-9]+' || true)
    if [ -n "$cid" ] && grep -qF "sink 127.0.9.20 $cid -> 221 2.0.0 Idle timeout" "$tx"; then
      break
    fi
    sleep 0.5
  done
  sleep 1
  inj srv221-out-pf-idle221 postfix user20@idle221.sink.test 1 sent
}

srv221_idle_bg() {  # ~3 s each (the responders' idle timeout), background
  py srv221-raw-idle221-connect sink 127.0.7.5 25 idle_after_connect 1 \
     --host "$R_IDLE221" --opt wait=15 & SRV221_BG+=($!)
  py srv221-raw-idle221-ehlo sink 127.0.7.4 25 idle_after_ehlo 2 --parallel 2 \
     --host "$R_IDLE221" --opt wait=15 & SRV221_BG+=($!)
  py srv221-raw-idle221-mail sink 127.0.7.8 25 idle_after_mail 1 \
     --host "$R_IDLE221" --opt wait=15 & SRV221_BG+=($!)
  py srv221-raw-idle421-bare sink 127.0.7.6 25 idle_after_ehlo 2 --parallel 2 \
     --host "$R_IDLE421" --opt wait=15 & SRV221_BG+=($!)
}

srv221_clients() {
  say "srv221: swaks / smtplib against responders that answer 221 without QUIT"
  sw srv221-swaks-mail221 sink 127.0.7.1 3 --server "$R_MAIL221" --port 25 \
     --ehlo swaks1.client.example --from sender@client.example --to user@mail221.sink.test
  sw srv221-swaks-rcpt221 sink 127.0.7.2 3 --server "$R_RCPT221" --port 25 \
     --ehlo swaks2.client.example --from sender@client.example --to user@rcpt221.sink.test
  sw srv221-swaks-data221 sink 127.0.7.3 2 --server "$R_DATA221" --port 25 \
     --ehlo swaks3.client.example --from sender@client.example --to user@data221.sink.test \
     --header "Subject: DATA answered by 221"
  py srv221-smtplib-mail221 sink 127.0.7.7 25 smtplib 2 --host "$R_MAIL221" \
     --opt to=user@mail221.sink.test
}

# ------------------------------------------------------------------ pscrn
# Postfix postscreen on 127.0.0.1:2530 in front of "smtpd pass".  Sequential:
# postscreen remembers each client IP in its cache (fresh every run), and the
# retries of pscrn-pass-old must come after the first contact (pscrn-pass-new).
pscrn_scenarios() {
  say "postscreen (127.0.0.1:2530; access list, pregreet, deep protocol tests)"
  py pscrn-pregreet postfix 127.0.8.1 2530 pscrn_pregreet 3
  sw pscrn-denylisted postfix 127.0.8.2 3 "${PF_PSCRN[@]}" --ehlo deny2.client.example \
     --from sender@client.example --to labuser@lab.test
  sw pscrn-allowlisted postfix 127.0.8.3 3 "${PF_PSCRN[@]}" --ehlo allow3.client.example \
     --from sender@client.example --to labuser@lab.test --header "Subject: postscreen allowlisted"
  # first contact of a well-behaved client: it passes every test (PASS NEW),
  # but postscreen cannot hand over a session that it has already answered, so
  # RCPT TO gets "450 4.3.2 Service currently unavailable"
  sw pscrn-pass-new postfix 127.0.8.4 1 "${PF_PSCRN[@]}" --ehlo good4.client.example \
     --from sender@client.example --to labuser@lab.test --header "Subject: postscreen first try"
  sw pscrn-pass-new postfix 127.0.8.9 1 "${PF_PSCRN[@]}" --ehlo good9.client.example \
     --from sender@client.example --to alice@lab.test --header "Subject: postscreen first try"
  py pscrn-pipelining postfix 127.0.8.5 2530 pscrn_pipelining 2
  py pscrn-non-smtp postfix 127.0.8.6 2530 pscrn_non_smtp 2
  py pscrn-bare-newline postfix 127.0.8.7 2530 pscrn_bare_newline 2
  py pscrn-hangup postfix 127.0.8.8 2530 drop_after_connect 3 --opt read_banner=0
  # the retries: PASS OLD (cached), handed to smtpd, delivered
  sw pscrn-pass-old postfix 127.0.8.4 2 "${PF_PSCRN[@]}" --ehlo good4.client.example \
     --from sender@client.example --to labuser@lab.test --header "Subject: postscreen retry"
  sw pscrn-pass-old postfix 127.0.8.9 1 "${PF_PSCRN[@]}" --ehlo good9.client.example \
     --from sender@client.example --to alice@lab.test --header "Subject: postscreen retry"
}

# ------------------------------------------------------------ inbound sets
# The reply-code scenarios of each server (phase B, and the reduced set R).
pf_inbound() {
  say "Postfix (127.0.0.1:2525 / [::1]:2525 / 2587 submission / 2465 smtps / 2528 rate-limited / 2529 pregreet)"
  sw pf-deliver-ok postfix 127.0.1.1 6 "${PF[@]}" --ehlo mx1.client.example \
     --from sender@client.example --to labuser@lab.test --header "Subject: normal delivery"
  sw pf-debug-peer postfix 127.0.0.2 2 "${PF[@]}" --ehlo debug.client.example \
     --from sender@client.example --to alice@lab.test --header "Subject: verbose peer"
  sw pf-ipv6-deliver postfix ::1 3 --server ::1 --port 2525 --ehlo v6.client.example \
     --from sender@client.example --to bob@lab.test --header "Subject: over IPv6"
  sw pf-starttls-deliver postfix 127.0.1.4 3 "${PF[@]}" -tls --ehlo tls.client.example \
     --from sender@client.example --to carol@lab.test --header "Subject: with STARTTLS"
  py pf-smtplib-deliver postfix 127.0.1.2 2525 smtplib 3 --opt to=dave@lab.test
  sw sub-no-starttls postfix 127.0.1.5 4 "${PF_SUB[@]}" --ehlo mua5.client.example \
     --from labuser@lab.test --to bob@lab.test
  sw sub-tls-noauth postfix 127.0.1.6 3 "${PF_SUB[@]}" -tls --ehlo mua6.client.example \
     --from labuser@lab.test --to bob@lab.test
  sw sub-auth-badpass postfix 127.0.1.7 6 "${PF_SUB[@]}" -tls --ehlo mua7.client.example \
     --from labuser@lab.test --to bob@lab.test --auth PLAIN --auth-user labuser --auth-password wrong-password
  sw sub-auth-badpass-login postfix 127.0.1.8 3 "${PF_SUB[@]}" -tls --ehlo mua8.client.example \
     --from labuser@lab.test --to bob@lab.test --auth LOGIN --auth-user labuser --auth-password guess123
  sw sub-auth-ok postfix 127.0.1.9 4 "${PF_SUB[@]}" -tls --ehlo mua9.client.example \
     --from labuser@lab.test --to friend@ok.sink.test --auth PLAIN --auth-user labuser \
     --auth-password labpass --header "Subject: authenticated submission"
  sw sub-auth-sender-mismatch postfix 127.0.1.10 2 "${PF_SUB[@]}" -tls --ehlo mua10.client.example \
     --from alice@lab.test --to bob@lab.test --auth PLAIN --auth-user labuser --auth-password labpass
  sw smtps-auth-ok postfix 127.0.1.24 2 "${PF_SMTPS[@]}" --tls-on-connect --ehlo mua24.client.example \
     --from labuser@lab.test --to carol@lab.test --auth LOGIN --auth-user labuser \
     --auth-password labpass --header "Subject: smtps submission"
  sw pf-relay-denied postfix 127.0.1.11 5 "${PF[@]}" --ehlo relay11.client.example \
     --from spam@client.example --to victim@remote.example
  sw pf-unknown-user postfix 127.0.1.12 5 "${PF[@]}" --ehlo dict12.client.example \
     --from sender@client.example --to nosuchuser@lab.test
  py pf-syntax-errors postfix 127.0.1.30 2525 script 2 \
     --cmd "EHLO syntax.client.example" --cmd "MAIL FROM bogus" --cmd "<EMPTY>" \
     --cmd "XYZZY" --cmd "VRFY root" --cmd "EHLO" --cmd "QUIT"
  py pf-bad-sequence postfix 127.0.1.31 2525 script 2 \
     --cmd "MAIL FROM:<early@client.example>" --cmd "EHLO sequence.client.example" \
     --cmd "RCPT TO:<labuser@lab.test>" --cmd "DATA" --cmd "MAIL FROM:<a@client.example>" \
     --cmd "MAIL FROM:<b@client.example>" --cmd "RSET" --cmd "QUIT"
  sw pf-invalid-helo postfix 127.0.1.32 2 "${PF[@]}" --ehlo 'bad_helo!' \
     --from sender@client.example --to labuser@lab.test
  sw pf-non-fqdn-sender postfix 127.0.1.29 2 "${PF[@]}" --ehlo fqdn29.client.example \
     --from localpartonly --to labuser@lab.test
  py pf-drop-after-connect postfix 127.0.1.16 2525 drop_after_connect 4
  sw pf-drop-after-ehlo postfix 127.0.1.17 3 "${PF[@]}" --ehlo drop17.client.example \
     --from sender@client.example --to labuser@lab.test --drop-after EHLO
  sw pf-drop-after-rcpt postfix 127.0.1.18 3 "${PF[@]}" --ehlo drop18.client.example \
     --from sender@client.example --to labuser@lab.test --drop-after RCPT
  py pf-drop-in-data postfix 127.0.1.34 2525 drop_in_data 2
  py pf-pregreet postfix 127.0.1.20 2529 pregreet 2 --parallel 2
  py pf-helo-pipelining postfix 127.0.1.21 2525 helo_pipelining 2
  py pf-size-at-mail postfix 127.0.1.23 2525 smtplib 2 --opt size=150000
  sw pf-size-in-data postfix 127.0.1.35 2 "${PF[@]}" --ehlo big35.client.example \
     --from big@client.example --to labuser@lab.test --data "$BIG" --suppress-data
  sw pf-client-blocked postfix 127.0.1.25 3 "${PF[@]}" --ehlo blocked25.client.example \
     --from sender@client.example --to labuser@lab.test
  sw pf-client-421 postfix 127.0.1.26 2 "${PF[@]}" --ehlo bad26.client.example \
     --from sender@client.example --to labuser@lab.test
  sw pf-sender-blocked postfix 127.0.1.27 3 "${PF[@]}" --ehlo spam27.client.example \
     --from spammer@bad.example --to labuser@lab.test
  sw pf-greylisted postfix 127.0.1.28 3 "${PF[@]}" --ehlo grey28.client.example \
     --from sender@client.example --to graylisted@lab.test
  sw pf-blocked-rcpt postfix 127.0.1.36 2 "${PF[@]}" --ehlo rcpt36.client.example \
     --from sender@client.example --to blocked@lab.test
  sw pf-content-reject postfix 127.0.1.37 2 "${PF[@]}" --ehlo spam37.client.example \
     --from sender@client.example --to labuser@lab.test --header "Subject: cheap VIAGRA now"
  sw pf-too-many-rcpts postfix 127.0.1.38 1 "${PF[@]}" --ehlo list38.client.example \
     --from list@client.example --header "Subject: 25 recipients" \
     --to "$(printf 'labuser+%d@lab.test,' $(seq 1 25) | sed 's/,$//')"
  sw pf-rate-limit postfix 127.0.1.33 5 --server 127.0.0.1 --port 2528 --ehlo rate33.client.example \
     --from sender@client.example --to labuser@lab.test --header "Subject: rate limited"
  sw pf-relay-mynetworks postfix 127.0.0.1 3 "${PF[@]}" --ehlo localhost \
     --from labuser@lab.test --to dave@ok.sink.test --header "Subject: relay from mynetworks"

}

ex_inbound() {
  say "Exim (127.0.0.1:2526 / [::1]:2526 / 2527 auth-required)"
  sw ex-deliver-ok exim 127.0.2.1 6 "${EX[@]}" --ehlo mx1.client.example \
     --from sender@client.example --to labuser@lab.test --header "Subject: normal delivery"
  sw ex-ipv6-deliver exim ::1 3 --server ::1 --port 2526 --ehlo v6.client.example \
     --from sender@client.example --to bob@lab.test --header "Subject: over IPv6"
  sw ex-starttls-deliver exim 127.0.2.3 3 "${EX[@]}" -tls --ehlo tls.client.example \
     --from sender@client.example --to carol@lab.test --header "Subject: with STARTTLS"
  py ex-smtplib-deliver exim 127.0.2.2 2526 smtplib 3 --opt to=dave@lab.test
  sw ex-sub-noauth exim 127.0.2.4 4 "${EX_SUB[@]}" --ehlo mua4.client.example \
     --from labuser@lab.test --to bob@lab.test
  py ex-auth-before-tls exim 127.0.2.5 2527 script 2 \
     --cmd "EHLO mua5.client.example" --cmd "AUTH PLAIN AGxhYnVzZXIAbGFicGFzcw==" --cmd "QUIT"
  sw ex-auth-badpass exim 127.0.2.6 6 "${EX_SUB[@]}" -tls --ehlo mua6.client.example \
     --from labuser@lab.test --to bob@lab.test --auth PLAIN --auth-user labuser --auth-password wrong-password
  sw ex-auth-ok exim 127.0.2.7 4 "${EX_SUB[@]}" -tls --ehlo mua7.client.example \
     --from labuser@lab.test --to friend@ok.sink.test --auth LOGIN --auth-user labuser \
     --auth-password labpass --header "Subject: authenticated submission"
  sw ex-relay-denied exim 127.0.2.8 5 "${EX[@]}" --ehlo relay8.client.example \
     --from spam@client.example --to victim@remote.example
  sw ex-unknown-user exim 127.0.2.9 5 "${EX[@]}" --ehlo dict9.client.example \
     --from sender@client.example --to nosuchuser@lab.test
  py ex-syntax-errors exim 127.0.2.10 2526 script 2 \
     --cmd "EHLO syntax.client.example" --cmd "MAIL FROM:<bad address" --cmd "XYZZY" \
     --cmd "VRFY" --cmd "QUIT"
  py ex-bad-sequence exim 127.0.2.30 2526 script 2 \
     --cmd "EHLO sequence.client.example" --cmd "RCPT TO:<labuser@lab.test>" \
     --cmd "MAIL FROM:<a@client.example>" --cmd "MAIL FROM:<b@client.example>" \
     --cmd "DATA" --cmd "QUIT"
  sw ex-invalid-helo exim 127.0.2.31 2 "${EX[@]}" --ehlo 'bad_helo!' \
     --from sender@client.example --to labuser@lab.test
  py ex-drop-after-connect exim 127.0.2.14 2526 drop_after_connect 4
  sw ex-drop-after-rcpt exim 127.0.2.15 3 "${EX[@]}" --ehlo drop15.client.example \
     --from sender@client.example --to labuser@lab.test --drop-after RCPT
  py ex-drop-in-data exim 127.0.2.16 2526 drop_in_data 2
  py ex-helo-pipelining exim 127.0.2.18 2526 helo_pipelining 2
  py ex-too-many-synprot exim 127.0.2.19 2526 too_many_errors 2 --opt 'junk=RCPT TO:<x{i}@lab.test>'
  py ex-too-many-unknown exim 127.0.2.20 2526 too_many_errors 2
  py ex-size-at-mail exim 127.0.2.21 2526 smtplib 2 --opt size=150000
  sw ex-size-in-data exim 127.0.2.22 2 "${EX[@]}" --ehlo big22.client.example \
     --from big@client.example --to labuser@lab.test --data "$BIG" --suppress-data
  sw ex-host-blocked exim 127.0.2.23 3 "${EX[@]}" --ehlo blocked23.client.example \
     --from sender@client.example --to labuser@lab.test
  sw ex-greylisted exim 127.0.2.24 3 "${EX[@]}" --ehlo grey24.client.example \
     --from sender@client.example --to graylisted@lab.test
  sw ex-content-reject exim 127.0.2.25 2 "${EX[@]}" --ehlo spam25.client.example \
     --from sender@client.example --to labuser@lab.test --header "Subject: cheap VIAGRA now"
  py ex-conn-limit exim 127.0.2.26 2526 conn_limit 1 --opt n=4 --opt hold=2
  sw ex-too-many-rcpts exim 127.0.2.27 1 "${EX[@]}" --ehlo list27.client.example \
     --from list@client.example --header "Subject: 25 recipients" \
     --to "$(printf 'labuser+%d@lab.test,' $(seq 1 25) | sed 's/,$//')"
  sw ex-sender-blocked exim 127.0.2.28 3 "${EX[@]}" --ehlo spam28.client.example \
     --from spammer@bad.example --to labuser@lab.test
  sw ex-blocked-rcpt exim 127.0.2.29 2 "${EX[@]}" --ehlo rcpt29.client.example \
     --from sender@client.example --to blocked@lab.test
  sw ex-relay-localhost exim 127.0.0.1 2 "${EX[@]}" --ehlo localhost \
     --from labuser@lab.test --to dave@ok.sink.test --header "Subject: relay from localhost"

}

# slow (timeout) scenarios in the background; the caller waits for BG_PIDS
pf_timeouts_bg() {
  py pf-idle-after-connect postfix 127.0.1.14 2525 idle_after_connect 2 --parallel 2 & BG_PIDS+=($!)
  py pf-idle-after-ehlo    postfix 127.0.1.13 2525 idle_after_ehlo    3 --parallel 3 & BG_PIDS+=($!)
  py pf-idle-after-mail    postfix 127.0.1.19 2525 idle_after_mail    1              & BG_PIDS+=($!)
  py pf-idle-in-data       postfix 127.0.1.15 2525 idle_in_data       2 --parallel 2 & BG_PIDS+=($!)
  py pf-too-many-errors    postfix 127.0.1.22 2525 too_many_errors    2 --parallel 2 & BG_PIDS+=($!)
}

ex_timeouts_bg() {
  py ex-idle-after-connect exim    127.0.2.12 2526 idle_after_connect 2 --parallel 2 & BG_PIDS+=($!)
  py ex-idle-after-ehlo    exim    127.0.2.11 2526 idle_after_ehlo    3 --parallel 3 & BG_PIDS+=($!)
  py ex-idle-in-data       exim    127.0.2.13 2526 idle_in_data       2 --parallel 2 & BG_PIDS+=($!)
  py ex-pregreet           exim    127.0.2.17 2526 pregreet           2 --parallel 2 & BG_PIDS+=($!)
}

phase_srv221() {  # development aid: the srv221 set on its own
  SRV221_BG=()
  srv221_outbound
  srv221_idle_bg
  srv221_clients
  local p; for p in "${SRV221_BG[@]}"; do wait "$p" || true; done
}

phase_A() {
  say "Postfix 'day 1' traffic (will be rotated into *.log.1.gz)"
  sw pf-day1-deliver      postfix 127.0.5.1 20 "${PF[@]}" --ehlo day1.client.example \
     --from news@day1.example --to labuser@lab.test --header "Subject: day one" --suppress-data
  sw pf-day1-unknown-user postfix 127.0.5.2 4  "${PF[@]}" --ehlo day1b.client.example \
     --from news@day1.example --to ghost@lab.test
}

phase_B() {
  make_big
  # ---------------------------------------------------------------- outbound
  say "outbound: Postfix smtp client -> loopback sinks (deferred/bounced/sent)"
  inj out-pf-sent        postfix bob@ok.sink.test          3 sent
  inj out-pf-rcpt550     postfix user1@reject550.sink.test 2 bounced
  inj out-pf-rcpt552     postfix user2@full552.sink.test   1 bounced
  inj out-pf-mail553     postfix user3@mail553.sink.test   1 bounced
  inj out-pf-data554     postfix user4@data554.sink.test   2 bounced
  inj out-pf-greet554    postfix user5@greet554.sink.test  1 expired
  inj out-pf-rcpt450     postfix user6@temp450.sink.test   2 expired
  inj out-pf-greet421    postfix user7@greet421.sink.test  1 expired
  inj out-pf-ehlo421     postfix user8@ehlo421.sink.test   1 expired
  inj out-pf-data451     postfix user9@data451.sink.test   1 expired
  inj out-pf-refused     postfix user10@refused.sink.test  2 expired
  inj out-pf-silent      postfix user11@silent.sink.test   1 expired
  inj out-pf-drop        postfix user12@drop.sink.test     1 expired
  inj out-pf-to-exim     postfix carol@exim.lab.test       2 sent
  say "outbound: Exim smtp transport -> loopback sinks"
  inj out-ex-sent        exim bob@ok.sink.test          3 sent
  inj out-ex-rcpt550     exim user1@reject550.sink.test 2 bounced
  inj out-ex-rcpt552     exim user2@full552.sink.test   1 bounced
  inj out-ex-mail553     exim user3@mail553.sink.test   1 bounced
  inj out-ex-data554     exim user4@data554.sink.test   2 bounced
  inj out-ex-greet554    exim user5@greet554.sink.test  1 bounced
  inj out-ex-rcpt450     exim user6@temp450.sink.test   2 expired
  inj out-ex-greet421    exim user7@greet421.sink.test  1 expired
  inj out-ex-ehlo421     exim user8@ehlo421.sink.test   1 expired
  inj out-ex-data451     exim user9@data451.sink.test   1 expired
  inj out-ex-refused     exim user10@refused.sink.test  2 expired
  inj out-ex-silent      exim user11@silent.sink.test   1 expired
  inj out-ex-drop        exim user12@drop.sink.test     1 expired
  inj out-ex-to-postfix  exim alice@postfix.lab.test    2 sent
  SRV221_BG=()
  srv221_outbound

  # ------------------------------------------ slow (timeout) ones, background
  say "idle / timeout scenarios (background, ~5 s server timeouts)"
  BG_PIDS=()
  pf_timeouts_bg
  ex_timeouts_bg
  srv221_idle_bg
  pscrn_scenarios & BG_PIDS+=($!)

  pf_inbound
  ex_inbound

  # ---------------------------------------------------------------- srv221
  srv221_clients

  # ---------------------------------------------------------------- volume
  say "volume traffic (seeded mix: ok / unknown user / relay denied / drop after EHLO)"
  "${L[@]}" volume --server postfix --port 2525 --count "${LAB_VOLUME_PF:-360}" --parallel 4 --seed 11 \
      --ips 127.0.3.1,127.0.3.2,127.0.3.3,127.0.3.4,127.0.3.5,127.0.3.6,127.0.3.7,127.0.3.8
  "${L[@]}" volume --server exim --port 2526 --count "${LAB_VOLUME_EX:-240}" --parallel 4 --seed 22 \
      --ips 127.0.4.1,127.0.4.2,127.0.4.3,127.0.4.4,127.0.4.5,127.0.4.6,127.0.4.7,127.0.4.8

  say "waiting for background scenarios"
  local p; for p in "${BG_PIDS[@]}" "${SRV221_BG[@]}"; do wait "$p" || true; done
  rm -f "$BIG"
}

# ------------------------------------------------------------------ R
# The reduced set of the lab variants (run-lab.sh variants): every inbound
# reply-code scenario of the chosen server(s), the postscreen set (Postfix),
# the outbound groups whose result comes at the first try (sent / bounced:
# no retry, so their log lines do not depend on timing), the relay to the
# other server (outbound TLS, for smtp_tls_loglevel), and a small seeded
# volume mix.  No rotation, no postlogd, no srv221 (the responders' own
# clients never reach Postfix or Exim).
#   R = both servers, Rpf = Postfix only, Rex = Exim only.
phase_R() {
  local servers=$1 p
  make_big
  BG_PIDS=()
  if [[ $servers == *pf* ]]; then
    say "reduced set: Postfix outbound (immediate results only)"
    inj out-pf-sent        postfix bob@ok.sink.test          3 sent
    inj out-pf-rcpt550     postfix user1@reject550.sink.test 2 bounced
    inj out-pf-rcpt552     postfix user2@full552.sink.test   1 bounced
    inj out-pf-mail553     postfix user3@mail553.sink.test   1 bounced
    inj out-pf-data554     postfix user4@data554.sink.test   2 bounced
    inj out-pf-to-exim     postfix carol@exim.lab.test       2 sent
    pf_timeouts_bg
    pscrn_scenarios & BG_PIDS+=($!)
  fi
  if [[ $servers == *ex* ]]; then
    say "reduced set: Exim outbound (immediate results only)"
    inj out-ex-sent        exim bob@ok.sink.test          3 sent
    inj out-ex-rcpt550     exim user1@reject550.sink.test 2 bounced
    inj out-ex-rcpt552     exim user2@full552.sink.test   1 bounced
    inj out-ex-mail553     exim user3@mail553.sink.test   1 bounced
    inj out-ex-data554     exim user4@data554.sink.test   2 bounced
    inj out-ex-greet554    exim user5@greet554.sink.test  1 bounced
    inj out-ex-to-postfix  exim alice@postfix.lab.test    2 sent
    ex_timeouts_bg
  fi
  if [[ $servers == *pf* ]]; then
    pf_inbound
    "${L[@]}" volume --server postfix --port 2525 --count "${LAB_VARIANT_VOLUME_PF:-24}" \
        --parallel 4 --seed 11 --ips 127.0.3.1,127.0.3.2,127.0.3.3,127.0.3.4
  fi
  if [[ $servers == *ex* ]]; then
    ex_inbound
    "${L[@]}" volume --server exim --port 2526 --count "${LAB_VARIANT_VOLUME_EX:-24}" \
        --parallel 4 --seed 22 --ips 127.0.4.1,127.0.4.2,127.0.4.3,127.0.4.4
  fi
  say "waiting for background scenarios"
  for p in "${BG_PIDS[@]}"; do wait "$p" || true; done
  rm -f "$BIG"
}

phase_C() {
  say "Postfix logging via postlogd (maillog_file)"
  sw pf-postlog-deliver postfix 127.0.6.1 5 "${PF[@]}" --ehlo log1.client.example \
     --from sender@client.example --to labuser@lab.test --header "Subject: postlogd"
  sw pf-postlog-unknown-user postfix 127.0.6.2 3 "${PF[@]}" --ehlo log2.client.example \
     --from sender@client.example --to nobody-here@lab.test
  sw pf-postlog-relay-denied postfix 127.0.6.3 2 "${PF[@]}" --ehlo log3.client.example \
     --from sender@client.example --to victim@remote.example
  sw pf-postlog-auth-fail postfix 127.0.6.5 2 "${PF_SUB[@]}" -tls --ehlo log5.client.example \
     --from labuser@lab.test --to bob@lab.test --auth PLAIN --auth-user labuser --auth-password nope
  py pf-postlog-idle postfix 127.0.6.4 2525 idle_after_ehlo 1
}

case "$PHASE" in
  A) phase_A ;;
  B) phase_B ;;
  C) phase_C ;;
  srv221) phase_srv221 ;;
  pscrn) pscrn_scenarios ;;
  R) phase_R pfex ;;
  Rpf) phase_R pf ;;
  Rex) phase_R ex ;;
  *) echo "usage: $0 A|B|C|srv221|pscrn|R|Rpf|Rex" >&2; exit 2 ;;
esac
