# variants.sh -- the lab variants (sourced by run-lab.sh; see README.md,
# "Variants").  Each variant runs a reduced scenario set (scenarios.sh R, Rpf,
# Rex or pscrn) with one change to the default configuration: another Exim
# log_selector, another Postfix setting, a second Postfix instance, other
# postscreen actions, or other syslog daemons (journald + syslog-ng).  Its
# logs land in $LAB_VARIANTS_OUT/<variant>/ (default Lab/variants-out/).
#
# Everything is restored after each variant: the lab's main.cf, master.cf and
# exim.conf are installed again, the journald drop-in and sockets removed.

SNG_ROOT=/opt/mail-lab/syslog-ng-root
SNG_BIN=$SNG_ROOT/usr/sbin/syslog-ng
JOURNALD_BIN=/lib/systemd/systemd-journald
VARIANTS_OUT=${LAB_VARIANTS_OUT:-$LAB_DIR/variants-out}
# Exim 4.98 from bookworm-backports (unpacked like 4.96): log_selector
# +connection_id does not exist before Exim 4.97
EXIM498_ROOT=/opt/mail-lab/exim498-root
EXIM_BIN_LAB=$EXIM_BIN

# The lab's own log_selector (conf/exim/exim.conf); the ex-* variants add one
# option to it, the ex-no-* variants take one of its options away.
EX_SELECTOR_LAB="+smtp_protocol_error +smtp_syntax_error +smtp_no_mail +smtp_connection +incoming_port +tls_cipher +tls_peerdn +subject +lost_incoming_connection"
EX_PLUS=(pid connection_id outgoing_port smtp_incomplete_transaction sender_on_delivery
         deliver_time millisec all)
EX_MINUS=(incoming_port smtp_connection smtp_no_mail smtp_protocol_error smtp_syntax_error
          tls_peerdn)

all_variants() {
  local x
  echo default syslog-stack pf-client-port-logging pf-tls-loglevel-0 pf-tls-loglevel-2 \
       pf-postmulti pf-content-filter pscrn-enforce pscrn-drop
  for x in "${EX_PLUS[@]}"; do echo "ex-$x"; done
  for x in "${EX_MINUS[@]}"; do echo "ex-no-$x"; done
  echo ex498-default ex498-connection_id
}

