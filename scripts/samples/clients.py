#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Scripted client dialogs for the sample captures, using only the standard
library. Each subcommand is one capture's worth of traffic against the real
servers started by make-samples.sh. TLS subcommands honour SSLKEYLOGFILE
(ssl.create_default_context reads it).

usage: clients.py SUBCOMMAND SERVER [ARGS...]
  ftp SERVER passive|active CONTENT_DIR OUT_DIR
  tftp-blksize SERVER FILE BLKSIZE OUT_FILE
  smtp-helo SERVER EML_OUT
  smtp-auth SERVER EML_OUT ATTACHMENT [starttls CAFILE]
  pop3 SERVER [tls CAFILE]
  imap SERVER [tls CAFILE]
  tcp-edges SERVER
"""
import email.policy
import ftplib
import imaplib
import os
import poplib
import smtplib
import socket
import ssl
import struct
import sys
from email.header import Header
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

DOMAIN = "tl-server.test"
TIMEOUT = 10


def tls_context(cafile: str) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=cafile)
    return ctx


# --- FTP -------------------------------------------------------------------


def ftp(server: str, mode: str, content: str, out: str) -> None:
    f = ftplib.FTP(timeout=TIMEOUT)
    f.connect(server, 21)
    f.set_pasv(mode == "passive")
    f.login("anonymous", "sample@tl-client.test")
    f.pwd()
    f.cwd("/pub")
    f.retrlines("LIST", lambda line: None)
    with open(os.path.join(out, "README"), "wb") as w:
        f.retrlines("RETR README", lambda line: w.write(line.encode() + b"\n"))
    with open(os.path.join(out, "data.bin"), "wb") as w:
        f.retrbinary("RETR data.bin", w.write)
    f.cwd("/incoming")
    name = "note-%s%s.txt" % (mode, "-ipv6" if ":" in server else "")
    with open(os.path.join(content, "upload", "note.txt"), "rb") as r:
        f.storbinary("STOR " + name, r)
    try:
        f.retrbinary("RETR missing.txt", lambda b: None)
    except ftplib.error_perm as e:
        print("  expected:", e)
    f.quit()


# --- TFTP with options (RFC 2347/2348/2349) ---------------------------------


def tftp_blksize(server: str, name: str, blksize: int, out: str) -> None:
    """Read NAME asking for BLKSIZE and tsize; the stock client cannot."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3)
    rrq = struct.pack("!H", 1) + b"\0".join(
        [name.encode(), b"octet", b"blksize", str(blksize).encode(), b"tsize", b"0", b""]
    )
    s.sendto(rrq, (server, 69))
    data = bytearray()
    expect = 1
    size = 512
    for _ in range(10000):  # bounded: far more blocks than any sample file has
        pkt, peer = s.recvfrom(65536)
        op = struct.unpack("!H", pkt[:2])[0]
        if op == 6:  # OACK: options accepted, acknowledge block 0
            opts = pkt[2:].split(b"\0")
            o = dict(zip(opts[0::2], opts[1::2]))
            size = int(o.get(b"blksize", b"512"))
            s.sendto(struct.pack("!HH", 4, 0), peer)
            continue
        if op == 5:
            raise SystemExit("tftp error: %r" % pkt[4:])
        block = struct.unpack("!H", pkt[2:4])[0]
        if op == 3 and block == expect:
            data += pkt[4:]
            s.sendto(struct.pack("!HH", 4, block), peer)
            expect += 1
            if len(pkt) - 4 < size:
                break
    with open(out, "wb") as w:
        w.write(data)


# --- SMTP ------------------------------------------------------------------


def plain_message() -> bytes:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = "Carol Sender <carol@tl-client.test>"
    msg["To"] = "bob@%s" % DOMAIN
    msg["Subject"] = "Plain greeting over HELO"
    msg["Date"] = "Mon, 02 Mar 2026 10:00:00 +0000"
    msg["Message-ID"] = "<helo-1@tl-client.test>"
    msg.set_content("Hello Bob,\n\nthis message was sent with HELO and no extensions.\n\n-- \nCarol\n")
    return msg.as_bytes()


def mime_message(attachment: str) -> bytes:
    msg = MIMEMultipart(boundary="==tracelab-sample-boundary==")
    msg["From"] = "Carol Sender <carol@tl-client.test>"
    msg["To"] = "alice@%s, bob@%s" % (DOMAIN, DOMAIN)
    # RFC 2047 encoded word, UTF-8 Cyrillic ("Hello from tracelab, report attached").
    msg["Subject"] = Header("Привет из tracelab: отчёт во вложении", "utf-8")
    msg["Date"] = "Mon, 02 Mar 2026 10:05:00 +0000"
    msg["Message-ID"] = "<mime-1@tl-client.test>"
    msg.attach(MIMEText("Привет, Алиса!\n\nОтчёт во вложении.\n", "plain", "utf-8"))
    with open(attachment, "rb") as r:
        part = MIMEApplication(r.read(), "octet-stream")
    part.add_header("Content-Disposition", "attachment", filename="config.bin")
    msg.attach(part)
    return msg.as_bytes(policy=email.policy.compat32.clone(linesep="\r\n"))


