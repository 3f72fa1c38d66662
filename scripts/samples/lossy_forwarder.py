#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Layer-2 bridge between two interfaces that damages TCP traffic on purpose.

The kernel here has no netem, so the lossy sample's impairments come from this
forwarder, run in the middle namespace. Every TCP frame draws one number from a
seeded PRNG and is forwarded, dropped, duplicated, or held back and sent after
the next frame going the same way (a reorder). Other frames (ARP, ND) pass
untouched so address resolution stays reliable. Every decision is written to
the log, one line per frame, so a reader of the capture can tell which gaps are
the forwarder's doing.

usage: lossy_forwarder.py IF_A IF_B LOG [--seed N] [--drop P] [--dup P]
                          [--reorder P] [--max-seconds S]
Stops on SIGTERM/SIGINT or after --max-seconds.
"""
import argparse
import random
import select
import signal
import socket
import struct
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
HOLD_SECONDS = 0.05  # a held frame goes out after this even if nothing follows


def describe(frame: bytes):
    """Short text for the log, and whether the frame is TCP."""
    if len(frame) < 14:
        return "short frame", False
    etype = struct.unpack("!H", frame[12:14])[0]
    if etype == 0x0806:
        return "ARP", False
    if etype == 0x0800 and len(frame) >= 34:
        ihl = (frame[14] & 0x0F) * 4
        proto = frame[23]
        src = socket.inet_ntoa(frame[26:30])
        dst = socket.inet_ntoa(frame[30:34])
        total = struct.unpack("!H", frame[16:18])[0]
        tcp = 14 + ihl
        if proto == 6 and len(frame) >= tcp + 20:
            sport, dport, seq, ack = struct.unpack("!HHII", frame[tcp : tcp + 12])
            off = (frame[tcp + 12] >> 4) * 4
            flags = frame[tcp + 13]
            names = "".join(n for b, n in ((2, "S"), (16, "."), (1, "F"), (4, "R"), (8, "P")) if flags & b)
            plen = total - ihl - off
            return "%s:%d > %s:%d [%s] seq=%d ack=%d len=%d" % (src, sport, dst, dport, names, seq, ack, plen), True
        return "IPv4 %s > %s proto %d" % (src, dst, proto), False
    if etype == 0x86DD:
        return "IPv6 next header %d" % (frame[20] if len(frame) > 20 else -1), False
    return "ethertype 0x%04x" % etype, False


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("if_a")
    ap.add_argument("if_b")
    ap.add_argument("log")
    ap.add_argument("--seed", type=int, default=20260302)
    ap.add_argument("--drop", type=float, default=0.02)
    ap.add_argument("--dup", type=float, default=0.01)
    ap.add_argument("--reorder", type=float, default=0.02)
    ap.add_argument("--max-seconds", type=float, default=300)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    socks = {}
    for name in (args.if_a, args.if_b):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        # A burst of a whole TCP window must fit, or the kernel would drop
        # frames here without a log line.
        s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)  # SO_RCVBUFFORCE (root)
        s.bind((name, 0))
        socks[name] = s
    peer = {args.if_a: socks[args.if_b], args.if_b: socks[args.if_a]}
    by_fd = {s.fileno(): name for name, s in socks.items()}
    held = {}  # outgoing socket fd -> (deadline, frame, index)

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    start = time.monotonic()
    counts = {"pass": 0, "forward": 0, "drop": 0, "duplicate": 0, "reorder": 0}
    index = 0
    with open(args.log, "w", buffering=1) as log:
        log.write(
            "# lossy_forwarder seed=%d drop=%.3f dup=%.3f reorder=%.3f\n"
            "# frame  t(s)  in-iface  action  summary\n" % (args.seed, args.drop, args.dup, args.reorder)
        )
        while not stop and time.monotonic() - start < args.max_seconds:
            now = time.monotonic()
            for fd, (deadline, frame, idx) in list(held.items()):
                if now >= deadline:
                    out = next(s for s in socks.values() if s.fileno() == fd)
                    out.send(frame)
                    del held[fd]
                    log.write("%6d %9.6f %-4s released after timeout\n" % (idx, now - start, "-"))
            try:
                ready, _, _ = select.select(list(socks.values()), [], [], 0.01)
            except InterruptedError:
                continue
            for s in ready:
                frame, addr = s.recvfrom(65535)
                if addr[2] == PACKET_OUTGOING:
                    continue  # our own transmission seen on the same interface
                name = by_fd[s.fileno()]
                out = peer[name]
                index += 1
                what, is_tcp = describe(frame)
                action = "pass"
                if is_tcp:
                    r = rng.random()
                    if r < args.drop:
                        action = "drop"
                    elif r < args.drop + args.dup:
                        action = "duplicate"
                    elif r < args.drop + args.dup + args.reorder and out.fileno() not in held:
                        action = "reorder"
                    else:
                        action = "forward"
                counts[action] += 1
                log.write("%6d %9.6f %-4s %-9s %s\n" % (index, time.monotonic() - start, name, action, what))
                if action == "drop":
                    continue
                if action == "reorder":
                    held[out.fileno()] = (time.monotonic() + HOLD_SECONDS, frame, index)
                    continue
                out.send(frame)
                if action == "duplicate":
                    out.send(frame)
                pending = held.pop(out.fileno(), None)
                if pending:
                    out.send(pending[1])
                    log.write("%6d %9.6f %-4s released after frame %d\n" % (pending[2], time.monotonic() - start, "-", index))
        for fd, (_, frame, idx) in held.items():
            next(s for s in socks.values() if s.fileno() == fd).send(frame)
            log.write("%6d %9.6f %-4s released at exit\n" % (idx, time.monotonic() - start, "-"))
        log.write("# totals: %s\n" % " ".join("%s=%d" % kv for kv in counts.items()))


if __name__ == "__main__":
    main()
