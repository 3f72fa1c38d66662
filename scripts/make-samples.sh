#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Rebuilds the captures in samples/ from real servers and clients talking in
# private network namespaces (tl-client 10.99.0.2 / fd99::2 <-> tl-server
# 10.99.0.1 / fd99::1; tl-mid forwards for the lossy sample).
# Run as root:  sudo scripts/make-samples.sh [SAMPLE...]
# With no argument every sample is rebuilt; names: http tls ftp tftp mail lossy.
# Packages: see samples/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=${OUT:-$ROOT/samples}
# shellcheck source=samples/netns.sh
. "$HERE/samples/netns.sh"
# shellcheck source=samples/servers.sh
. "$HERE/samples/servers.sh"

[[ $(id -u) -eq 0 ]] || { echo "run as root (network namespaces)" >&2; exit 1; }
need_tools || exit 1

WORK=$(mktemp -d /tmp/tl-samples.XXXXXX)
chmod 755 "$WORK"
cleanup() {
  net_teardown
  [[ -n ${KEEP_WORK:-} ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"

CLIENTS=$HERE/samples/clients.py
RESOLVE=(--resolve "$SERVER_NAME:80:$IP_S" --resolve "$SERVER_NAME:443:$IP_S")

# Convert tcpdump's pcap to pcapng when the sample's name asks for it.
finish() {
  local tmp=$1 dest=$2
  if [[ $dest == *.pcapng ]]; then
    editcap -F pcapng "$tmp" "$dest"
    rm -f "$tmp"
  else
    mv "$tmp" "$dest"
  fi
  echo "  $(basename "$dest"): $(capinfos -c -M "$dest" | awk '/Number of packets/ {print $NF}') packets"
}

# curl_capture NAME KEYS -- CURL_ARGS... : one capture of one curl run.
curl_capture() {
  local name=$1 keys=$2
  shift 3
  rm -f "$OUT/$keys"
  capture_start "$WORK/cap.pcap"
  in_c env SSLKEYLOGFILE="$OUT/$keys" curl -sS -o /dev/null --http1.1 \
    --cacert "$WORK/cert.pem" "${RESOLVE[@]}" "$@"
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/$name"
}

sample_http() {
  echo "http-redirect-https"
  curl_capture http-redirect-https.pcapng http-redirect-https.keys -- \
    -L --tlsv1.2 --tls-max 1.2 --ciphers ECDHE-RSA-AES128-GCM-SHA256 "http://$SERVER_NAME/"
}

sample_tls() {
  echo "tls"
  curl_capture tls13-aesgcm.pcapng tls13-aesgcm.keys -- \
    --tlsv1.3 --tls13-ciphers TLS_AES_128_GCM_SHA256 "https://$SERVER_NAME/index.html"
  curl_capture tls13-chacha20.pcapng tls13-chacha20.keys -- \
    --tlsv1.3 --tls13-ciphers TLS_CHACHA20_POLY1305_SHA256 "https://$SERVER_NAME/index.html"
  curl_capture tls12-cbc.pcapng tls12-cbc.keys -- \
    --tlsv1.2 --tls-max 1.2 --ciphers ECDHE-RSA-AES128-SHA256 "https://$SERVER_NAME/index.html"
  # IPv6, TLS 1.3 with the key log carried inside the file (pcapng DSB).
  rm -f "$WORK/dsb.keys"
  capture_start "$WORK/cap.pcap"
  in_c env SSLKEYLOGFILE="$WORK/dsb.keys" curl -sS -o /dev/null --http1.1 --cacert "$WORK/cert.pem" \
    --resolve "$SERVER_NAME:443:[$IP6_S]" "https://$SERVER_NAME/small.txt"
  capture_stop
  editcap --inject-secrets "tls,$WORK/dsb.keys" "$WORK/cap.pcap" "$OUT/tls13-ipv6-embedded-keys.pcapng"
  rm -f "$WORK/cap.pcap"
  echo "  tls13-ipv6-embedded-keys.pcapng"
}

# py_capture NAME -- ARGS... : one capture of one clients.py dialog.
py_capture() {
  local name=$1
  shift 2
  capture_start "$WORK/cap.pcap"
  in_c "$PY" "$CLIENTS" "$@"
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/$name"
}

sample_ftp() {
  echo "ftp"
  start_vsftpd
  mkdir -p "$WORK/got-passive" "$WORK/got-active"
  py_capture ftp-passive.pcap -- ftp "$IP_S" passive "$WORK/content" "$WORK/got-passive"
  py_capture ftp-active.pcap -- ftp "$IP_S" active "$WORK/content" "$WORK/got-active"
  cmp "$WORK/got-passive/data.bin" "$WORK/content/ftp/pub/data.bin"
  cmp "$WORK/content/ftp/incoming/note-active.txt" "$WORK/content/upload/note.txt"
}

sample_tftp() {
  echo "tftp"
  start_tftpd
  local got=$WORK/got-tftp
  mkdir -p "$got"
  cp "$WORK/content/upload/config.bin" "$got/config.bin"
  capture_start "$WORK/cap.pcap"
  # Stock client: octet read, netascii read, write, missing file.
  (cd "$got" && in_c tftp -m binary "$IP_S" -c get boot.txt boot.txt)
  (cd "$got" && in_c tftp -m ascii "$IP_S" -c get boot.txt boot-ascii.txt)
  (cd "$got" && in_c tftp -m binary "$IP_S" -c put config.bin config.bin)
  (cd "$got" && in_c tftp -m binary "$IP_S" -c get no-such-file.bin missing.bin) || true
  # Options (blksize, tsize): 20 KiB in 1024-byte blocks ends with an empty block.
  in_c "$PY" "$CLIENTS" tftp-blksize "$IP_S" firmware.bin 1024 "$got/firmware.bin"
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/tftp.pcap"
  cmp "$got/firmware.bin" "$WORK/content/tftp/firmware.bin"
  cmp "$got/boot.txt" "$WORK/content/tftp/boot.txt"
  cmp "$WORK/content/tftp/config.bin" "$WORK/content/upload/config.bin"
}

sample_mail() {
  echo "mail"
  start_dovecot
  start_postfix
  mkdir -p "$OUT/mail"
  py_capture smtp-helo.pcap -- smtp-helo "$IP_S" "$OUT/mail/smtp-helo.eml"
  py_capture smtp-auth-login-mime.pcap -- smtp-auth "$IP_S" "$OUT/mail/smtp-auth-login-mime.eml" \
    "$WORK/content/upload/config.bin"
  rm -f "$OUT/smtp-starttls.keys"
  SSLKEYLOGFILE=$OUT/smtp-starttls.keys py_capture smtp-starttls.pcap -- smtp-auth "$IP_S" \
    "$OUT/mail/smtp-starttls.eml" "$WORK/content/upload/config.bin" starttls "$WORK/cert.pem"
  # helo: 1 to bob; auth: 2 (alice, bob); starttls: 2 (alice, bob).
  wait_delivered 5
  py_capture pop3.pcap -- pop3 "$IP_S"
  rm -f "$OUT/pop3s.keys"
  SSLKEYLOGFILE=$OUT/pop3s.keys py_capture pop3s.pcap -- pop3 "$IP_S" tls "$WORK/cert.pem"
  py_capture imap.pcap -- imap "$IP_S"
  rm -f "$OUT/imaps.keys"
  SSLKEYLOGFILE=$OUT/imaps.keys py_capture imaps.pcap -- imap "$IP_S" tls "$WORK/cert.pem"
}

# A 200 KiB download through tl-mid, where lossy_forwarder.py drops, reorders
# and duplicates TCP frames; its decision log is kept beside the capture.
sample_lossy() {
  echo "http-lossy"
  net_setup lossy
  start_nginx
  local log=$OUT/http-lossy.forwarder.log
  bg in_m "$PY" "$HERE/samples/lossy_forwarder.py" m0 m1 "$log" --max-seconds 120
  local fwd=${TL_PIDS[-1]}
  sleep 0.5
  capture_start "$WORK/cap.pcap"
  in_c curl -sS --max-time 60 -o "$WORK/got-200k.bin" "http://$IP_S:8080/file-200k.bin"
  capture_stop
  stop_pid "$fwd"
  finish "$WORK/cap.pcap" "$OUT/http-lossy.pcap"
  cmp "$WORK/got-200k.bin" "$WORK/content/www/file-200k.bin"
  grep '^# totals' "$log"
}

# sha256 of every served file (as content.py writes it) and every sent
# message, so tests can check payloads reassembled from the captures.
write_manifest() {
  {
    echo "# sha256 of the payloads in these captures; regenerate: sudo scripts/make-samples.sh"
    echo "# content/* is written by scripts/samples/content.py; mail/* are the messages sent."
    # A fresh copy: the served one also holds what the clients uploaded.
    "$PY" "$HERE/samples/content.py" "$WORK/fresh/content"
    (cd "$WORK/fresh" && find content -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    if compgen -G "$OUT/mail/*.eml" >/dev/null; then
      (cd "$OUT" && sha256sum mail/*.eml)
    fi
  } >"$OUT/MANIFEST"
}

main() {
  local want=("$@")
  ((${#want[@]})) || want=(http tls ftp tftp mail lossy)
  make_cert
  make_content
  local direct=() lossy=0
  for s in "${want[@]}"; do
    case $s in
    http | tls | ftp | tftp | mail) direct+=("$s") ;;
    lossy) lossy=1 ;;
    *) echo "unknown sample $s" >&2; exit 2 ;;
    esac
  done
  if ((${#direct[@]})); then
    net_setup direct
    start_nginx
    for s in "${direct[@]}"; do "sample_$s"; done
    net_teardown
  fi
  if ((lossy)); then sample_lossy; fi
  write_manifest
  verify_samples
}

# Every capture must read cleanly, and every TLS one must decrypt with its
# key log (the application protocol must show up inside).
verify_samples() {
  local f k opts bad=0 err
  for f in "$OUT"/*.pcap "$OUT"/*.pcapng; do
    opts=()
    k=${f%.*}.keys
    [[ -f $k ]] && opts=(-o "tls.keylog_file:$k")
    err=$(tshark -n -r "$f" "${opts[@]}" 2>&1 >/dev/null | grep -v '^Running as' || true)
    if [[ -n $err ]]; then
      echo "BAD $f: $err" >&2
      bad=1
    fi
    if [[ -f $k || $f == *embedded-keys* ]] &&
      [[ -z $(tshark -n -r "$f" "${opts[@]}" -Y "http or pop or imap or imf" 2>/dev/null) ]]; then
      echo "BAD $f: nothing decrypted" >&2
      bad=1
    fi
  done
  ((bad == 0)) && echo "all samples read cleanly; TLS ones decrypt"
  return "$bad"
}

main "$@"
