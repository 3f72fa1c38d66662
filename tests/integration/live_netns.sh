#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Live capture for real: two network namespaces joined by a veth pair, a TCP
# server and client and a few UDP datagrams between them, `tracelab live` on
# one end.  Exit 77 (skip) when namespaces cannot be made here.
# Usage: live_netns.sh TRACELAB_BIN WORKDIR
set -uo pipefail
BIN=$1
WORK=$2
NS_A=tl-live-a-$$
NS_B=tl-live-b-$$
cleanup() {
  [[ -n ${CAP_PID:-} ]] && kill "$CAP_PID" 2>/dev/null
  [[ -n ${SRV_PID:-} ]] && kill "$SRV_PID" 2>/dev/null
  ip netns del "$NS_A" 2>/dev/null
  ip netns del "$NS_B" 2>/dev/null
}
trap cleanup EXIT

if ! command -v ip >/dev/null || ! ip netns add "$NS_A" 2>/dev/null; then
  echo "skip: cannot create network namespaces here (need root and iproute2)"
  exit 77
fi
ip netns add "$NS_B" || exit 77
ip link add veth-a netns "$NS_A" type veth peer name veth-b netns "$NS_B" || exit 77
ip -n "$NS_A" addr add 10.98.0.1/24 dev veth-a
ip -n "$NS_B" addr add 10.98.0.2/24 dev veth-b
ip -n "$NS_A" link set veth-a up
ip -n "$NS_B" link set veth-b up
ip -n "$NS_A" link set lo up
ip -n "$NS_B" link set lo up

# Server in A: answers each TCP connection with what it read, reversed.
ip netns exec "$NS_A" python3 - <<'PY' &
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.98.0.1", 8080)); s.listen(5); s.settimeout(20)
for _ in range(3):
    try:
        c, _ = s.accept()
    except socket.timeout:
        break
    data = c.recv(4096)
    c.sendall(data[::-1]); c.close()
PY
SRV_PID=$!

ip netns exec "$NS_A" "$BIN" live -i veth-a --json --no-progress \
  -w "$WORK/live.pcapng" >"$WORK/live.ndjson" 2>"$WORK/live.err" &
CAP_PID=$!
# Wait until the capture is really running (its schema line is written).
for _ in $(seq 1 50); do
  [[ -s $WORK/live.ndjson ]] && break
  sleep 0.1
done
sleep 0.3

ip netns exec "$NS_B" python3 - <<'PY'
import socket, time
for i in range(3):
    for attempt in range(50):
        try:
            c = socket.create_connection(("10.98.0.1", 8080), timeout=5)
            break
        except OSError:
            time.sleep(0.1)
    c.sendall(b"hello tracelab %d" % i)
    c.recv(4096); c.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(4):
    u.sendto(b"datagram %d" % i, ("10.98.0.1", 5353 + 1000))
PY
sleep 0.5
kill -INT "$CAP_PID"
for _ in $(seq 1 50); do
  kill -0 "$CAP_PID" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$CAP_PID" 2>/dev/null; then
  echo "FAIL: tracelab live did not stop on SIGINT"
  exit 1
fi
wait "$CAP_PID"
RC=$?
CAP_PID=
echo "exit status $RC"
cat "$WORK/live.err"
exit 0
