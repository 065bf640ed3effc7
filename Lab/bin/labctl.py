#!/usr/bin/env python3
"""Client side of the mail-log lab.

Runs SMTP client sessions (swaks, smtplib, raw sockets) against the lab's
Postfix/Exim listeners from chosen loopback source addresses, saves the full
client transcripts, and records one JSON line per session in
$OUT/sessions.jsonl (ground truth: client IP, reply codes the server sent,
whether the client sent QUIT, who closed the connection ...).

Sub-commands (see scenarios.sh for real use):
  swaks  --scenario S --server postfix|exim --ip IP [--count N] [--parallel P]
         [--msgid] -- <swaks args>
  py     --scenario S --server postfix|exim --ip IP --port P --kind KIND
         [--count N] [--parallel P] [--cmd CMD ...] [--opt k=v ...]
  inject --scenario S --server postfix|exim --to RCPT [--from F] [--count N]
  volume --server postfix|exim --port P --ips A,B,.. --count N --seed S
Only loopback addresses are accepted as server or source addresses.
"""
import argparse
import contextlib
import datetime
import io
import ipaddress
import json
import os
import random
import re
import smtplib
import socket
import ssl
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

OUT = os.environ.get("OUT") or os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "out")
PHASE = os.environ.get("LAB_PHASE", "?")
EXIM_BIN = os.environ.get("EXIM_BIN", "/opt/mail-lab/exim-root/usr/sbin/exim4")
EXIM_CONF = os.environ.get("EXIM_CONF", "/etc/exim-lab/exim.conf")
SERVERS = {"postfix": {"host": "127.0.0.1", "port": 2525},
           "exim": {"host": "127.0.0.1", "port": 2526},
           # the python responders of bin/smtp_sinks.py (srv221 scenarios; pass
           # the responder's own address with --host / swaks --server)
           "sink": {"host": "127.0.9.1", "port": 25}}

LOCK = threading.Lock()
SEQ_FILE = os.path.join(OUT, ".seq")


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")


def check_loopback(addr):
    ip = ipaddress.ip_address(addr)
    if not ip.is_loopback:
        sys.exit("refusing non-loopback address %s" % addr)


