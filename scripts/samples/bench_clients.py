#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Many short real client sessions for the benchmark capture, mixed in a
seeded random order and run a few at a time. Every loop is bounded by the
counts given; a STOP file ends it early.

usage: bench_clients.py SERVER CAFILE STOPFILE SCALE [--seed N] [--workers N]
                        [--progress FILE]
SCALE multiplies the per-protocol session counts below (1.0 = about 7300
sessions, the mix for a 1.1 GB capture). FILE gets "DONE TOTAL" as it goes,
so the bulk downloads can be spread over the same time.
Prints one line of per-protocol counts (ok/failed) at the end.
"""
import argparse
import ftplib
import http.client
import imaplib
import os
import poplib
import random
import smtplib
import socket
import ssl
import struct
import threading
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage

DOMAIN = "tl-server.test"
TIMEOUT = 10

# Sessions per protocol at SCALE 1.0.
BASE_COUNTS = {
    "http": 3000,  # one small GET per connection
    "http_keepalive": 300,  # 10 requests on one connection
    "https": 1000,
    "ftp": 600,
    "smtp": 800,
    "pop3": 400,
    "imap": 400,
    "imaps": 200,
    "tftp": 600,
}

SMALL_PATHS = ["/index.html", "/small.txt", "/bench/obj-1k.bin", "/bench/obj-16k.bin", "/bench/obj-100k.bin", "/missing.html"]


class Ctx:
    def __init__(self, server: str, cafile: str, rng_seed: int):
        self.server = server
        self.tls = ssl.create_default_context(cafile=cafile)  # honours SSLKEYLOGFILE
        self.lock = threading.Lock()
        self.rng = random.Random(rng_seed)

    def pick(self, seq):
        with self.lock:
            return self.rng.choice(seq)


def do_http(c: Ctx, n: int) -> None:
    conn = http.client.HTTPConnection(c.server, 8080, timeout=TIMEOUT)
    try:
        conn.request("GET", c.pick(SMALL_PATHS), headers={"Host": DOMAIN, "User-Agent": "tracelab-bench/1"})
        conn.getresponse().read()
    finally:
        conn.close()


def do_http_keepalive(c: Ctx, n: int) -> None:
    conn = http.client.HTTPConnection(c.server, 8080, timeout=TIMEOUT)
    try:
        for _ in range(10):
            conn.request("GET", c.pick(SMALL_PATHS), headers={"Host": DOMAIN})
            conn.getresponse().read()
    finally:
        conn.close()


def do_https(c: Ctx, n: int) -> None:
    conn = http.client.HTTPSConnection(c.server, 443, timeout=TIMEOUT, context=c.tls)
    try:
        for _ in range(1 + n % 3):
            conn.request("GET", c.pick(SMALL_PATHS[:5]), headers={"Host": DOMAIN})
            conn.getresponse().read()
    finally:
        conn.close()


def do_ftp(c: Ctx, n: int) -> None:
    f = ftplib.FTP(timeout=TIMEOUT)
    f.connect(c.server, 21)
    try:
        f.set_pasv(n % 4 != 0)  # a quarter in active mode
        f.login("anonymous", "bench@tl-client.test")
        f.cwd("/pub")
        if n % 2:
            f.retrlines("LIST", lambda line: None)
        f.retrbinary("RETR " + c.pick(["README", "data.bin", "bench-256k.bin"]), lambda b: None)
        if n % 10 == 0:
            try:
                f.retrbinary("RETR nope.bin", lambda b: None)
            except ftplib.error_perm:
                pass
        f.quit()
    finally:
        f.close()


def message(n: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = "bench@tl-client.test"
    msg["To"] = "alice@%s" % DOMAIN
    msg["Subject"] = "bench message %d" % n
    msg["Message-ID"] = "<bench-%d@tl-client.test>" % n
    msg.set_content(("line %d of a benchmark message body\n" % n) * (5 + n % 200))
    if n % 5 == 0:
        msg.add_attachment(random.Random(n).randbytes(20000), maintype="application", subtype="octet-stream", filename="blob.bin")
    return msg.as_bytes()


def do_smtp(c: Ctx, n: int) -> None:
    s = smtplib.SMTP(c.server, 25, local_hostname="tl-client.test", timeout=TIMEOUT)
    try:
        s.ehlo()
        if n % 3 == 0:
            s.login("alice", "wonderland")
        s.sendmail("bench@tl-client.test", ["alice@%s" % DOMAIN], message(n))
        s.quit()
    finally:
        s.close()


def do_pop3(c: Ctx, n: int) -> None:
    p = poplib.POP3(c.server, 110, timeout=TIMEOUT)
    try:
        p.user("alice")
        p.pass_("wonderland")
        count, _ = p.stat()
        p.list()
        for i in range(1, min(count, 3) + 1):
            p.retr(i)
        p.quit()
    finally:
        p.close()


def imap_session(m) -> None:
    m.login("alice", "wonderland")
    m.select("INBOX", readonly=True)
    _, ids = m.search(None, "ALL")
    some = ids[0].split()[:3]
    if some:
        m.fetch(b",".join(some), "(FLAGS ENVELOPE BODY[])")
    m.logout()


def do_imap(c: Ctx, n: int) -> None:
    imap_session(imaplib.IMAP4(c.server, 143, timeout=TIMEOUT))


def do_imaps(c: Ctx, n: int) -> None:
    imap_session(imaplib.IMAP4_SSL(c.server, 993, ssl_context=c.tls, timeout=TIMEOUT))


def do_tftp(c: Ctx, n: int) -> None:
    name = c.pick(["boot.txt", "firmware.bin", "bench-64k.bin"])
    opts = [b"blksize", b"1428"] if n % 2 else []
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    try:
        s.sendto(struct.pack("!H", 1) + b"\0".join([name.encode(), b"octet"] + opts + [b""]), (c.server, 69))
        size, expect = 512, 1
        for _ in range(1000):  # blocks of the largest file, with margin
            pkt, peer = s.recvfrom(65536)
            op = struct.unpack("!H", pkt[:2])[0]
            if op == 6:
                size = 1428
                s.sendto(struct.pack("!HH", 4, 0), peer)
                continue
            if op != 3:
                return
            block = struct.unpack("!H", pkt[2:4])[0]
            s.sendto(struct.pack("!HH", 4, block), peer)
            if block == expect:
                expect += 1
                if len(pkt) - 4 < size:
                    return
    finally:
        s.close()


JOBS = {
    "http": do_http,
    "http_keepalive": do_http_keepalive,
    "https": do_https,
    "ftp": do_ftp,
    "smtp": do_smtp,
    "pop3": do_pop3,
    "imap": do_imap,
    "imaps": do_imaps,
    "tftp": do_tftp,
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("cafile")
    ap.add_argument("stopfile")
    ap.add_argument("scale", type=float)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--progress", default="")
    a = ap.parse_args()
    c = Ctx(a.server, a.cafile, a.seed)
    # SMTP first-ish: POP3/IMAP sessions need something in the mailbox.
    plan = [(k, i) for k, v in BASE_COUNTS.items() for i in range(max(1, int(v * a.scale)))]
    random.Random(a.seed).shuffle(plan)
    warm = [(k, i) for k, i in plan if k == "smtp"][:5]
    ok = {k: 0 for k in JOBS}
    bad = {k: 0 for k in JOBS}

    def run(job):
        kind, n = job
        if os.path.exists(a.stopfile):
            return
        try:
            JOBS[kind](c, n)
            tally = ok
        except Exception:  # a failed session is still traffic; count it
            tally = bad
        with c.lock:
            tally[kind] += 1
            done = sum(ok.values()) + sum(bad.values())
            if a.progress and done % 20 == 0:
                with open(a.progress + ".tmp", "w") as f:
                    f.write("%d %d\n" % (done, len(plan)))
                os.replace(a.progress + ".tmp", a.progress)

    for job in warm:
        run(job)
    rest = [j for j in plan if j not in warm]
    with ThreadPoolExecutor(max_workers=a.workers) as ex:
        list(ex.map(run, rest))
    print(" ".join("%s=%d/%d" % (k, ok[k], bad[k]) for k in JOBS))


if __name__ == "__main__":
    main()