# variant_spec NAME -- sets V_DESC, V_PHASE (scenarios.sh phase), V_SYSLOG
# (rsyslog | journald+syslog-ng), V_PF_SET (postconf -e settings), V_EX_SELECTOR
# (empty: the lab's), V_PF_CONFIG (Postfix config dir the scenarios talk to)
variant_spec() {
  V_PHASE=R V_SYSLOG=rsyslog V_PF_SET=() V_EX_SELECTOR="" V_PF_CONFIG=/etc/postfix V_FILTER=0
  V_EXIM_BIN=$EXIM_BIN_LAB
  local x
  case "$1" in
    default)
      V_DESC="the default configuration (rsyslog writes classic, RFC 3339 and RFC 5424 copies)" ;;
    syslog-stack)
      V_SYSLOG=journald+syslog-ng
      V_DESC="systemd-journald (started by hand) owns /dev/log; syslog-ng reads its journal (default file template and RFC 5424)" ;;
    pf-client-port-logging)
      V_PHASE=Rpf V_PF_SET=("smtpd_client_port_logging = yes")
      V_DESC="Postfix smtpd_client_port_logging = yes" ;;
    pf-tls-loglevel-0)
      V_PHASE=Rpf V_PF_SET=("smtpd_tls_loglevel = 0" "smtp_tls_loglevel = 0")
      V_DESC="Postfix smtpd_tls_loglevel = 0, smtp_tls_loglevel = 0 (Postfix's defaults; the lab uses 1)" ;;
    pf-tls-loglevel-2)
      V_PHASE=Rpf V_PF_SET=("smtpd_tls_loglevel = 2" "smtp_tls_loglevel = 2")
      V_DESC="Postfix smtpd_tls_loglevel = 2, smtp_tls_loglevel = 2" ;;
    pf-postmulti)
      V_PHASE=Rpf V_PF_CONFIG=/etc/postfix-out
      V_DESC="a second Postfix instance made with postmulti (postfix-out, syslog_name postfix-out) serves every listener" ;;
    pf-content-filter)
      V_PHASE=Rpf V_FILTER=1 V_PF_SET=("content_filter = scan:[127.0.0.1]:10024")
      V_DESC="an after-queue content filter (FILTER_README's advanced setup, as amavisd-new is wired): content_filter = scan:[127.0.0.1]:10024, a pass-through filter (bin/content_filter.py) that re-injects into smtpd on 127.0.0.1:10025 (syslog_name postfix/10025) with XFORWARD" ;;
    pscrn-enforce)
      V_PHASE=pscrn
      V_PF_SET=("postscreen_denylist_action = enforce" "postscreen_greet_action = enforce"
                "postscreen_pipelining_action = enforce" "postscreen_non_smtp_command_action = enforce"
                "postscreen_bare_newline_action = enforce")
      V_DESC="postscreen: every action enforce (the lab: denylist and non-SMTP drop, the others enforce)" ;;
    pscrn-drop)
      V_PHASE=pscrn
      V_PF_SET=("postscreen_denylist_action = drop" "postscreen_greet_action = drop"
                "postscreen_pipelining_action = drop" "postscreen_non_smtp_command_action = drop"
                "postscreen_bare_newline_action = drop")
      V_DESC="postscreen: every action drop" ;;
    ex498-default)
      V_PHASE=Rex V_EXIM_BIN=$EXIM498_ROOT/usr/sbin/exim4 V_EX_SELECTOR=$EX_SELECTOR_LAB
      V_DESC="Exim 4.98 (bookworm-backports) with the lab's log_selector" ;;
    ex498-connection_id)
      V_PHASE=Rex V_EXIM_BIN=$EXIM498_ROOT/usr/sbin/exim4 V_EX_SELECTOR="$EX_SELECTOR_LAB +connection_id"
      V_DESC="Exim 4.98 (bookworm-backports) with log_selector +connection_id: $V_EX_SELECTOR" ;;
    ex-no-*)
      x=${1#ex-no-}
      [[ " ${EX_MINUS[*]} " == *" $x "* ]] || die "unknown variant $1"
      V_PHASE=Rex V_EX_SELECTOR=$(echo " $EX_SELECTOR_LAB " | sed "s/ +$x / /; s/^ //; s/ $//")
      V_DESC="Exim log_selector without +$x: $V_EX_SELECTOR" ;;
    ex-*)
      x=${1#ex-}
      [ "$x" = connection_id ] && die "+connection_id needs Exim 4.97+: use variant ex498-connection_id"
      [[ " ${EX_PLUS[*]} " == *" $x "* ]] || die "unknown variant $1"
      V_PHASE=Rex V_EX_SELECTOR="$EX_SELECTOR_LAB +$x"
      V_DESC="Exim log_selector with +$x: $V_EX_SELECTOR" ;;
    *) die "unknown variant $1 (known: $(all_variants | tr '\n' ' '))" ;;
  esac
}

