#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A minimal syslog receiver for daemons that only log through syslog(3)
(tftpd-hpa): binds a datagram socket at SOCKET (seen by the daemon as
/dev/log, see flawed.sh) and appends each message to LOG as one line.

usage: syslog_sink.py SOCKET LOG [--max-seconds N]
Stops by itself after N seconds (default 600) or on SIGTERM.
"""
import os
import signal
import socket
import sys
import time


def main() -> None:
    path, log = sys.argv[1], sys.argv[2]
    limit = 600.0
    if len(sys.argv) > 4 and sys.argv[3] == "--max-seconds":
        limit = float(sys.argv[4])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    os.chmod(path, 0o666)
    s.settimeout(0.5)
    end = time.monotonic() + limit
    with open(log, "ab", buffering=0) as out:
        while time.monotonic() < end:
            try:
                msg = s.recv(8192)
            except socket.timeout:
                continue
            out.write(msg.rstrip(b"\0\n") + b"\n")


if __name__ == "__main__":
    main()
