#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hand-typed dialogs for the flawed lab sessions (make-samples.sh flawed).

Each subcommand plays a student at a telnet or `openssl s_client` prompt:
one command line at a time, each sent only after the server's whole reply
to the previous one has arrived, mistakes included. Standard library only;
every read is bounded by a timeout.

usage: flawed_clients.py SUBCOMMAND SERVER [ARGS...]
  smtp-no-quit SERVER EML_OUT
  smtp-auth-refused SERVER EML_OUT
  smtp-auth-failed SERVER
  smtp-rcpt-refused SERVER
  smtp-mime-no-attachment SERVER EML_OUT
  smtp-starttls-plain SERVER
  pop3-auth-failed SERVER
  pop3-dele-no-quit SERVER
  imap-untagged SERVER
  imap-select-missing SERVER
  imap-no-logout SERVER
  ftp-no-quit SERVER
  ftp-retr-missing SERVER
  ftp-login-failed SERVER
  smtp-mime-no-subject SERVER EML_OUT ATTACHMENT
  smtp-starttls-auth-failed SERVER CAFILE
  pop3-stls-auth-failed SERVER CAFILE
  pop3s-retr-zero SERVER CAFILE
  imaps-select-missing SERVER CAFILE
  imaps-no-logout SERVER CAFILE
  tftp-interrupted SERVER FILE BLOCKS

