#!/usr/bin/env bash
# run-lab.sh -- "real mail log lab": real Postfix + real Exim on loopback,
# driven by swaks / python clients, producing real server logs, client
# transcripts and a ground-truth file under lab/out/.
#
# Usage:  lab/run-lab.sh [all]         install + configure + run everything
#         lab/run-lab.sh install       packages only (apt-get, Exim .debs)
#         lab/run-lab.sh configure     write configs, users, cert, sasldb
#         lab/run-lab.sh run           (configure must be done) run the lab
#         lab/run-lab.sh verify        rebuild ground-truth.json from out/
#
# Options (env):  LAB_HOST_NET=1   do NOT isolate the run in a private
#                                  network namespace (see README)
#                 LAB_VOLUME_PF=N  number of Postfix volume sessions (360)
#                 LAB_VOLUME_EX=N  number of Exim volume sessions (240)
#
# Safety: every listener is 127.0.0.1/::1, every outbound delivery goes to a
# loopback port, and by default the whole run happens inside `unshare --net`
# (a namespace whose only interface is lo), so no packet can leave the host.
# No daemon is left running: they are stopped by their own stop command or
# by the PIDs recorded in /run/mail-lab/*.pid.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${LAB_OUT:-$LAB_DIR/out}
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
CONF=$LAB_DIR/conf
RUN=/run/mail-lab
LOGDIR=/var/log/mail-lab
EXIM_ROOT=/opt/mail-lab/exim-root
EXIM_BIN=$EXIM_ROOT/usr/sbin/exim4
EXIM_CONF=/etc/exim-lab/exim.conf
PY=${LAB_PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=$(command -v python3)
export LAB_DIR OUT RUN LOGDIR EXIM_BIN EXIM_CONF PY

log() { printf '[run-lab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root"

# --------------------------------------------------------------------------
# install
# --------------------------------------------------------------------------
PKGS=(postfix swaks libnet-ssleay-perl libio-socket-ssl-perl
      libio-socket-inet6-perl libauthen-sasl-perl rsyslog sasl2-bin
      libsasl2-modules libsasl2-modules-db openssl logrotate iproute2
      util-linux python3)

do_install() {
  local missing=() p
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
      || missing+=("$p")
  done
  local created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    # keep apt from starting postfix/rsyslog with their default configs
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing: ${missing[*]}"
    apt-get update
    # postfix conflicts with exim4-daemon-*: postfix is installed with apt,
    # Exim is unpacked privately below.  "No configuration": we write main.cf.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    echo "postfix postfix/mailname string mail.lab.test" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  else
    log "all Debian packages already installed"
  fi

  if [ ! -x "$EXIM_BIN" ]; then
    log "unpacking Exim (exim4-daemon-light) into $EXIM_ROOT (it conflicts with postfix as a package)"
    mkdir -p /opt/mail-lab/debs
    ( cd /opt/mail-lab/debs && rm -f ./*.deb && apt-get download exim4-daemon-light exim4-base ) \
      || { apt-get update && ( cd /opt/mail-lab/debs && apt-get download exim4-daemon-light exim4-base ); }
    rm -rf "$EXIM_ROOT"; mkdir -p "$EXIM_ROOT"
    local deb deps
    for deb in /opt/mail-lab/debs/*.deb; do dpkg-deb -x "$deb" "$EXIM_ROOT"; done
    # shared libraries the daemon needs (Depends minus exim4-base/debconf)
    deps=$(dpkg-deb -f /opt/mail-lab/debs/exim4-daemon-light_*.deb Depends \
           | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' \
           | grep -vE '^(exim4-base|debconf.*|)$' | sort -u)
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $deps
  fi
  if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  "$EXIM_BIN" -bV >/dev/null 2>&1 || true
  log "install done: $(postconf -dh mail_version 2>/dev/null | sed 's/^/postfix /'),"\
" $("$EXIM_BIN" -bV 2>/dev/null | head -1), $(swaks --version 2>/dev/null | head -1)"
}

# --------------------------------------------------------------------------
# configure
# --------------------------------------------------------------------------
LAB_USERS=(labuser alice bob carol dave)

do_configure() {
  command -v postconf >/dev/null || die "postfix not installed (run: $0 install)"
  [ -x "$EXIM_BIN" ] || die "exim not unpacked (run: $0 install)"
  local u
  for u in "${LAB_USERS[@]}"; do
    id -u "$u" >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin -c "mail lab user" "$u"
  done
  getent group Debian-exim >/dev/null || groupadd --system Debian-exim
  id -u Debian-exim >/dev/null 2>&1 || useradd --system -g Debian-exim -d /var/spool/exim-lab \
      -s /usr/sbin/nologin Debian-exim

  # --- TLS: one self-signed certificate for both servers
  mkdir -p /etc/mail-lab/tls
  if [ ! -s /etc/mail-lab/tls/cert.pem ] || [ ! -s /etc/mail-lab/tls/key.pem ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
      -subj "/O=Mail Log Lab/CN=mail.lab.test" \
      -addext "subjectAltName=DNS:mail.lab.test,DNS:exim.lab.test,IP:127.0.0.1,IP:::1" \
      -keyout /etc/mail-lab/tls/key.pem -out /etc/mail-lab/tls/cert.pem 2>/dev/null
  fi
  chown root:Debian-exim /etc/mail-lab/tls/key.pem; chmod 640 /etc/mail-lab/tls/key.pem
  chmod 644 /etc/mail-lab/tls/cert.pem

  # --- Postfix
  if [ -f /etc/postfix/main.cf ] && ! grep -q 'mail-log lab' /etc/postfix/main.cf \
     && [ ! -f /etc/postfix/main.cf.pre-lab ]; then
    cp -p /etc/postfix/main.cf /etc/postfix/main.cf.pre-lab
    cp -p /etc/postfix/master.cf /etc/postfix/master.cf.pre-lab 2>/dev/null || true
  fi
  install -m 644 "$CONF/postfix/main.cf" /etc/postfix/main.cf
  install -m 644 "$CONF/postfix/master.cf" /etc/postfix/master.cf
  mkdir -p /etc/postfix/lab
  local f
  for f in transport client_access.cidr sender_access recipient_access sender_login \
           header_checks aliases postscreen_access.cidr; do
    install -m 644 "$CONF/postfix/$f" "/etc/postfix/lab/$f"
  done
  postalias /etc/postfix/lab/aliases
  mkdir -p /etc/postfix/sasl
  install -m 644 "$CONF/postfix/sasl-smtpd.conf" /etc/postfix/sasl/smtpd.conf
  [ -s /etc/mailname ] || echo mail.lab.test > /etc/mailname
  # SASL users in sasldb (realm = $myhostname, see smtpd_sasl_local_domain)
  echo labpass   | saslpasswd2 -p -c -u mail.lab.test labuser
  echo alicepass | saslpasswd2 -p -c -u mail.lab.test alice
  chown root:postfix /etc/sasldb2; chmod 640 /etc/sasldb2
  postfix set-permissions >/dev/null 2>&1 || true
  postfix check || die "postfix check failed"

  # --- Exim (private copy, started with -C; config must be trusted)
  mkdir -p /etc/exim-lab /var/spool/exim-lab /var/log/exim-lab /var/lib/exim-lab/mail
  install -m 644 -o root -g root "$CONF/exim/exim.conf" "$EXIM_CONF"
  for f in sinkhosts aliases localusers; do
    install -m 644 "$CONF/exim/$f" "/etc/exim-lab/$f"
  done
  mkdir -p /etc/exim4
  touch /etc/exim4/trusted_configs
  grep -qxF "$EXIM_CONF" /etc/exim4/trusted_configs || echo "$EXIM_CONF" >> /etc/exim4/trusted_configs
  chown root:root /etc/exim4/trusted_configs; chmod 644 /etc/exim4/trusted_configs
  chown Debian-exim:Debian-exim /var/spool/exim-lab /var/log/exim-lab /var/lib/exim-lab/mail
  chmod 750 /var/spool/exim-lab /var/log/exim-lab
  "$EXIM_BIN" -C "$EXIM_CONF" -bV >/dev/null || die "exim config check failed"

  mkdir -p "$LOGDIR" /var/spool/rsyslog-lab "$RUN"
  log "configure done"
}

# --------------------------------------------------------------------------
# start / stop (inside the namespace)
# --------------------------------------------------------------------------
pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_port() { # host port -- wait for a LISTEN socket (no probe connection,
               # so readiness checks leave no "connect from" lines in the logs)
  local i
  for i in $(seq 1 50); do
    [ -n "$(ss -Hltn "src $1 and sport = :$2" 2>/dev/null)" ] && return 0
    sleep 0.2
  done
  return 1
}

start_rsyslog() {
  [ ! -e /dev/log ] || [ -S /dev/log ] || die "/dev/log exists and is not a socket"
  if pid_alive "$RUN/rsyslogd.pid"; then die "lab rsyslogd already running"; fi
  if [ -S /dev/log ]; then
    # somebody else's syslog socket?  refuse to hijack it
    "$PY" -c 'import socket;s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM);s.connect("/dev/log")' 2>/dev/null \
      && die "/dev/log is served by another syslog daemon; stop it first"
    rm -f /dev/log
  fi
  rsyslogd -f "$CONF/rsyslog.conf" -i "$RUN/rsyslogd.pid"
  local i; for i in $(seq 1 50); do [ -S /dev/log ] && break; sleep 0.1; done
  [ -S /dev/log ] || die "rsyslogd did not create /dev/log"
  log "rsyslogd started (pid $(cat "$RUN/rsyslogd.pid"))"
}

start_sinks() {
  "$PY" "$LAB_DIR/bin/smtp_sinks.py" --transcript "$LOGDIR/sink-transcripts.txt" \
       --pidfile "$RUN/sinks.pid" >>"$LOGDIR/sinks.stderr" 2>&1 &
  wait_port 127.0.9.1 25 || die "sinks did not start (see $LOGDIR/sinks.stderr)"
  wait_port 127.0.9.13 25 || die "sinks did not start (see $LOGDIR/sinks.stderr)"
  wait_port 127.0.9.24 25 || die "sinks did not start (see $LOGDIR/sinks.stderr)"
  log "python SMTP sinks started (pid $(cat "$RUN/sinks.pid")) on 127.0.9.1-13:25 (127.0.9.9 refuses)"\
" + srv221 responders 127.0.9.20-24:25"
}

# PF_CONFIG: the config directory of the Postfix instance the lab drives
# (/etc/postfix; /etc/postfix-out in the pf-postmulti variant)
PF_CONFIG=${PF_CONFIG:-/etc/postfix}
export PF_CONFIG

start_postfix() {
  postfix -c "$PF_CONFIG" start
  wait_port 127.0.0.1 2525 || die "postfix did not start"
  wait_port 127.0.0.1 2530 || die "postfix postscreen (127.0.0.1:2530) did not start"
  wait_port '[::1]' 2530 || die "postfix postscreen ([::1]:2530) did not start"
  log "postfix started ($PF_CONFIG, master pid $(head -1 "$(postconf -c "$PF_CONFIG" -h queue_directory)/pid/master.pid" | tr -d ' '))"
}

start_exim() {
  "$EXIM_BIN" -C "$EXIM_CONF" -bd -q20s
  wait_port 127.0.0.1 2526 || die "exim did not start"
  log "exim started (pid $(cat "$RUN/exim.pid"))"
}

stop_pidfile() { # name pidfile
  local pid
  if [ -s "$2" ]; then
    pid=$(tr -d ' \n' < "$2")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      local i; for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && { log "$1 ($pid) did not exit, sending KILL"; kill -KILL "$pid" || true; }
      log "stopped $1 (pid $pid)"
    fi
    rm -f "$2"
  fi
}

stop_all() {
  set +e
  # "master -t" exits 0 when no Postfix master is running (no stale-pid guess)
  if ! "$(postconf -h daemon_directory)/master" -t 2>/dev/null; then
    postfix stop; sleep 1
  fi
  # the second instance of the pf-postmulti variant
  if [ -d /etc/postfix-out ] && ! "$(postconf -h daemon_directory)/master" -c /etc/postfix-out -t 2>/dev/null; then
    postfix -c /etc/postfix-out stop; sleep 1
  fi
  stop_pidfile exim "$RUN/exim.pid"
  stop_pidfile sinks "$RUN/sinks.pid"
  stop_pidfile content-filter "$RUN/content-filter.pid"
  sleep 0.5
  stop_syslog_stack
  stop_pidfile rsyslogd "$RUN/rsyslogd.pid"
  [ -S /dev/log ] && rm -f /dev/log
  set -e
}

# --------------------------------------------------------------------------
# run: the part that executes inside the network namespace
# --------------------------------------------------------------------------
reset_state() {
  log "resetting lab state (queues, logs, mailboxes, out/)"
  postsuper -d ALL >/dev/null 2>&1 || true
  find /var/spool/exim-lab/input /var/spool/exim-lab/msglog /var/spool/exim-lab/db \
       -type f -delete 2>/dev/null || true
  rm -f /var/log/exim-lab/* "$LOGDIR"/* /var/lib/exim-lab/mail/*
  local u; for u in "${LAB_USERS[@]}"; do rm -f "/var/mail/$u"; done
  rm -f /var/lib/logrotate-mail-lab.status
  # fresh postscreen cache every run (postscreen_cache_map, btree): the first
  # good session from a pscrn client IP is then always "PASS NEW"
  rm -f "$(postconf -h data_directory)/postscreen_cache.db"
  # restore the syslog-only Postfix logging (phase C switches to postlogd)
  postconf -e 'maillog_file =' >/dev/null
  mkdir -p "$OUT" "$LOGDIR" "$RUN"
  find "$OUT" -mindepth 1 -maxdepth 1 ! -name '.gitignore' -exec rm -rf {} +
}

queue_len_pf() { postqueue -c "$PF_CONFIG" -j 2>/dev/null | wc -l; }
queue_len_ex() { "$EXIM_BIN" -C "$EXIM_CONF" -bpc 2>/dev/null || echo 0; }

wait_queues() { # max_seconds
  local end=$((SECONDS + $1)) pf ex
  while [ $SECONDS -lt $end ]; do
    pf=$(queue_len_pf); ex=$(queue_len_ex)
    [ "$pf" = 0 ] && [ "$ex" = 0 ] && { log "queues empty"; return 0; }
    log "queues: postfix=$pf exim=$ex (waiting for retries/expiry)"
    postqueue -c "$PF_CONFIG" -f >/dev/null 2>&1 || true
    "$EXIM_BIN" -C "$EXIM_CONF" -qff >/dev/null 2>&1 &
    sleep 15
  done
  log "queues not empty after $1 s: postfix=$(queue_len_pf) exim=$(queue_len_ex)"
}

do_inner() {
  if [ "${LAB_IN_NETNS:-0}" = 1 ]; then
    ip link set lo up
    log "inside private network namespace: $(ip -brief addr | tr '\n' ';')"
  fi
  trap stop_all EXIT
  stop_all >/dev/null 2>&1 || true
  reset_state
  date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/.run-started"
  start_rsyslog
  start_sinks
  start_postfix
  start_exim

  # Phase A ("yesterday"): a small batch, then a real logrotate run
  bash "$LAB_DIR/scenarios.sh" A
  sleep 2
  logrotate -f -s /var/lib/logrotate-mail-lab.status "$CONF/logrotate.conf"
  sleep 1
  log "rotated: $(ls "$LOGDIR" | tr '\n' ' ')"

  # Phase B: the main scenario set (outbound first so retries/expiry happen)
  bash "$LAB_DIR/scenarios.sh" B
  wait_queues "${LAB_QUEUE_WAIT:-240}"

  # Phase C: switch Postfix to its own postlogd logging (maillog_file) and
  # run a few scenarios, to get the native Postfix log-file format too.
  postfix stop; sleep 1
  postconf -e "maillog_file = $LOGDIR/postfix-maillog_file.log"
  postfix start
  wait_port 127.0.0.1 2525 || die "postfix did not restart"
  bash "$LAB_DIR/scenarios.sh" C
  sleep 3
  postfix stop; sleep 1
  postconf -e 'maillog_file =' >/dev/null

  stop_all
  trap - EXIT
  collect
}

collect() {
  log "collecting logs into $OUT"
  cp "$LOGDIR/postfix-syslog.log" "$OUT/postfix-syslog.log"
  cp "$LOGDIR/postfix-syslog.log.1.gz" "$OUT/postfix-syslog.log.1.gz"
  cp "$LOGDIR/postfix-rfc3339.log" "$OUT/postfix-rfc3339.log"
  cp "$LOGDIR/postfix-rfc3339.log.1.gz" "$OUT/postfix-rfc3339.log.1.gz"
  cp "$LOGDIR/postfix-maillog_file.log" "$OUT/postfix-maillog_file.log" 2>/dev/null || true
  cp "$LOGDIR/exim-syslog.log" "$OUT/exim-syslog.log"
  # the other rsyslog templates (RFC 3339 for Exim, RFC 5424 for both)
  local f
  for f in postfix-rfc5424.log postfix-rfc5424.log.1.gz exim-rfc3339.log exim-rfc5424.log; do
    [ -e "$LOGDIR/$f" ] && cp "$LOGDIR/$f" "$OUT/$f"
  done
  cp /var/log/exim-lab/mainlog "$OUT/exim-mainlog"
  cp /var/log/exim-lab/rejectlog "$OUT/exim-rejectlog"
  if [ -s /var/log/exim-lab/paniclog ]; then cp /var/log/exim-lab/paniclog "$OUT/exim-paniclog"; fi
  cp "$LOGDIR/sink-transcripts.txt" "$OUT/sink-transcripts.txt"
  [ -s "$LOGDIR/other.log" ] && cp "$LOGDIR/other.log" "$OUT/other-syslog.log" || true
  chmod 644 "$OUT"/* 2>/dev/null || true
  do_verify
  log "output size: $(du -sh "$OUT" | cut -f1)"
}

do_verify() {
  "$PY" "$LAB_DIR/bin/verify.py" --out "$OUT" --lab "$LAB_DIR"
}

do_run() {
  [ -f /etc/postfix/main.cf ] && grep -q 'mail-log lab' /etc/postfix/main.cf \
    || die "not configured (run: $0 configure)"
  if [ "${LAB_HOST_NET:-0}" = 1 ]; then
    log "LAB_HOST_NET=1: running in the host network namespace (loopback listeners only)"
    # without the namespace, make sure smtpd does no reverse DNS for clients
    postconf -e 'smtpd_peername_lookup = no' >/dev/null
    do_inner
    postconf -X smtpd_peername_lookup >/dev/null
  else
    command -v unshare >/dev/null || die "unshare missing; use LAB_HOST_NET=1"
    # (bash + absolute path: "$0" alone fails when started as "bash run-lab.sh",
    # because unshare looks a slash-less name up in $PATH)
    LAB_IN_NETNS=1 unshare --net -- bash "$LAB_DIR/$(basename "${BASH_SOURCE[0]}")" _inner
  fi
}

# the lab variants (other log_selector / Postfix settings / syslog daemons)
# shellcheck source=variants.sh
. "$LAB_DIR/variants.sh"

cmd=${1:-all}
case "$cmd" in
  all)        do_install; do_configure; do_run ;;
  install)    do_install ;;
  configure)  do_configure ;;
  run)        do_run ;;
  _inner)     do_inner ;;
  verify)     do_verify ;;
  stop)       stop_all ;;
  install-variants) do_install_variants ;;
  variants)   shift; do_variants "$@" ;;
  _variants_inner) shift; do_variants_inner "$@" ;;
  *) echo "usage: $0 [all|install|configure|run|verify|stop|install-variants|variants [NAME...]]" >&2; exit 2 ;;
esac
