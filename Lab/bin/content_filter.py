#!/usr/bin/env python3
"""A pass-through content filter for the pf-content-filter lab variant.

Listens on 127.0.0.1:10024 as Postfix's content_filter (the way amavisd-new or
another after-queue filter is wired: FILTER_README's "advanced" setup), takes
each message with its XFORWARD attributes, and hands it back to Postfix's
re-injection smtpd on 127.0.0.1:10025, passing XFORWARD on.  It answers
Postfix with the re-injection server's reply, as amavisd does:
"250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as NEWID".
Loopback only.
"""
import argparse
import os
import signal
import smtplib
import socket
import socketserver
import sys

LISTEN = ("127.0.0.1", 10024)
REINJECT = ("127.0.0.1", 10025)


class Handler(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write((text + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        self.reply("220 filter.lab.test ESMTP content filter")
        sender, rcpts, xforward = None, [], []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode("utf-8", "replace").rstrip("\r\n")
            verb = cmd.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                if verb == "EHLO":
                    self.reply("250-filter.lab.test")
                    self.reply("250-XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT")
                    self.reply("250 8BITMIME")
                else:
                    self.reply("250 filter.lab.test")
            elif verb == "XFORWARD":
                xforward.append(cmd.split(" ", 1)[1] if " " in cmd else "")
                self.reply("250 2.0.0 Ok")
            elif verb == "MAIL":
                sender = cmd[cmd.index(":") + 1:].strip().split(" ")[0].strip("<>")
                rcpts = []
                self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                rcpts.append(cmd[cmd.index(":") + 1:].strip().split(" ")[0].strip("<>"))
                self.reply("250 2.1.5 Ok")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = []
                while True:
                    l = self.rfile.readline()
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    body.append(l[1:] if l.startswith(b"..") else l)
                self.reply(self.reinject(sender, rcpts, b"".join(body), xforward))
                sender, rcpts, xforward = None, [], []
            elif verb == "RSET":
                sender, rcpts, xforward = None, [], []
                self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Error: command not recognized")

    def reinject(self, sender, rcpts, data, xforward):
        try:
            s = smtplib.SMTP(*REINJECT, local_hostname="filter.lab.test", timeout=30)
            s.ehlo()
            for attrs in xforward:
                code, _ = s.docmd("XFORWARD", attrs)
                if code != 250:
                    break
            s.mail(sender or "")
            for r in rcpts:
                s.rcpt(r)
            code, msg = s.data(data)
            s.quit()
            return "%d 2.0.0 from MTA(smtp:[%s]:%d): %d %s" % (code, REINJECT[0], REINJECT[1], code, msg.decode())
        except smtplib.SMTPResponseException as e:
            return "451 4.5.0 from MTA(smtp:[%s]:%d): %d %s" % (REINJECT[0], REINJECT[1], e.smtp_code, e.smtp_error.decode())
        except OSError as e:
            return "451 4.4.1 re-injection failed: %s" % e


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pidfile", required=True)
    a = p.parse_args()
    server = Server(LISTEN, Handler)
    with open(a.pidfile, "w") as f:
        f.write(str(os.getpid()))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


if __name__ == "__main__":
    main()