# --------------------------------------------------------------------------
# install: syslog-ng-core conflicts with rsyslog as a Debian package, so it is
# unpacked privately (like Exim); pflogsumm for the peer reports
# --------------------------------------------------------------------------
do_install_variants() {
  if [ ! -x "$SNG_BIN" ]; then
    log "unpacking syslog-ng-core into $SNG_ROOT (it conflicts with rsyslog as a package)"
    mkdir -p /opt/mail-lab/debs-sng
    ( cd /opt/mail-lab/debs-sng && rm -f ./*.deb && apt-get download syslog-ng-core ) \
      || { apt-get update && ( cd /opt/mail-lab/debs-sng && apt-get download syslog-ng-core ); }
    rm -rf "$SNG_ROOT"; mkdir -p "$SNG_ROOT"
    dpkg-deb -x /opt/mail-lab/debs-sng/syslog-ng-core_*.deb "$SNG_ROOT"
    local deps
    deps=$(dpkg-deb -f /opt/mail-lab/debs-sng/syslog-ng-core_*.deb Depends \
           | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' | grep -vE '^(sysvinit-utils|)$' | sort -u)
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $deps
  fi
  if [ ! -x "$EXIM498_ROOT/usr/sbin/exim4" ]; then
    # a private apt list of bookworm-backports (the machine's sources stay as they are)
    local bp=/opt/mail-lab/apt-backports
    mkdir -p "$bp/lists/partial" /opt/mail-lab/debs-exim498
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-backports main" \
      > "$bp/sources.list"
    local aopt=(-o "Dir::Etc::sourcelist=$bp/sources.list" -o Dir::Etc::sourceparts=/nonexistent
                -o "Dir::State::Lists=$bp/lists")
    apt-get "${aopt[@]}" update
    ( cd /opt/mail-lab/debs-exim498 && rm -f ./*.deb \
      && apt-get "${aopt[@]}" download exim4-daemon-light/bookworm-backports exim4-base/bookworm-backports )
    rm -rf "$EXIM498_ROOT"; mkdir -p "$EXIM498_ROOT"
    local deb; for deb in /opt/mail-lab/debs-exim498/*.deb; do dpkg-deb -x "$deb" "$EXIM498_ROOT"; done
  fi
  dpkg-query -W -f='${Status}' pflogsumm 2>/dev/null | grep -q 'install ok installed' \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends pflogsumm
  [ -x "$JOURNALD_BIN" ] || die "$JOURNALD_BIN missing (Debian package systemd)"
  log "variants install done: $(sng --version 2>/dev/null | head -1), pflogsumm $(dpkg-query -W -f='${Version}' pflogsumm)"
}

sng() { LD_LIBRARY_PATH=$SNG_ROOT/usr/lib/syslog-ng "$SNG_BIN" "$@"; }

# --------------------------------------------------------------------------
# journald + syslog-ng (variant syslog-stack)
# --------------------------------------------------------------------------
unix_dgram_served() {  # path -- a datagram socket somebody reads
  "$PY" -c 'import socket,sys;s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM);s.connect(sys.argv[1])' "$1" 2>/dev/null
}

start_syslog_stack() {
  [ -x "$SNG_BIN" ] || die "syslog-ng not unpacked (run: $0 install-variants)"
  if [ -e /dev/log ] || [ -L /dev/log ]; then
    unix_dgram_served /dev/log && die "/dev/log is served by another syslog daemon; stop it first"
    rm -f /dev/log
  fi
  if [ -S /run/systemd/journal/socket ] && unix_dgram_served /run/systemd/journal/socket; then
    die "a systemd-journald is already running; the syslog-stack variant needs a machine without one"
  fi
  touch "$RUN/syslog-stack.on"
  rm -rf /run/systemd/journal
  mkdir -p /run/systemd/journal /run/systemd/journald.conf.d
  install -m 644 "$CONF/journald.conf" /run/systemd/journald.conf.d/mail-lab.conf
  rm -rf "/run/log/journal/$(cat /etc/machine-id)"
  # journald first: syslog-ng's systemd-journal() source reads its journal
  "$JOURNALD_BIN" >>"$LOGDIR/journald.stderr" 2>&1 &
  echo $! > "$RUN/journald.pid"
  local i; for i in $(seq 1 50); do [ -S /run/systemd/journal/dev-log ] && break; sleep 0.1; done
  [ -S /run/systemd/journal/dev-log ] || die "journald did not create /run/systemd/journal/dev-log"
  sng -f "$CONF/syslog-ng.conf" --module-path="$SNG_ROOT/usr/lib/syslog-ng/3.38" \
      -p "$RUN/syslog-ng.pid" --persist-file="$RUN/syslog-ng.persist" --control="$RUN/syslog-ng.ctl"
  for i in $(seq 1 50); do [ -s "$RUN/syslog-ng.pid" ] && break; sleep 0.1; done
  sleep 1
  ln -s /run/systemd/journal/dev-log /dev/log
  log "journald (pid $(cat "$RUN/journald.pid")) -> syslog-ng (pid $(cat "$RUN/syslog-ng.pid")) started"
}

stop_syslog_stack() {
  [ -e "$RUN/syslog-stack.on" ] || return 0
  # syslog-ng first, once it has read the journal to its end
  sleep 2
  stop_pidfile syslog-ng "$RUN/syslog-ng.pid"
  stop_pidfile journald "$RUN/journald.pid"
  [ -L /dev/log ] && rm -f /dev/log
  rm -f /run/systemd/journald.conf.d/mail-lab.conf
  rmdir /run/systemd/journald.conf.d 2>/dev/null
  rm -rf /run/systemd/journal
  rm -f "$RUN/syslog-stack.on" "$RUN/syslog-ng.persist" "$RUN/syslog-ng.ctl"
  return 0
}

# --------------------------------------------------------------------------
# Postfix second instance (variant pf-postmulti)
# --------------------------------------------------------------------------
setup_postmulti() {
  postmulti -e init >/dev/null 2>&1 || true
  [ -d /etc/postfix-out ] || postmulti -I postfix-out -G mta -e create
  postconf -e multi_instance_directories=/etc/postfix-out
  install -m 644 "$CONF/postfix/main.cf" /etc/postfix-out/main.cf
  sed 's#syslog_name=postfix/#syslog_name=postfix-out/#' "$CONF/postfix/master.cf" \
    > /etc/postfix-out/master.cf
  postconf -c /etc/postfix-out -e \
    "queue_directory = /var/spool/postfix-out" "data_directory = /var/lib/postfix-out" \
    "multi_instance_name = postfix-out" "multi_instance_group = mta" \
    "multi_instance_enable = yes" "syslog_name = postfix-out" \
    "cyrus_sasl_config_path = /etc/postfix/sasl"
  postfix -c /etc/postfix-out check || die "postfix-out check failed"
}

# --------------------------------------------------------------------------
# configuration of one variant, and its undoing
# --------------------------------------------------------------------------
write_exim_conf() {  # selector [exim binary] (no selector: the lab's exim.conf as it is)
  local bin=${2:-$EXIM_BIN_LAB}
  if [ -z "$1" ]; then
    install -m 644 -o root -g root "$CONF/exim/exim.conf" "$EXIM_CONF"
  else
    "$PY" - "$CONF/exim/exim.conf" "$EXIM_CONF" "$1" "$bin" <<'EOF'
import re, sys
src, dst, selector, binary = sys.argv[1:]
text = open(src).read()
text, n = re.subn(r"^log_selector = (?:.*\\\n)*.*\n", "log_selector = %s\n" % selector, text, flags=re.M)
assert n == 1, "log_selector not found in " + src
text, n = re.subn(r"^exim_path = .*$", "exim_path = " + binary, text, flags=re.M)
assert n == 1, "exim_path not found in " + src
open(dst, "w").write(text)
EOF
  fi
  "$bin" -C "$EXIM_CONF" -bV >/dev/null || die "exim config check failed (selector: $1)"
}

# The content filter's two services (variant pf-content-filter): the smtp client that
# hands mail to the filter, and the smtpd that takes it back (no filter, no checks).
setup_content_filter() {
  cat >> /etc/postfix/master.cf <<'MASTER'
scan      unix  -       -       n       -       4       smtp
  -o smtp_send_xforward_command=yes
  -o disable_mime_output_conversion=yes
  -o smtp_tls_security_level=none
127.0.0.1:10025 inet n  -       n       -       -       smtpd
  -o syslog_name=postfix/10025
  -o content_filter=
  -o receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_milters
  -o smtpd_helo_restrictions=
  -o smtpd_client_restrictions=
  -o smtpd_sender_restrictions=
  -o smtpd_recipient_restrictions=permit_mynetworks,reject
  -o smtpd_relay_restrictions=permit_mynetworks,reject
  -o mynetworks=127.0.0.0/8
  -o smtpd_authorized_xforward_hosts=127.0.0.0/8
  -o smtpd_tls_security_level=none
MASTER
  postfix check || die "postfix check failed with the content filter services"
}

start_content_filter() {
  "$PY" "$LAB_DIR/bin/content_filter.py" --pidfile "$RUN/content-filter.pid" \
       >>"$LOGDIR/content-filter.stderr" 2>&1 &
  wait_port 127.0.0.1 10024 || die "content filter did not start (see $LOGDIR/content-filter.stderr)"
  log "content filter started (pid $(cat "$RUN/content-filter.pid")) on 127.0.0.1:10024 -> 127.0.0.1:10025"
}

restore_lab_configs() {
  install -m 644 "$CONF/postfix/main.cf" /etc/postfix/main.cf
  install -m 644 "$CONF/postfix/master.cf" /etc/postfix/master.cf
  write_exim_conf ""
}

collect_variant() {  # name
  local f mode
  for f in "$LOGDIR"/*.log "$LOGDIR/sink-transcripts.txt"; do
    [ -s "$f" ] && cp "$f" "$OUT/"
  done
  cp /var/log/exim-lab/mainlog "$OUT/exim-mainlog" 2>/dev/null || true
  cp /var/log/exim-lab/rejectlog "$OUT/exim-rejectlog" 2>/dev/null || true
  [ -s /var/log/exim-lab/paniclog ] && cp /var/log/exim-lab/paniclog "$OUT/exim-paniclog"
  if [ "$V_SYSLOG" = journald+syslog-ng ]; then
    local jdir; jdir="/run/log/journal/$(cat /etc/machine-id)"
    mkdir -p "$OUT/journal"
    cp "$jdir"/*.journal "$OUT/journal/"
    rm -rf "$jdir"
    local jf=("$OUT"/journal/*.journal) ids pf_t=() ex_t=() id
    ids=$(journalctl --file "${jf[0]}" -F SYSLOG_IDENTIFIER 2>/dev/null | sort)
    for id in $ids; do
      case "$id" in postfix*) pf_t+=(-t "$id") ;; exim*) ex_t+=(-t "$id") ;; esac
    done
    for mode in short short-iso short-precise short-full json; do
      journalctl --file "${jf[0]}" --no-pager -o "$mode" "${pf_t[@]}" > "$OUT/postfix-journal-$mode.log"
      journalctl --file "${jf[0]}" --no-pager -o "$mode" "${ex_t[@]}" > "$OUT/exim-journal-$mode.log"
    done
  fi
  "$PY" "$LAB_DIR/bin/client-replies.py" "$OUT/sessions.jsonl" > "$OUT/client-replies.json"
  find "$OUT" -type f -exec chmod 644 {} +
  log "variant $1 collected: $(ls "$OUT" | tr '\n' ' ')"
}

run_variant() {  # name
  variant_spec "$1"
  OUT=$VARIANTS_OUT/$1
  export OUT
  log "===== variant $1: $V_DESC (phase $V_PHASE)"
  restore_lab_configs
  [ "${LAB_HOST_NET:-0}" = 1 ] && postconf -e 'smtpd_peername_lookup = no' >/dev/null
  local kv
  for kv in "${V_PF_SET[@]}"; do postconf -e "$kv"; done
  [ "$V_FILTER" = 1 ] && setup_content_filter
  EXIM_BIN=$V_EXIM_BIN
  export EXIM_BIN
  [ -n "$V_EX_SELECTOR" ] && write_exim_conf "$V_EX_SELECTOR" "$EXIM_BIN"
  PF_CONFIG=$V_PF_CONFIG
  export PF_CONFIG
  if [ "$PF_CONFIG" = /etc/postfix-out ]; then
    setup_postmulti
    export LAB_POSTFIX_CONFIG=/etc/postfix-out
    postsuper -c /etc/postfix-out -d ALL >/dev/null 2>&1 || true
    rm -f /var/lib/postfix-out/postscreen_cache.db
  else
    unset LAB_POSTFIX_CONFIG
  fi
  reset_state
  date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/.run-started"
  { echo "variant: $1"; echo "what: $V_DESC"; echo "scenarios: scenarios.sh $V_PHASE"
    echo "syslog: $V_SYSLOG"; echo "postfix config: $PF_CONFIG"
    for kv in "${V_PF_SET[@]}"; do echo "postconf: $kv"; done
    echo "exim log_selector: ${V_EX_SELECTOR:-$EX_SELECTOR_LAB}"
    echo "versions: postfix $(postconf -dh mail_version), $("$EXIM_BIN" -bV -C "$EXIM_CONF" 2>/dev/null | head -1)"
  } > "$OUT/variant.txt"
  if [ "$V_SYSLOG" = rsyslog ]; then start_rsyslog; else start_syslog_stack; fi
  start_sinks
  start_postfix
  start_exim
  [ "$V_FILTER" = 1 ] && start_content_filter
  LAB_DIR=$LAB_DIR bash "$LAB_DIR/scenarios.sh" "$V_PHASE"
  wait_queues "${LAB_VARIANT_QUEUE_WAIT:-90}"
  sleep 2
  stop_all
  stop_pidfile content-filter "$RUN/content-filter.pid"
  collect_variant "$1"
  PF_CONFIG=/etc/postfix EXIM_BIN=$EXIM_BIN_LAB
}

do_variants_inner() {
  if [ "${LAB_IN_NETNS:-0}" = 1 ]; then ip link set lo up; fi
  # a neutral working directory: Exim's +arguments logs the cwd of every exim
  # process the clients start (local submission), and that must not be the
  # directory of whoever ran the lab
  cd /
  local names=("$@") n
  [ ${#names[@]} -gt 0 ] || mapfile -t names < <(all_variants)
  for n in "${names[@]}"; do variant_spec "$n"; done   # fail early on a bad name
  trap 'stop_all; restore_lab_configs; postconf -e "maillog_file =" >/dev/null' EXIT
  stop_all >/dev/null 2>&1 || true
  for n in "${names[@]}"; do run_variant "$n"; done
  restore_lab_configs
  trap - EXIT
  log "variants done: ${names[*]} -> $VARIANTS_OUT"
}

do_variants() {
  [ -f /etc/postfix/main.cf ] && grep -q 'mail-log lab' /etc/postfix/main.cf \
    || die "not configured (run: $0 configure)"
  mkdir -p "$VARIANTS_OUT"
  VARIANTS_OUT=$(cd "$VARIANTS_OUT" && pwd)
  export LAB_VARIANTS_OUT=$VARIANTS_OUT
  if [ "${LAB_HOST_NET:-0}" = 1 ]; then
    postconf -e 'smtpd_peername_lookup = no' >/dev/null
    do_variants_inner "$@"
  else
    command -v unshare >/dev/null || die "unshare missing; use LAB_HOST_NET=1"
    LAB_IN_NETNS=1 unshare --net -- bash "$LAB_DIR/run-lab.sh" _variants_inner "$@"
  fi
}