def smtp_helo(server: str, eml_out: str) -> None:
    body = plain_message()
    with open(eml_out, "wb") as w:
        w.write(body)
    s = smtplib.SMTP(server, 25, local_hostname="tl-client.test", timeout=TIMEOUT)
    s.helo("tl-client.test")
    s.mail("carol@tl-client.test")
    s.rcpt("bob@%s" % DOMAIN)
    code, _ = s.rcpt("nobody@%s" % DOMAIN)  # unknown mailbox: 550
    print("  expected: RCPT nobody ->", code)
    s.data(body)
    s.quit()


def smtp_auth(server: str, eml_out: str, attachment: str, tls: str = "", cafile: str = "") -> None:
    body = mime_message(attachment)
    with open(eml_out, "wb") as w:
        w.write(body)
    s = smtplib.SMTP(server, 25, local_hostname="tl-client.test", timeout=TIMEOUT)
    s.ehlo("tl-client.test")
    if tls == "starttls":
        s.starttls(context=tls_context(cafile))
        s.ehlo("tl-client.test")
    s.user, s.password = "alice", "wonderland"
    s.auth("LOGIN", s.auth_login, initial_response_ok=False)
    s.sendmail("carol@tl-client.test", ["alice@%s" % DOMAIN, "bob@%s" % DOMAIN], body)
    s.quit()


# --- POP3 / IMAP -----------------------------------------------------------


def pop3(server: str, tls: str = "", cafile: str = "") -> None:
    if tls == "tls":
        p = poplib.POP3_SSL(server, 995, context=tls_context(cafile), timeout=TIMEOUT)
    else:
        p = poplib.POP3(server, 110, timeout=TIMEOUT)
    p.capa()
    p.user("bob")
    try:
        p.pass_("wrong-password")
    except poplib.error_proto as e:
        print("  expected:", e)
    p.user("bob")
    p.pass_("builder")
    count, _ = p.stat()
    p.list()
    p.uidl()
    for i in range(1, count + 1):
        p.retr(i)
    p.top(1, 2)
    if tls != "tls":
        p.dele(1)
    p.quit()


def imap(server: str, tls: str = "", cafile: str = "") -> None:
    if tls == "tls":
        m = imaplib.IMAP4_SSL(server, 993, ssl_context=tls_context(cafile), timeout=TIMEOUT)
    else:
        m = imaplib.IMAP4(server, 143, timeout=TIMEOUT)
    m.capability()
    m.login("alice", "wonderland")
    m.list()
    m.status("INBOX", "(MESSAGES RECENT UIDNEXT UNSEEN)")
    if tls == "tls":
        m.select("INBOX", readonly=True)  # EXAMINE
    else:
        m.select("INBOX")
    _, ids = m.search(None, "ALL")
    _, ids = m.search(None, '(FROM "carol")')
    for i in ids[0].split():
        m.fetch(i, "(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)")
        m.fetch(i, "(BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])")
        m.fetch(i, "(BODY[])")
    if tls != "tls":
        note = (
            b"From: alice@tl-server.test\r\nTo: alice@tl-server.test\r\n"
            b"Subject: draft appended over IMAP\r\nDate: Mon, 02 Mar 2026 11:00:00 +0000\r\n"
            b"Message-ID: <append-1@tl-server.test>\r\n\r\nAPPEND sends this as a literal.\r\n"
        )
        m.append("INBOX", r"(\Seen \Draft)", '"02-Mar-2026 11:00:00 +0000"', note)
        m.store(b"1", "+FLAGS", r"(\Flagged)")
        m.noop()
    try:
        m.select("NoSuchFolder")
    except imaplib.IMAP4.error as e:
        print("  expected:", e)
    m.logout()


# --- TCP edge cases ----------------------------------------------------------


def tcp_edges(server: str) -> None:
    """Connection refused, an abortive close (RST) while the server is still
    sending, and a half-close (client FIN first, then reads the reply)."""
    s = socket.socket()
    s.settimeout(TIMEOUT)
    try:
        s.connect((server, 9))
    except ConnectionRefusedError:
        print("  expected: port 9 refused")
    s.close()

    req = b"GET /file-200k.bin HTTP/1.1\r\nHost: tl-server.test\r\n\r\n"
    s = socket.create_connection((server, 8080), timeout=TIMEOUT)
    s.sendall(req)
    s.recv(4096)
    # SO_LINGER with zero timeout: close() sends RST instead of FIN.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()

    s = socket.create_connection((server, 8080), timeout=TIMEOUT)
    s.sendall(b"GET /small.txt HTTP/1.1\r\nHost: tl-server.test\r\nConnection: close\r\n\r\n")
    s.shutdown(socket.SHUT_WR)
    for _ in range(100):  # bounded: the reply is one small response
        if not s.recv(4096):
            break
    s.close()


def main() -> None:
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "ftp":
        ftp(*args)
    elif cmd == "tftp-blksize":
        tftp_blksize(args[0], args[1], int(args[2]), args[3])
    elif cmd == "smtp-helo":
        smtp_helo(*args)
    elif cmd == "smtp-auth":
        smtp_auth(*args)
    elif cmd == "pop3":
        pop3(*args)
    elif cmd == "imap":
        imap(*args)
    elif cmd == "tcp-edges":
        tcp_edges(*args)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