def next_seq():
    """Global session counter shared by all labctl processes (file + lock)."""
    import fcntl
    os.makedirs(OUT, exist_ok=True)
    with open(SEQ_FILE, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        txt = fh.read().strip()
        n = int(txt) + 1 if txt else 1
        fh.seek(0)
        fh.truncate()
        fh.write(str(n))
        return n


def append(name, text):
    with LOCK:
        with open(os.path.join(OUT, name), "a", encoding="utf-8", errors="replace") as fh:
            fh.write(text)


def record(rec):
    append("sessions.jsonl", json.dumps(rec, sort_keys=True) + "\n")


def record_msg(rec):
    append("messages.jsonl", json.dumps(rec, sort_keys=True) + "\n")


VERBS = {"EHLO", "HELO", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "NOOP", "VRFY",
         "EXPN", "HELP", "STARTTLS", "AUTH", "ETRN", "BDAT", "XCLIENT"}


def verb_of(line):
    if line == "":
        return "<empty>"
    w = line.split(" ", 1)[0].split(":", 1)[0].upper()
    return w if w in VERBS else ("<unknown:%s>" % w[:20] if w.isalpha() else "<auth-data>")


# --------------------------------------------------------------------------
# swaks
# --------------------------------------------------------------------------
RE_REPLY = re.compile(r"^(<-|<\*\*|<~|<~\*)\s+(\d{3})([ -]|$)(.*)$")
RE_SEND = re.compile(r"^ (->|~>|\*\*>|~\*>) ?(.*)$")


def parse_swaks(out):
    """-> replies, reply texts, commands, quit_sent, tls, quit_idx (index in
    replies of the first reply read after QUIT was sent, or None)."""
    replies, texts, cmds = [], [], []
    in_data = False
    quit_sent = False
    quit_idx = None
    tls = False
    for line in out.splitlines():
        m = RE_REPLY.match(line)
        if m:
            if m.group(3) != "-":
                replies.append(m.group(2))
                texts.append(m.group(2) + (" " + m.group(4) if m.group(3) else ""))
                if m.group(2) == "354":
                    in_data = True
            continue
        if line.startswith("=== TLS started"):
            tls = True
        m = RE_SEND.match(line)
        if m:
            body = m.group(2)
            if in_data:
                if body == "." or re.match(r"^\d+ lines sent", body):
                    in_data = False
                continue
            v = verb_of(body)
            cmds.append(v)
            if v == "QUIT" and not quit_sent:
                quit_sent = True
                quit_idx = len(replies)
    return replies, texts, cmds, quit_sent, tls, quit_idx


def quit_ack(quit_sent, replies, quit_idx=None):
    """QUIT was sent *and* answered with 221 (i.e. the server processed it).
    With quit_idx (index of the first reply read after QUIT) the 221 must be
    that reply: a 221 the server sent on its own before the client's QUIT
    (srv221 responders) does not count."""
    if quit_idx is not None:
        return bool(quit_sent and quit_idx < len(replies) and replies[quit_idx] == "221")
    return bool(quit_sent and replies and replies[-1] == "221")


def unprompted_221(replies, quit_idx):
    """The client got a 221 that was not the answer to its QUIT."""
    upto = replies if quit_idx is None else replies[:quit_idx]
    return "221" in upto


def run_swaks_session(scenario, server, ip, args, port_hint, msgid):
    seq = next_seq()
    cmd = ["swaks"] + list(args)
    if ip:
        cmd += ["--local-interface", ip]
    mid = None
    if msgid:
        mid = "<lab-%s-%05d@lab.test>" % (scenario, seq)
        cmd += ["--header", "Message-Id: %s" % mid]
    t0 = time.time()
    start = now()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, timeout=120)
    out = p.stdout.decode("utf-8", "replace")
    replies, texts, cmds, quit_sent, tls, quit_idx = parse_swaks(out)
    port = port_hint
    closed_by = "client"
    if "Connection closed with remote host" in out and not quit_sent:
        closed_by = "server"
    if "Remote host closed connection unexpectedly" in out:
        closed_by = "server"
    if unprompted_221(replies, quit_idx):
        # the server said goodbye on its own and hung up (srv221 responders)
        closed_by = "server"
    header = ("########## session %d | scenario=%s | phase=%s | client=%s | server=%s:%s"
              " | start=%s | rc=%d\n$ %s\n" % (seq, scenario, PHASE, ip, server,
                                               port, start, p.returncode,
                                               " ".join(shq(c) for c in cmd)))
    append("swaks-transcripts.txt", header + out + ("\n" if not out.endswith("\n") else ""))
    rec = dict(seq=seq, scenario=scenario, phase=PHASE, server=server, port=port,
               client_ip=ip, tool="swaks", start=start,
               duration=round(time.time() - t0, 3), replies=replies, reply_texts=texts,
               commands=cmds, quit_sent=quit_sent,
               quit_acked=quit_ack(quit_sent, replies, quit_idx),
               server_221_without_quit=unprompted_221(replies, quit_idx),
               tls=tls, closed_by=closed_by,
               exit_code=p.returncode, message_id=mid)
    record(rec)
    return rec


def shq(s):
    return s if re.match(r"^[\w@%+=:,./<>-]+$", s) else "'" + s.replace("'", "'\\''") + "'"


def port_from_args(args, default):
    for i, a in enumerate(args):
        if a in ("--port", "-p") and i + 1 < len(args):
            return int(args[i + 1])
    return default


def cmd_swaks(a, rest):
    for i, x in enumerate(rest):
        if x in ("--server", "-s") and i + 1 < len(rest):
            check_loopback(rest[i + 1])
    if a.ip:
        check_loopback(a.ip)
    port = port_from_args(rest, SERVERS[a.server]["port"])
    with ThreadPoolExecutor(max_workers=a.parallel) as ex:
        futs = [ex.submit(run_swaks_session, a.scenario, a.server, a.ip, rest, port, a.msgid)
                for _ in range(a.count)]
        res = [f.result() for f in futs]
    summary(a.scenario, res)


