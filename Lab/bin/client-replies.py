#!/usr/bin/env python3
"""Condense a lab run's sessions.jsonl (what each client did and received)
into a small JSON table per server and client address: sessions, sessions
whose QUIT got 221, sessions the server closed, and the reply codes received.
The lab-variant fixtures keep this instead of the whole sessions.jsonl.

usage: client-replies.py OUT/sessions.jsonl > client-replies.json
"""
import collections
import json
import sys


def main(path):
    rows = collections.OrderedDict()
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except FileNotFoundError:
        lines = []
    for line in lines:
        s = json.loads(line)
        key = (s["server"], s["client_ip"])
        r = rows.setdefault(key, dict(server=s["server"], client_ip=s["client_ip"], sessions=0,
                                      quit_acked=0, closed_by_server=0, scenarios=[],
                                      replies=collections.Counter()))
        r["sessions"] += 1
        r["quit_acked"] += 1 if s.get("quit_acked") else 0
        r["closed_by_server"] += 1 if s.get("closed_by") == "server" else 0
        if s["scenario"] not in r["scenarios"]:
            r["scenarios"].append(s["scenario"])
        r["replies"].update(s.get("replies", []))
    out = []
    for key in sorted(rows):
        r = rows[key]
        r["replies"] = dict(sorted(r["replies"].items()))
        out.append(r)
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
