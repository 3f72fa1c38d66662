#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Makes a large capture of real mixed traffic for benchmarking tracelab:
#   sudo scripts/make-bench-capture.sh OUT.pcap [SIZE_MB]      (default 1100)
# The same servers and namespaces as make-samples.sh (HTTP, HTTPS, FTP, SMTP,
# POP3, IMAP, TFTP): thousands of short sessions from bench_clients.py run in
# the background while curl repeats large HTTP, HTTPS and FTP downloads until
# the capture reaches SIZE_MB. The TLS key log is written to OUT.pcap.keys.
# Not committed: too big. Stops everything it started, also on error.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/samples/netns.sh
. "$HERE/samples/netns.sh"
# shellcheck source=scripts/samples/servers.sh
. "$HERE/samples/servers.sh"

usage() { echo "usage: sudo $0 OUT.pcap [SIZE_MB]" >&2; exit 2; }
(($# >= 1 && $# <= 2)) || usage
OUTFILE=$(realpath -m "$1")
SIZE_MB=${2:-1100}
if ! [[ $SIZE_MB =~ ^[0-9]+$ ]] || ((SIZE_MB < 10)); then usage; fi
[[ $(id -u) -eq 0 ]] || { echo "run as root (network namespaces)" >&2; exit 1; }
need_tools || exit 1
take_lock || exit 1
# Hard bound on the whole run, whatever happens.
MAX_SECONDS=${MAX_SECONDS:-840}

WORK=$(mktemp -d /tmp/tl-bench.XXXXXX)
chmod 755 "$WORK"
cleanup() {
  touch "$WORK/stop" 2>/dev/null || true
  net_teardown
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

START=$SECONDS
target=$((SIZE_MB * 1024 * 1024))
# Session counts scale with the size asked for (1.0 at 1100 MB), at least a few.
scale=$(awk -v s="$SIZE_MB" 'BEGIN { x = s / 1100; if (x < 0.02) x = 0.02; printf "%.3f", x }')

make_cert
make_content
# Bench-only objects: small ones for the many short sessions, large ones for
# the bulk downloads.
"$PY" - "$WORK/content" <<'EOF'
import os, random, sys
root = sys.argv[1]
def put(rel, size, seed):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(random.Random(seed).randbytes(size))
put("www/bench/obj-1k.bin", 1024, 1)
put("www/bench/obj-16k.bin", 16 * 1024, 16)
put("www/bench/obj-100k.bin", 100 * 1024, 100)
put("www/bench/big-16m.bin", 16 << 20, 1600)
put("ftp/pub/bench-256k.bin", 256 * 1024, 256)
put("ftp/pub/big-8m.bin", 8 << 20, 800)
put("tftp/bench-64k.bin", 64 * 1024, 64)
EOF
chmod -R a+rX "$WORK/content"

net_setup direct
start_nginx
start_vsftpd 4
start_tftpd
start_dovecot
start_postfix

rm -f "$OUTFILE" "$OUTFILE.keys"
# Big kernel buffer: bursts of bulk downloads must not overrun tcpdump.
ip netns exec "$NS_C" tcpdump -i "$IF_C" -s 0 -B 262144 -n -Z root -w "$OUTFILE" \
  "not dst host ff02::16" 2>"$WORK/tcpdump.err" &
CAP_PID=$!
TL_PIDS+=("$CAP_PID")
for ((i = 0; i < 50; i++)); do [[ -s $OUTFILE ]] && break; sleep 0.1; done
sleep 0.3

KEYS=$OUTFILE.keys
export SSLKEYLOGFILE=$KEYS
ip netns exec "$NS_C" "$PY" "$HERE/samples/bench_clients.py" "$IP_S" "$WORK/cert.pem" "$WORK/stop" "$scale" \
  --progress "$WORK/progress" >"$WORK/mix.out" 2>&1 &
MIX_PID=$!
TL_PIDS+=("$MIX_PID")

size() { stat -c %s "$OUTFILE" 2>/dev/null || echo 0; }
CURL=(curl -sS -o /dev/null --max-time 60 --cacert "$WORK/cert.pem" --resolve "$SERVER_NAME:443:$IP_S")
rounds=0 http_big=0 https_big=0 ftp_big=0
# Bulk rounds keep pace with the short sessions' progress, so both are spread
# over the whole capture; once those are done, bulk fills up to the target.
allowed() {
  local ndone=0 total=1
  ((mix_running)) || { echo "$target"; return; }
  [[ -s $WORK/progress ]] && read -r ndone total <"$WORK/progress"
  echo $((target * (5 + 95 * ndone / total) / 100))
}
for ((round = 0; round < 100000; round++)); do
  ((SECONDS - START < MAX_SECONDS)) || { echo "time limit reached" >&2; break; }
  mix_running=0
  kill -0 "$MIX_PID" 2>/dev/null && mix_running=1
  if (($(size) < $(allowed))); then
    case $((rounds % 4)) in
    0 | 2) in_c "${CURL[@]}" "http://$IP_S:8080/bench/big-16m.bin" && http_big=$((http_big + 1)) ;;
    1) in_c "${CURL[@]}" "https://$SERVER_NAME/bench/big-16m.bin" && https_big=$((https_big + 1)) ;;
    3) in_c "${CURL[@]}" "ftp://$IP_S/pub/big-8m.bin" && ftp_big=$((ftp_big + 1)) ;;
    esac
    rounds=$((rounds + 1))
  elif ((mix_running)); then
    sleep 0.2
  else
    break
  fi
done
touch "$WORK/stop"
for ((i = 0; i < 300; i++)); do kill -0 "$MIX_PID" 2>/dev/null || break; sleep 0.1; done
stop_pid "$MIX_PID"
# Not in immediate mode: give the ring buffer's block timeout (1 s) time to
# hand over the last packets before stopping.
sleep 1.5
kill -INT "$CAP_PID" 2>/dev/null || true
for ((i = 0; i < 100; i++)); do kill -0 "$CAP_PID" 2>/dev/null || break; sleep 0.1; done
stop_pid "$CAP_PID"

echo "capture:   $OUTFILE ($(($(size) / 1024 / 1024)) MB) in $((SECONDS - START)) s"
echo "tls keys:  $KEYS"
echo "bulk:      http=$http_big https=$https_big ftp=$ftp_big (16 MB, 16 MB, 8 MB each)"
echo "sessions:  $(tail -1 "$WORK/mix.out")  (ok/failed, scale $scale)"
grep -E 'captured|dropped' "$WORK/tcpdump.err" | tr '\n' ' '
echo