def summary(scenario, res):
    codes = {}
    for r in res:
        for c in r["replies"]:
            codes[c] = codes.get(c, 0) + 1
    q = sum(1 for r in res if r["quit_acked"])
    print("  %-28s sessions=%-4d quit(221)=%-4d codes=%s" % (
        scenario, len(res), q, " ".join("%s:%d" % kv for kv in sorted(codes.items()))),
        flush=True)


# --------------------------------------------------------------------------
# raw socket client
# --------------------------------------------------------------------------
class Raw:
    def __init__(self, host, port, src, scenario, server, timeout=30.0, connect=True):
        check_loopback(host)
        check_loopback(src)
        self.seq = next_seq()
        self.scenario, self.server, self.host, self.port, self.src = scenario, server, host, port, src
        self.replies, self.texts, self.cmds = [], [], []
        self.quit_sent = False
        self.quit_idx = None
        self.closed_by = None
        self.t0 = time.time()
        self.start = now()
        self.lines = []
        self.timeout = timeout
        self.log("=== Trying %s:%d from %s..." % (host, port, src))
        fam = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(fam, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.bind((src, 0))
        self.sock.connect((host, port))
        self.log("=== Connected to %s (local port %d)." % (host, self.sock.getsockname()[1]))
        self.buf = b""
        self.eof = False

    def log(self, s):
        self.lines.append("%s %s" % (datetime.datetime.now().strftime("%H:%M:%S.%f")[:-3], s))

    def _readline(self, timeout):
        self.sock.settimeout(timeout)
        while b"\n" not in self.buf:
            try:
                chunk = self.sock.recv(4096)
            except socket.timeout:
                return None
            except (ConnectionResetError, BrokenPipeError) as e:
                self.log("=== %s" % e)
                chunk = b""
            if not chunk:
                self.eof = True
                if self.buf:
                    line, self.buf = self.buf, b""
                    return line.decode("utf-8", "replace")
                return ""
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode("utf-8", "replace").rstrip("\r")

    def reply(self, timeout=None):
        """Read one (possibly multi-line) reply; None on timeout, '' on EOF."""
        timeout = self.timeout if timeout is None else timeout
        first = True
        while True:
            line = self._readline(timeout)
            if line is None:
                self.log("=== (no reply within %ss)" % timeout)
                return None
            if line == "":
                if not self.closed_by:
                    self.closed_by = "server"
                self.log("=== Connection closed by server.")
                return ""
            m = re.match(r"^(\d{3})([ -]|$)(.*)$", line)
            self.log("<-  " + line)
            if m and m.group(2) != "-":      # "250 text" or a bare "421"
                self.replies.append(m.group(1))
                self.texts.append(line)
                return m.group(1)
            if not m and first:
                # garbage, keep reading
                pass
            first = False

    def send(self, line, eol="\r\n"):
        v = verb_of(line)
        self.cmds.append(v)
        if v == "QUIT" and not self.quit_sent:
            self.quit_sent = True
            self.quit_idx = len(self.replies)
        self.log(" -> " + (line if line else "<empty line>") +
                 ("  [bare LF, no CR]" if eol == "\n" else ""))
        try:
            self.sock.sendall((line + eol).encode())
        except (BrokenPipeError, ConnectionResetError, OSError) as e:
            self.log("=== send failed: %s" % e)
            if not self.closed_by:
                self.closed_by = "server"
            return False
        return True

    def send_raw(self, data, note):
        self.log(" -> [raw %d bytes: %s] %r" % (len(data), note, data[:200]))
        self.sock.sendall(data)

    def cmd(self, line, timeout=None, eol="\r\n"):
        if not self.send(line, eol=eol):
            return ""
        return self.reply(timeout)

    def wait_close(self, timeout=40):
        """Idle until the server closes (collecting e.g. a 421), or timeout."""
        end = time.time() + timeout
        while time.time() < end:
            r = self.reply(timeout=end - time.time())
            if r == "":
                return True
            if r is None:
                break
        return False

    def close(self):
        if not self.closed_by:
            self.closed_by = "client"
        try:
            self.sock.close()
        except OSError:
            pass
        self.log("=== Client closed connection.")

    def finish(self, extra=None):
        rec = dict(seq=self.seq, scenario=self.scenario, phase=PHASE, server=self.server,
                   port=self.port, client_ip=self.src, tool="python-raw", start=self.start,
                   duration=round(time.time() - self.t0, 3), replies=self.replies,
                   reply_texts=self.texts, commands=self.cmds, quit_sent=self.quit_sent,
                   quit_acked=quit_ack(self.quit_sent, self.replies, self.quit_idx),
                   server_221_without_quit=unprompted_221(self.replies, self.quit_idx),
                   tls=False, closed_by=self.closed_by or "client", message_id=None)
        if extra:
            rec.update(extra)
        header = ("########## session %d | scenario=%s | phase=%s | client=%s | server=%s:%d"
                  " | start=%s | tool=python raw socket\n" % (
                      self.seq, self.scenario, PHASE, self.src, self.server, self.port,
                      self.start))
        append("python-raw-transcripts.txt", header + "\n".join(self.lines) + "\n")
        record(rec)
        return rec


def quit_if_open(s):
    if not s.eof and s.closed_by is None:
        r = s.cmd("QUIT", timeout=10)
        if r != "":
            s.wait_close(timeout=5)
    s.close()


def body_lines(scenario, seq, n=5):
    return ["Subject: lab %s" % scenario, "Message-Id: <lab-%s-%05d@lab.test>" % (scenario, seq),
            "From: sender@client.example", "To: labuser@lab.test", ""] + \
           ["line %d of a lab test message" % i for i in range(n)]


def k_idle_after_connect(s, o):
    s.reply()
    s.wait_close(timeout=float(o.get("wait", 40)))
    s.close()


def k_idle_after_ehlo(s, o):
    s.reply()
    s.cmd("EHLO idle.client.example")
    s.wait_close(timeout=float(o.get("wait", 40)))
    s.close()


def k_idle_after_mail(s, o):
    s.reply()
    s.cmd("EHLO idle.client.example")
    s.cmd("MAIL FROM:<sender@client.example>")
    s.wait_close(timeout=float(o.get("wait", 40)))
    s.close()


def k_idle_in_data(s, o):
    s.reply()
    s.cmd("EHLO idle.client.example")
    s.cmd("MAIL FROM:<sender@client.example>")
    s.cmd("RCPT TO:<labuser@lab.test>")
    if s.cmd("DATA") == "354":
        s.send_raw(("\r\n".join(body_lines(s.scenario, s.seq, 3)) + "\r\n").encode(),
                   "partial message body, no final dot")
    s.wait_close(timeout=float(o.get("wait", 40)))
    s.close()


def k_drop_after_connect(s, o):
    if o.get("read_banner", "1") == "1":
        s.reply()
    s.close()


def k_drop_after_ehlo(s, o):
    s.reply()
    s.cmd("EHLO dropper.client.example")
    s.close()


def k_drop_in_data(s, o):
    s.reply()
    s.cmd("EHLO dropper.client.example")
    s.cmd("MAIL FROM:<sender@client.example>")
    s.cmd("RCPT TO:<labuser@lab.test>")
    if s.cmd("DATA") == "354":
        s.send_raw(("\r\n".join(body_lines(s.scenario, s.seq, 20)) + "\r\n").encode(),
                   "partial message body, then drop")
        time.sleep(0.3)
    s.close()


def k_pregreet(s, o):
    # talk before the server's greeting (RFC 5321 violation, spam-bot style)
    s.send("EHLO pregreet.client.example")
    r = s.reply()          # banner (Postfix) or 554 sync error (Exim)
    while r not in ("", None) and not s.eof:
        r = s.reply(timeout=3)
        if r is None:
            break
    quit_if_open(s)


def k_helo_pipelining(s, o):
    # HELO (not EHLO: PIPELINING was never advertised), then MAIL+RCPT+DATA
    # in one write
    s.reply()
    s.cmd("HELO pipeliner.client.example")
    batch = ["MAIL FROM:<sender@client.example>", "RCPT TO:<labuser@lab.test>", "DATA"]
    for c in batch:
        s.cmds.append(verb_of(c))
    s.send_raw(("\r\n".join(batch) + "\r\n").encode(), "MAIL+RCPT+DATA pipelined")
    got = []
    for _ in batch:
        r = s.reply(timeout=10)
        if r in ("", None):
            break
        got.append(r)
    if got and got[-1] == "354":
        s.send_raw(("\r\n".join(body_lines(s.scenario, s.seq, 2)) + "\r\n.\r\n").encode(),
                   "message body")
        s.reply()
    quit_if_open(s)


def k_too_many_errors(s, o):
    s.reply()
    s.cmd("EHLO errors.client.example")
    for i in range(int(o.get("max", 30))):
        r = s.cmd(o.get("junk", "XBOGUS%d" % i).replace("{i}", str(i)), timeout=20)
        if r == "" or s.eof:
            break
        if r == "421":
            s.wait_close(timeout=5)
            break
    quit_if_open(s)


def k_script(s, o, cmds):
    r = s.reply()
    for c in cmds:
        if r == "" or s.eof:
            break
        if c == "<EMPTY>":
            c = ""
        if c.startswith("<BODY>"):
            s.send_raw(("\r\n".join(body_lines(s.scenario, s.seq, 3)) + "\r\n.\r\n").encode(),
                       "message body")
            r = s.reply()
            continue
        r = s.cmd(c)
        if c.upper() == "QUIT":
            s.wait_close(timeout=5)
    s.close()


# ---- postscreen clients (Postfix 127.0.0.1:2530, postscreen in front of smtpd)
# postscreen sends a "220-" teaser line at once and the final "220 " line only
# after postscreen_greet_wait; Raw.reply() reads both as one multi-line reply.
def k_pscrn_pregreet(s, o):
    # talk before the greeting.  postscreen logs PREGREET and (greet_action =
    # enforce) runs its own SMTP engine, which sends no "220 " line at all to a
    # pregreeting client: the next thing after the teaser is the EHLO reply,
    # which Raw.reply() reads together with the teaser (final line 250).
    s.send("EHLO pregreet.client.example")
    if s.reply() == "250":
        if s.cmd("MAIL FROM:<sender@client.example>") == "250":
            s.cmd("RCPT TO:<labuser@lab.test>")        # 550 5.5.1 Protocol error
    quit_if_open(s)


def k_pscrn_pipelining(s, o):
    # EHLO (postscreen never announces PIPELINING), then MAIL+RCPT+DATA in one
    # write: COMMAND PIPELINING, RCPT rejected, DATA ends the session (554)
    if s.reply() != "220":
        return quit_if_open(s)
    s.cmd("EHLO pipeliner.client.example")
    batch = ["MAIL FROM:<sender@client.example>", "RCPT TO:<labuser@lab.test>", "DATA"]
    for c in batch:
        s.cmds.append(verb_of(c))
    s.send_raw(("\r\n".join(batch) + "\r\n").encode(), "MAIL+RCPT+DATA pipelined")
    for _ in batch:
        if s.reply(timeout=10) in ("", None):
            break
    s.wait_close(timeout=5)
    quit_if_open(s)


def k_pscrn_non_smtp(s, o):
    # an HTTP request after the greeting: NON-SMTP COMMAND, dropped (521)
    if s.reply() != "220":
        return quit_if_open(s)
    s.cmd(o.get("line", "GET / HTTP/1.0"))
    s.wait_close(timeout=5)
    quit_if_open(s)


def k_pscrn_bare_newline(s, o):
    # every command ends in a bare LF instead of CRLF: BARE NEWLINE (enforce:
    # the session goes on, RCPT gets 550 5.5.1 Protocol error)
    if s.reply() != "220":
        return quit_if_open(s)
    if s.cmd("EHLO bare.client.example", eol="\n") == "250":
        if s.cmd("MAIL FROM:<sender@client.example>", eol="\n") == "250":
            s.cmd("RCPT TO:<labuser@lab.test>", eol="\n")
    if not s.eof and s.closed_by is None:
        if s.cmd("QUIT", timeout=10, eol="\n") != "":
            s.wait_close(timeout=5)
    s.close()


RAW_KINDS = {
    "idle_after_connect": k_idle_after_connect, "idle_after_ehlo": k_idle_after_ehlo,
    "idle_after_mail": k_idle_after_mail, "idle_in_data": k_idle_in_data,
    "drop_after_connect": k_drop_after_connect, "drop_after_ehlo": k_drop_after_ehlo,
    "drop_in_data": k_drop_in_data, "pregreet": k_pregreet,
    "helo_pipelining": k_helo_pipelining, "too_many_errors": k_too_many_errors,
    "pscrn_pregreet": k_pscrn_pregreet, "pscrn_pipelining": k_pscrn_pipelining,
    "pscrn_non_smtp": k_pscrn_non_smtp, "pscrn_bare_newline": k_pscrn_bare_newline,
}


# --------------------------------------------------------------------------
# smtplib clients (genuine smtplib debug transcripts)
# --------------------------------------------------------------------------
class RecSMTP(smtplib.SMTP):
    def __init__(self, *args, **kw):
        self.rec_replies, self.rec_texts, self.rec_cmds = [], [], []
        self.rec_quit = False
        self.rec_quit_idx = None
        self.rec_server_closed = False
        super().__init__(*args, **kw)

    def getreply(self):
        try:
            code, msg = super().getreply()
        except smtplib.SMTPServerDisconnected:
            # "Connection unexpectedly closed": EOF while waiting for a reply
            self.rec_server_closed = True
            raise
        if code != -1:
            self.rec_replies.append(str(code))
            self.rec_texts.append("%d %s" % (code, msg.decode("utf-8", "replace").split("\n")[-1]))
        return code, msg

    def putcmd(self, cmd, args=""):
        # record the command only once it is on the wire: after the server
        # hung up, smtplib's quit() raises here without sending anything
        r = super().putcmd(cmd, args)
        v = verb_of(cmd)
        self.rec_cmds.append(v)
        if v == "QUIT" and not self.rec_quit:
            self.rec_quit = True
            self.rec_quit_idx = len(self.rec_replies)
        return r


def smtplib_session(scenario, server, host, port, ip, kind, o):
    check_loopback(host)
    check_loopback(ip)
    seq = next_seq()
    start = now()
    t0 = time.time()
    buf = io.StringIO()
    mid = "<lab-%s-%05d@lab.test>" % (scenario, seq)
    mail_from = o.get("from", "sender@client.example")
    rcpts = o.get("to", "labuser@lab.test").split(",")
    size = int(o.get("size", "0"))
    body = "\r\n".join(["From: %s" % mail_from, "To: %s" % ", ".join(rcpts),
                        "Subject: lab %s (smtplib)" % scenario, "Message-Id: %s" % mid, "",
                        "smtplib test message for scenario %s" % scenario])
    if size:
        line = "x" * 76
        body += "\r\n" + "\r\n".join(line for _ in range(size // 78 + 1))
    outcome = "ok"
    quit_note = ""
    s = None
    with contextlib.redirect_stderr(buf):
        try:
            s = RecSMTP(local_hostname="smtplib.client.example", timeout=30,
                        source_address=(ip, 0))
            s.set_debuglevel(1)
            s.connect(host, port)
            s.ehlo()
            if o.get("starttls") == "1":
                ctx = ssl.create_default_context()
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
                s.starttls(context=ctx)
                s.ehlo()
            if o.get("user"):
                try:
                    s.login(o["user"], o["password"])
                except smtplib.SMTPAuthenticationError as e:
                    outcome = "auth failed: %s" % e.smtp_code
                    raise
            s.sendmail(mail_from, rcpts, body)
        except smtplib.SMTPException as e:
            if outcome == "ok":
                outcome = "%s: %s" % (type(e).__name__, e)
        except OSError as e:
            outcome = "OSError: %s" % e
        finally:
            if s is not None:
                try:
                    s.quit()
                except (smtplib.SMTPException, OSError) as e:
                    if not s.rec_quit:
                        # smtplib prints "send: 'quit'" before it finds the
                        # socket gone: say so in the header
                        quit_note = " | quit not sent (%s: %s)" % (type(e).__name__, e)
                    try:
                        s.close()
                    except Exception:
                        pass
    header = ("########## session %d | scenario=%s | phase=%s | client=%s | server=%s:%d"
              " | start=%s | python smtplib set_debuglevel(1) | outcome=%s%s\n" % (
                  seq, scenario, PHASE, ip, server, port, start, outcome, quit_note))
    append("smtplib-transcripts.txt", header + buf.getvalue())
    rec = dict(seq=seq, scenario=scenario, phase=PHASE, server=server, port=port,
               client_ip=ip, tool="python-smtplib", start=start,
               duration=round(time.time() - t0, 3),
               replies=s.rec_replies if s else [], reply_texts=s.rec_texts if s else [],
               commands=s.rec_cmds if s else [], quit_sent=bool(s and s.rec_quit),
               quit_acked=bool(s and quit_ack(s.rec_quit, s.rec_replies, s.rec_quit_idx)),
               server_221_without_quit=bool(s and unprompted_221(s.rec_replies,
                                                                 s.rec_quit_idx)),
               tls=o.get("starttls") == "1",
               closed_by="server" if s and s.rec_server_closed else "client",
               message_id=mid, outcome=outcome)
    record(rec)
    return rec


def conn_limit(scenario, server, host, port, ip, o):
    """Open n connections at once from one IP, hold them, then QUIT."""
    n = int(o.get("n", 4))
    conns = []
    for _ in range(n):
        s = Raw(host, port, ip, scenario, server)
        s.reply(timeout=10)
        conns.append(s)
        time.sleep(0.2)
    time.sleep(float(o.get("hold", 2)))
    res = []
    for s in conns:
        if not s.eof and s.closed_by is None:
            s.cmd("EHLO concurrent.client.example")
        quit_if_open(s)
        res.append(s.finish())
    return res


def cmd_py(a):
    opts = dict(kv.split("=", 1) for kv in (a.opt or []))
    host = a.host or SERVERS[a.server]["host"]
    check_loopback(host)
    check_loopback(a.ip)

    def one(_i):
        if a.kind.startswith("smtplib"):
            return [smtplib_session(a.scenario, a.server, host, a.port, a.ip, a.kind, opts)]
        if a.kind == "conn_limit":
            return conn_limit(a.scenario, a.server, host, a.port, a.ip, opts)
        s = Raw(host, a.port, a.ip, a.scenario, a.server)
        try:
            if a.kind == "script":
                k_script(s, opts, a.cmd or [])
            else:
                RAW_KINDS[a.kind](s, opts)
        except (OSError, socket.timeout) as e:
            s.log("=== error: %r" % (e,))
            s.close()
        return [s.finish()]

    with ThreadPoolExecutor(max_workers=a.parallel) as ex:
        res = [r for rs in ex.map(one, range(a.count)) for r in rs]
    summary(a.scenario, res)


# --------------------------------------------------------------------------
# outbound injection (local submission: Postfix sendmail / exim -bm)
# --------------------------------------------------------------------------
def cmd_inject(a):
    for i in range(a.count):
        seq = next_seq()
        mid = "<lab-%s-%05d@lab.test>" % (a.scenario, seq)
        msg = ("From: %s\nTo: %s\nSubject: lab outbound %s #%d\nMessage-Id: %s\n\n"
               "Outbound test message for scenario %s.\n" % (
                   a.sender, a.to, a.scenario, i + 1, mid, a.scenario))
        if a.server == "postfix":
            # LAB_POSTFIX_CONFIG: the config directory of a second Postfix
            # instance (postmulti variant), else the primary /etc/postfix
            conf = os.environ.get("LAB_POSTFIX_CONFIG")
            cmd = ["/usr/sbin/sendmail"] + (["-C", conf] if conf else []) + \
                  ["-f", a.sender, "--", a.to]
        else:
            cmd = [EXIM_BIN, "-C", EXIM_CONF, "-f", a.sender, "--", a.to]
        p = subprocess.run(cmd, input=msg.encode(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60)
        record_msg(dict(seq=seq, scenario=a.scenario, phase=PHASE, server=a.server,
                        via="sendmail" if a.server == "postfix" else "exim -bm",
                        sender=a.sender, rcpt=a.to, message_id=mid, rc=p.returncode,
                        expect=a.expect, start=now()))
    print("  %-28s injected=%d to=%s expect=%s" % (a.scenario, a.count, a.to, a.expect),
          flush=True)


# --------------------------------------------------------------------------
# volume: a seeded mix of ordinary traffic from a pool of client IPs
# --------------------------------------------------------------------------
VOLUME_MIX = [  # (weight, suffix, rcpt, extra swaks args)
    (80, "ok", "{user}@lab.test", []),
    (8, "unknown-user", "nobody{n}@lab.test", []),
    (6, "relay-denied", "someone{n}@remote.example", []),
    (6, "drop-after-ehlo", "{user}@lab.test", ["--drop-after", "EHLO"]),
]


def cmd_volume(a):
    rnd = random.Random(a.seed)
    ips = a.ips.split(",")
    for ip in ips:
        check_loopback(ip)
    prefix = "vol-pf" if a.server == "postfix" else "vol-ex"
    users = ["labuser", "alice", "bob", "carol", "dave"]
    plan = []
    weights = [w for w, *_ in VOLUME_MIX]
    for n in range(a.count):
        w, suffix, rcpt, extra = rnd.choices(VOLUME_MIX, weights=weights)[0]
        ip = rnd.choice(ips)
        rcpt = rcpt.format(user=rnd.choice(users), n=n)
        scen = "%s-%s" % (prefix, suffix)
        args = ["--server", SERVERS[a.server]["host"], "--port", str(a.port),
                "--ehlo", "host%s.client.example" % ip.split(".")[-1],
                "--from", "user%d@client%s.example" % (rnd.randint(1, 50), ip.split(".")[-1]),
                "--to", rcpt, "--header", "Subject: volume message %d" % n,
                "--suppress-data"] + extra
        plan.append((scen, ip, args, "--drop-after" not in extra))
    by_scen = {}
    with ThreadPoolExecutor(max_workers=a.parallel) as ex:
        futs = [ex.submit(run_swaks_session, scen, a.server, ip, args, a.port, msgid)
                for scen, ip, args, msgid in plan]
        for f in futs:
            r = f.result()
            by_scen.setdefault(r["scenario"], []).append(r)
    for scen in sorted(by_scen):
        summary(scen, by_scen[scen])


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="sub", required=True)
    p = sub.add_parser("swaks")
    p.add_argument("--scenario", required=True)
    p.add_argument("--server", required=True, choices=SERVERS)
    p.add_argument("--ip", required=True)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--parallel", type=int, default=1)
    p.add_argument("--msgid", action="store_true", help="add a unique Message-Id header")
    p = sub.add_parser("py")
    p.add_argument("--scenario", required=True)
    p.add_argument("--server", required=True, choices=SERVERS)
    p.add_argument("--host")
    p.add_argument("--ip", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--kind", required=True)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--parallel", type=int, default=1)
    p.add_argument("--cmd", action="append")
    p.add_argument("--opt", action="append")
    p = sub.add_parser("inject")
    p.add_argument("--scenario", required=True)
    p.add_argument("--server", required=True, choices=SERVERS)
    p.add_argument("--to", required=True)
    p.add_argument("--sender", default="labuser@lab.test")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--expect", default="sent")
    p = sub.add_parser("volume")
    p.add_argument("--server", required=True, choices=SERVERS)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--ips", required=True)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--parallel", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    argv = sys.argv[1:]
    rest = []
    if "--" in argv:
        i = argv.index("--")
        argv, rest = argv[:i], argv[i + 1:]
    a = ap.parse_args(argv)
    os.makedirs(OUT, exist_ok=True)
    if a.sub == "swaks":
        cmd_swaks(a, rest)
    elif a.sub == "py":
        cmd_py(a)
    elif a.sub == "inject":
        cmd_inject(a)
    elif a.sub == "volume":
        cmd_volume(a)


if __name__ == "__main__":
    main()
