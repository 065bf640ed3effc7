#!/usr/bin/env python3
"""Captures the AUTH fixtures (swaks-auth.txt, smtplib-auth.txt): real swaks and smtplib
runs against a tiny SMTP server on 127.0.0.1 that offers AUTH PLAIN and LOGIN and accepts
alice / s3cret-Pa55 (a made-up password: the point is to see it redacted).

    python3 auth-capture.py swaks > swaks-auth.txt
    python3 auth-capture.py smtplib > smtplib-auth.txt 2>&1
"""
import base64
import io
import contextlib
import socket
import socketserver
import subprocess
import sys
import threading

USER, PASSWORD = "alice", "s3cret-Pa55"


class Handler(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")

    def line(self):
        return self.rfile.readline().decode(errors="replace").rstrip("\r\n")

    def check(self, user, password):
        self.reply("235 2.7.0 Authentication successful" if (user, password) == (USER, PASSWORD)
                   else "535 5.7.8 Error: authentication failed: authentication failure")

    def handle(self):
        self.reply("220 mx.lab.test ESMTP ready")
        while True:
            command = self.line()
            verb = command.split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                for capability in ("250-mx.lab.test", "250-AUTH PLAIN LOGIN", "250-ENHANCEDSTATUSCODES", "250 8BITMIME"):
                    self.reply(capability)
            elif verb == "AUTH":
                words = command.split(" ")
                mechanism = words[1].upper()
                if mechanism == "PLAIN":
                    if len(words) > 2:
                        data = words[2]
                    else:
                        self.reply("334 ")
                        data = self.line()
                    _, user, password = base64.b64decode(data).decode().split("\0")
                    self.check(user, password)
                elif mechanism == "LOGIN":
                    if len(words) > 2:
                        user = base64.b64decode(words[2]).decode()
                    else:
                        self.reply("334 VXNlcm5hbWU6")
                        user = base64.b64decode(self.line()).decode()
                    self.reply("334 UGFzc3dvcmQ6")
                    self.check(user, base64.b64decode(self.line()).decode())
                else:
                    self.reply("504 5.5.4 Unrecognized authentication type")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                while self.line() != ".":
                    pass
                self.reply("250 2.0.0 Ok: queued as 4XYZ")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 2.1.0 Ok")
            elif not command:
                return
            else:
                self.reply("502 5.5.2 Error: command not recognized")


def serve():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def swaks(port):
    runs = [["--auth", "LOGIN", "--auth-password", PASSWORD],
            ["--auth", "PLAIN", "--auth-password", PASSWORD],
            ["--auth", "LOGIN", "--auth-password", "wrong-password", "--quit-after", "AUTH"]]
    for options in runs:
        result = subprocess.run(["swaks", "--server", "127.0.0.1", "--port", str(port), "--from", "alice@lab.test",
                                 "--to", "bob@lab.test", "--auth-user", USER, "--header", "Subject: auth fixture",
                                 "--body", "test"] + options, capture_output=True, text=True)
        sys.stdout.write(result.stdout + result.stderr)


def smtplib_runs(port):
    import smtplib
    # Debug output goes to stderr; level 1, then level 2 (with time stamps).
    for level, mechanism in ((1, "LOGIN"), (2, "PLAIN")):
        client = smtplib.SMTP()
        client.set_debuglevel(level)
        client.connect("127.0.0.1", port)
        client.ehlo("laptop.lab.test")
        method = client.auth_login if mechanism == "LOGIN" else client.auth_plain
        client.user, client.password = USER, PASSWORD
        # initial_response_ok=False: the credentials go in answer to 334 challenges.
        client.auth(mechanism, method, initial_response_ok=(mechanism == "PLAIN"))
        client.sendmail("alice@lab.test", ["bob@lab.test"], "Subject: auth fixture\r\n\r\ntest\r\n")
        client.quit()


if __name__ == "__main__":
    server, port = serve()
    {"swaks": swaks, "smtplib": smtplib_runs}[sys.argv[1]](port)
    server.shutdown()
