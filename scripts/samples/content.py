#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fixed files the sample servers serve, so every rebuild transfers
byte-identical payloads (their sha256 sums are listed in samples/MANIFEST).

usage: content.py ROOT
creates ROOT/www, ROOT/ftp/pub, ROOT/tftp and ROOT/upload (files clients send).
"""
import os
import random
import sys


def blob(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


INDEX_HTML = b"""<!DOCTYPE html>
<html>
<head><title>tracelab sample server</title></head>
<body>
<h1>Hello from tl-server.test</h1>
<p>This page was fetched over HTTPS after a 301 redirect from plain HTTP.</p>
</body>
</html>
"""

FTP_README = b"""tracelab FTP sample
===================
This directory is served by vsftpd inside a network namespace.
data.bin is 48 KiB of seeded pseudo-random bytes.
"""

TFTP_BOOT = b"# boot configuration served over TFTP\nkernel vmlinuz-sample\nappend console=ttyS0\n"

# 2026-03-02 10:00:00 UTC
FIXED_MTIME = 1772445600

UPLOAD_NOTE = b"uploaded by the tracelab sample client\n" * 20


def main() -> None:
    root = sys.argv[1]
    files = {
        "www/index.html": INDEX_HTML,
        "www/file-200k.bin": blob(200, 200 * 1024),
        "www/small.txt": b"small object\n" * 8,
        "ftp/pub/README": FTP_README,
        "ftp/pub/data.bin": blob(48, 48 * 1024),
        "tftp/boot.txt": TFTP_BOOT,
        "tftp/firmware.bin": blob(20, 20 * 1024),
        "upload/note.txt": UPLOAD_NOTE,
        "upload/config.bin": blob(3, 3000),
    }
    for rel, data in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        # Fixed mtime: directory listings (FTP LIST) show it.
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))


if __name__ == "__main__":
    main()