The TLS subcommands (STARTTLS, STLS, ports 993 and 995, as `openssl
s_client -starttls` or `-connect` would) honour SSLKEYLOGFILE
(ssl.create_default_context reads it).
"""
import base64
import re
import socket
import ssl
import struct
import sys
import time

DOMAIN = "tl-server.test"
TIMEOUT = 10
# A person reads the reply before typing the next line.
THINK = 0.2
CRLF = b"\r\n"


class Closed(Exception):
    """The server closed (or reset) the connection."""


class Dialog:
    """One TCP connection driven line by line; `proto` says how a reply ends."""

    def __init__(self, server: str, port: int, proto: str, cafile: str = "") -> None:
        self.proto = proto
        self.sock = socket.create_connection((server, port), timeout=TIMEOUT)
        self.buf = b""
        if cafile:  # implicit TLS (993, 995): the handshake comes first
            self.start_tls(cafile)

    def start_tls(self, cafile: str) -> None:
        """The TLS handshake on this connection (after STARTTLS/STLS's OK)."""
        if self.buf:
            raise SystemExit("data after the go-ahead for TLS: %r" % self.buf)
        ctx = ssl.create_default_context(cafile=cafile)
        self.sock = ctx.wrap_socket(self.sock, server_hostname=DOMAIN)
        v = self.sock.version()
        print("  (TLS handshake done: %s, %s)" % (v, self.sock.cipher()[0]))

    def _fill(self) -> None:
        try:
            data = self.sock.recv(65536)
        except ConnectionResetError as e:
            raise Closed("reset") from e
        if not data:
            raise Closed("eof")
        self.buf += data

    def _line(self) -> bytes:
        for _ in range(10000):  # bounded: replies here are a few KB
            i = self.buf.find(CRLF)
            if i >= 0:
                line, self.buf = self.buf[: i + 2], self.buf[i + 2 :]
                return line
            self._fill()
        raise RuntimeError("reply line too long")

    def _bytes(self, n: int) -> bytes:
        for _ in range(10000):
            if len(self.buf) >= n:
                out, self.buf = self.buf[:n], self.buf[n:]
                return out
            self._fill()
        raise RuntimeError("literal too long")

    def reply(self, multi: bool = False, tag: str = "") -> list:
        """Reads one complete reply and prints it (first lines only)."""
        lines = []
        for _ in range(10000):
            line = self._line()
            if self.proto in ("smtp", "ftp"):
                lines.append(line)
                if re.match(rb"^\d{3} ", line):
                    break
            elif self.proto == "pop3":
                lines.append(line)
                if not multi or len(lines) == 1 and not line.startswith(b"+OK"):
                    break
                if len(lines) > 1 and line == b"." + CRLF:
                    break
            else:  # imap: literals {n} are read as bytes, then the line goes on
                m = re.search(rb"\{(\d+)\}\r\n$", line)
                while m:
                    line += self._bytes(int(m.group(1)))
                    rest = self._line()
                    line += rest
                    m = re.search(rb"\{(\d+)\}\r\n$", rest)
                lines.append(line)
                if not tag or line.startswith(tag.encode() + b" "):
                    break
        for line in lines[:3]:
            print("  S:", line[:100].decode("latin-1").rstrip())
        if len(lines) > 3:
            print("  S: ... (%d lines)" % len(lines))
        return lines

    def send(self, text: str, multi: bool = False, tag: str = "", shown: str = "") -> list:
        """Types one line and waits for the whole reply."""
        time.sleep(THINK)
        print("  C:", shown or text)
        self.sock.sendall(text.encode() + CRLF)
        return self.reply(multi=multi, tag=tag)

    def paste(self, body: bytes) -> None:
        """Pastes a message body (no reply expected until the final dot)."""
        time.sleep(THINK)
        print("  C: <message, %d bytes>" % len(body))
        self.sock.sendall(body)

    def hang_up(self) -> None:
        """Closes the window: FIN without the protocol's goodbye."""
        time.sleep(THINK)
        print("  C: <closes the connection>")
        self.sock.close()

    def done(self) -> None:
        """After the goodbye: read the server's FIN, then close."""
        try:
            self.sock.settimeout(3)
            for _ in range(100):
                if not self.sock.recv(4096):
                    break
        except (OSError, socket.timeout):
            pass
        self.sock.close()


def code(lines: list) -> bytes:
    return lines[-1][:3]


def must(lines: list, want: bytes) -> None:
    if not lines[-1].startswith(want):
        raise SystemExit("unexpected reply: %r (wanted %r)" % (lines[-1], want))


def b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode()


def write_eml(path: str, body: bytes) -> None:
    # Exactly the bytes between DATA's 354 and the final dot (no line starts
    # with a dot, so nothing is dot-stuffed).
    assert body.endswith(CRLF) and b"\r\n." not in body
    with open(path, "wb") as w:
        w.write(body)


# --- SMTP ------------------------------------------------------------------


NO_QUIT_MSG = crlf(
    """From: Dave Student <dave@tl-client.test>
To: bob@tl-server.test
Subject: Lab 3 report
Date: Mon, 02 Mar 2026 12:00:00 +0000
Message-ID: <no-quit-1@tl-client.test>

Hi Bob,

this was typed by hand over a raw TCP connection.
After the 250 I just closed the window.

Dave
"""
)

AUTH_RETRY_MSG = crlf(
    """From: Alice <alice@tl-server.test>
To: alice@tl-server.test, bob@tl-server.test
Subject: Second try
Date: Mon, 02 Mar 2026 12:10:00 +0000
Message-ID: <auth-retry-1@tl-server.test>

The first password had a typo (535); the second one worked (235).
"""
)

MIME_NO_ATTACHMENT_MSG = crlf(
    """From: Bob <bob@tl-server.test>
To: alice@tl-server.test
Subject: Lab report attached
Date: Mon, 02 Mar 2026 12:20:00 +0000
Message-ID: <mime-no-attachment-1@tl-server.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Hi Alice,

please find my lab report attached (report.pdf).

Gr=C3=BC=C3=9Fe,
Bob
"""
)


def smtp_open(server: str) -> Dialog:
    d = Dialog(server, 25, "smtp")
    must(d.reply(), b"220")
    must(d.send("EHLO tl-client.test"), b"250")
    return d


def smtp_auth_login(d: Dialog, user: str, password: str) -> bytes:
    must(d.send("AUTH LOGIN"), b"334")
    must(d.send(b64(user)), b"334")
    return code(d.send(b64(password), shown=b64(password) + "   (base64 of the password)"))


def smtp_message(d: Dialog, sender: str, rcpts: list, body: bytes) -> None:
    must(d.send("MAIL FROM:<%s>" % sender), b"250")
    for r in rcpts:
        must(d.send("RCPT TO:<%s>" % r), b"250")
    must(d.send("DATA"), b"354")
    d.paste(body)
    must(d.send("."), b"250")


def smtp_no_quit(server: str, eml_out: str) -> None:
    write_eml(eml_out, NO_QUIT_MSG)
    d = smtp_open(server)
    smtp_message(d, "dave@tl-client.test", ["bob@" + DOMAIN], NO_QUIT_MSG)
    d.hang_up()


def smtp_auth_refused(server: str, eml_out: str) -> None:
    write_eml(eml_out, AUTH_RETRY_MSG)
    d = smtp_open(server)
    if smtp_auth_login(d, "alice", "wonderlnad") != b"535":  # typo
        raise SystemExit("wrong password was accepted")
    if smtp_auth_login(d, "alice", "wonderland") != b"235":
        raise SystemExit("right password was refused")
    smtp_message(d, "alice@" + DOMAIN, ["alice@" + DOMAIN, "bob@" + DOMAIN], AUTH_RETRY_MSG)
    must(d.send("QUIT"), b"221")
    d.done()


def smtp_auth_failed(server: str) -> None:
    d = smtp_open(server)
    if smtp_auth_login(d, "bob", "bulider") != b"535":
        raise SystemExit("wrong password was accepted")
    must(d.send("QUIT"), b"221")
    d.done()


def smtp_rcpt_refused(server: str) -> None:
    d = smtp_open(server)
    must(d.send("MAIL FROM:<dave@tl-client.test>"), b"250")
    # Not authenticated: relaying to another domain is refused...
    must(d.send("RCPT TO:<friend@example.com>"), b"554")
    # ...and a mistyped local mailbox does not exist.
    must(d.send("RCPT TO:<bobb@%s>" % DOMAIN), b"550")
    must(d.send("DATA"), b"554")  # no valid recipients
    must(d.send("QUIT"), b"221")
    d.done()


def smtp_mime_no_attachment(server: str, eml_out: str) -> None:
    write_eml(eml_out, MIME_NO_ATTACHMENT_MSG)
    d = smtp_open(server)
    if smtp_auth_login(d, "bob", "builder") != b"235":
        raise SystemExit("right password was refused")
    smtp_message(d, "bob@" + DOMAIN, ["alice@" + DOMAIN], MIME_NO_ATTACHMENT_MSG)
    must(d.send("QUIT"), b"221")
    d.done()


def smtp_starttls_plain(server: str) -> None:
    d = smtp_open(server)
    must(d.send("STARTTLS"), b"220")
    # The student keeps typing in the clear; the server now expects a TLS
    # ClientHello. Stop when the server hangs up.
    for line in ["EHLO tl-client.test", "MAIL FROM:<dave@tl-client.test>", "RCPT TO:<bob@%s>" % DOMAIN]:
        try:
            d.send(line)
        except Closed as e:
            print("  (server closed the connection: %s)" % e)
            break
        except socket.timeout:
            print("  (no answer)")
            continue
        except BrokenPipeError:
            print("  (broken pipe)")
            break
    d.sock.close()


# --- POP3 ------------------------------------------------------------------


def pop3_auth_failed(server: str) -> None:
    d = Dialog(server, 110, "pop3")
    must(d.reply(), b"+OK")
    must(d.send("USER bob"), b"+OK")
    must(d.send("PASS bulider"), b"-ERR")
    must(d.send("QUIT"), b"+OK")
    d.done()


def pop3_dele_no_quit(server: str) -> None:
    d = Dialog(server, 110, "pop3")
    must(d.reply(), b"+OK")
    must(d.send("USER bob"), b"+OK")
    must(d.send("PASS builder"), b"+OK")
    stat = d.send("STAT")
    must(stat, b"+OK")
    if int(stat[0].split()[1]) < 2:
        raise SystemExit("bob's mailbox should hold at least 2 messages")
    must(d.send("LIST", multi=True), b".")
    must(d.send("RETR 1", multi=True), b".")
    must(d.send("DELE 1"), b"+OK")
    d.hang_up()  # no QUIT: the deletion is never committed


# --- IMAP ------------------------------------------------------------------


def imap_open(server: str) -> Dialog:
    d = Dialog(server, 143, "imap")
    must(d.reply(), b"* OK")
    return d


def imap_untagged(server: str) -> None:
    d = imap_open(server)
    # Forgot the tag: the server takes LOGIN for the tag and alice for the command.
    must(d.send("LOGIN alice wonderland", tag="LOGIN"), b"LOGIN BAD")
    must(d.send("a1 LOGIN alice wonderland", tag="a1"), b"a1 OK")
    must(d.send("a2 SELECT INBOX", tag="a2"), b"a2 OK")
    must(d.send("a3 FETCH 1 BODY[]", tag="a3"), b"a3 OK")
    must(d.send("a4 LOGOUT", tag="a4"), b"a4 OK")
    d.done()


def imap_select_missing(server: str) -> None:
    d = imap_open(server)
    must(d.send("a1 LOGIN alice wonderland", tag="a1"), b"a1 OK")
    must(d.send('a2 LIST "" "*"', tag="a2"), b"a2 OK")
    must(d.send("a3 SELECT Nonexistent", tag="a3"), b"a3 NO")
    must(d.send("a4 LOGOUT", tag="a4"), b"a4 OK")
    d.done()


def imap_no_logout(server: str) -> None:
    d = imap_open(server)
    must(d.send("a1 LOGIN alice wonderland", tag="a1"), b"a1 OK")
    must(d.send("a2 SELECT INBOX", tag="a2"), b"a2 OK")
    must(d.send("a3 FETCH 2 BODY[]", tag="a3"), b"a3 OK")
    d.hang_up()


# --- FTP -------------------------------------------------------------------


def ftp_login(server: str) -> Dialog:
    d = Dialog(server, 21, "ftp")
    must(d.reply(), b"220")
    must(d.send("USER anonymous"), b"331")
    must(d.send("PASS student@tl-client.test"), b"230")
    return d


def pasv_address(lines: list) -> tuple:
    m = re.search(rb"\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)", lines[-1])
    if not m:
        raise SystemExit("no address in %r" % lines[-1])
    n = [int(x) for x in m.groups()]
    return "%d.%d.%d.%d" % tuple(n[:4]), n[4] * 256 + n[5]


def ftp_no_quit(server: str) -> None:
    d = ftp_login(server)
    must(d.send("CWD /pub"), b"250")
    pasv = d.send("PASV")
    must(pasv, b"227")
    data = socket.create_connection(pasv_address(pasv), timeout=TIMEOUT)
    must(d.send("LIST"), b"150")
    listing = b""
    for _ in range(1000):  # bounded: a two-line listing
        chunk = data.recv(4096)
        if not chunk:
            break
        listing += chunk
    data.close()
    print("  data: %d bytes of listing" % len(listing))
    must(d.reply(), b"226")
    d.hang_up()


def ftp_retr_missing(server: str) -> None:
    d = ftp_login(server)
    must(d.send("CWD /pub"), b"250")
    must(d.send("PASV"), b"227")
    # A typo in the name: the file is README, not readme.txt.
    must(d.send("RETR readme.txt"), b"550")
    must(d.send("QUIT"), b"221")
    d.done()


def ftp_login_failed(server: str) -> None:
    d = Dialog(server, 21, "ftp")
    must(d.reply(), b"220")
    must(d.send("USER student"), b"331")
    must(d.send("PASS secret"), b"530")
    must(d.send("QUIT"), b"221")
    d.done()


# --- Over TLS, and more ----------------------------------------------------


NO_SUBJECT_TEXT = """Hi Bob,

my lab 3 report is attached (report.txt).

Alice
"""

NO_SUBJECT_HEAD = """From: Alice <alice@tl-server.test>
To: bob@tl-server.test
Date: Mon, 02 Mar 2026 12:30:00 +0000
Message-ID: <mime-no-subject-1@tl-server.test>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="tl-boundary-3"

This is a multi-part message in MIME format.

--tl-boundary-3
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

"""


def no_subject_message(attachment: str) -> bytes:
    """Typed by hand from the lab sheet's template, the Subject line left out."""
    with open(attachment, "rb") as f:
        data = base64.encodebytes(f.read()).decode()
    text = (
        NO_SUBJECT_HEAD
        + NO_SUBJECT_TEXT
        + "\n--tl-boundary-3\n"
        + "Content-Type: text/plain; charset=us-ascii; name=\"report.txt\"\n"
        + "Content-Disposition: attachment; filename=\"report.txt\"\n"
        + "Content-Transfer-Encoding: base64\n\n"
        + data
        + "\n--tl-boundary-3--\n"
    )
    return crlf(text)


def smtp_mime_no_subject(server: str, eml_out: str, attachment: str) -> None:
    body = no_subject_message(attachment)
    write_eml(eml_out, body)
    d = smtp_open(server)
    if smtp_auth_login(d, "alice", "wonderland") != b"235":
        raise SystemExit("right password was refused")
    smtp_message(d, "alice@" + DOMAIN, ["bob@" + DOMAIN], body)
    must(d.send("QUIT"), b"221")
    d.done()


def smtp_starttls_auth_failed(server: str, cafile: str) -> None:
    d = smtp_open(server)
    must(d.send("STARTTLS"), b"220")
    d.start_tls(cafile)
    must(d.send("EHLO tl-client.test"), b"250")
    # The user name is right; the password is bob's, not alice's.
    if smtp_auth_login(d, "alice", "builder") != b"535":
        raise SystemExit("wrong password was accepted")
    must(d.send("QUIT"), b"221")
    d.done()


def pop3_stls_auth_failed(server: str, cafile: str) -> None:
    d = Dialog(server, 110, "pop3")
    must(d.reply(), b"+OK")
    must(d.send("STLS"), b"+OK")
    d.start_tls(cafile)
    must(d.send("USER alice"), b"+OK")
    must(d.send("PASS Wonderland"), b"-ERR")  # capital W
    must(d.send("QUIT"), b"+OK")
    d.done()


def pop3s_retr_zero(server: str, cafile: str) -> None:
    d = Dialog(server, 995, "pop3", cafile)
    must(d.reply(), b"+OK")
    must(d.send("USER bob"), b"+OK")
    must(d.send("PASS builder"), b"+OK")
    must(d.send("STAT"), b"+OK")
    # Messages are numbered from 1.
    must(d.send("RETR 0", multi=True), b"-ERR")
    must(d.send("QUIT"), b"+OK")
    d.done()


def imaps_select_missing(server: str, cafile: str) -> None:
    d = Dialog(server, 993, "imap", cafile)
    must(d.reply(), b"* OK")
    must(d.send("a1 LOGIN alice wonderland", tag="a1"), b"a1 OK")
    must(d.send('a2 LIST "" "*"', tag="a2"), b"a2 OK")
    # The mail client's folder name; this account has only INBOX.
    must(d.send("a3 SELECT Sent", tag="a3"), b"a3 NO")
    must(d.send("a4 LOGOUT", tag="a4"), b"a4 OK")
    d.done()


def imaps_no_logout(server: str, cafile: str) -> None:
    d = Dialog(server, 993, "imap", cafile)
    must(d.reply(), b"* OK")
    must(d.send("a1 LOGIN bob builder", tag="a1"), b"a1 OK")
    must(d.send('a2 LIST "" "*"', tag="a2"), b"a2 OK")
    must(d.send("a3 SELECT INBOX", tag="a3"), b"a3 OK")
    must(d.send("a4 FETCH 1 BODY[]", tag="a4"), b"a4 OK")
    d.hang_up()


def tftp_interrupted(server: str, name: str, blocks: str) -> None:
    """An octet read stopped after BLOCKS blocks, as when the client is
    killed: the last block received is acknowledged, nothing more is sent."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3)
    s.sendto(struct.pack("!H", 1) + name.encode() + b"\0octet\0", (server, 69))
    got = 0
    for _ in range(10000):  # bounded
        pkt, peer = s.recvfrom(65536)
        op, block = struct.unpack("!HH", pkt[:4])
        if op == 5:
            raise SystemExit("tftp error: %r" % pkt[4:])
        if op == 3 and block == got + 1:
            got = block
            s.sendto(struct.pack("!HH", 4, block), peer)
            if len(pkt) - 4 < 512:
                raise SystemExit("the whole file came before the interruption")
            if got >= int(blocks):
                break
    print("  (client stopped after block %d)" % got)
    s.close()


COMMANDS = {
    "smtp-no-quit": smtp_no_quit,
    "smtp-auth-refused": smtp_auth_refused,
    "smtp-auth-failed": smtp_auth_failed,
    "smtp-rcpt-refused": smtp_rcpt_refused,
    "smtp-mime-no-attachment": smtp_mime_no_attachment,
    "smtp-starttls-plain": smtp_starttls_plain,
    "pop3-auth-failed": pop3_auth_failed,
    "pop3-dele-no-quit": pop3_dele_no_quit,
    "imap-untagged": imap_untagged,
    "imap-select-missing": imap_select_missing,
    "imap-no-logout": imap_no_logout,
    "ftp-no-quit": ftp_no_quit,
    "ftp-retr-missing": ftp_retr_missing,
    "ftp-login-failed": ftp_login_failed,
    "smtp-mime-no-subject": smtp_mime_no_subject,
    "smtp-starttls-auth-failed": smtp_starttls_auth_failed,
    "pop3-stls-auth-failed": pop3_stls_auth_failed,
    "pop3s-retr-zero": pop3s_retr_zero,
    "imaps-select-missing": imaps_select_missing,
    "imaps-no-logout": imaps_no_logout,
    "tftp-interrupted": tftp_interrupted,
}


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[1] not in COMMANDS:
        raise SystemExit(__doc__)
    COMMANDS[sys.argv[1]](*sys.argv[2:])


if __name__ == "__main__":
    main()
