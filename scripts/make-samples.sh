#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Rebuilds the captures in samples/ from real servers and clients talking in
# private network namespaces (tl-client 10.99.0.2 / fd99::2 <-> tl-server
# 10.99.0.1 / fd99::1; tl-mid forwards for the lossy sample).
# Run as root:  sudo scripts/make-samples.sh [SAMPLE...]
# With no argument every sample is rebuilt; names: http tls resume ccm early
# ftp tftp mail lossy flawed (the students' mistakes, scripts/samples/flawed.sh)
# flawed-more (more of them, mostly inside TLS: scripts/samples/flawed_more.sh).
# Only the captures rebuilt get new reference lists (CAPTURE.tshark.tsv).
# Packages: see samples/README.md.
set -euo pipefail
shopt -s nullglob

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=${OUT:-$ROOT/samples}
# shellcheck source=scripts/samples/netns.sh
. "$HERE/samples/netns.sh"
# shellcheck source=scripts/samples/servers.sh
. "$HERE/samples/servers.sh"
# shellcheck source=scripts/samples/flawed.sh
. "$HERE/samples/flawed.sh"
# shellcheck source=scripts/samples/flawed_more.sh
. "$HERE/samples/flawed_more.sh"

[[ $(id -u) -eq 0 ]] || { echo "run as root (network namespaces)" >&2; exit 1; }
need_tools || exit 1
take_lock || exit 1

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

# Captures written by this run (their reference lists are rewritten).
BUILT=()

# Convert tcpdump's pcap to pcapng when the sample's name asks for it.
finish() {
  local tmp=$1 dest=$2
  BUILT+=("$dest")
  if [[ $dest == *.pcapng ]]; then
    editcap -F pcapng "$tmp" "$dest"
    rm -f "$tmp"
  else
    mv "$tmp" "$dest"
  fi
  echo "  $(basename "$dest"): $(capinfos -c -M "$dest" | awk '/Number of packets/ {print $NF}') packets"
}

# Key logs follow the shared corpus' convention: CAPTURE.keys beside CAPTURE.
keylog_for() {
  rm -f "$OUT/$1.keys"
  echo "$OUT/$1.keys"
}

# curl_capture NAME -- CURL_ARGS... : one capture of one curl run (key log
# written when TLS is used).
curl_capture() {
  local name=$1 keys
  shift 2
  keys=$(keylog_for "$name")
  capture_start "$WORK/cap.pcap"
  in_c env SSLKEYLOGFILE="$keys" curl -sS -o /dev/null --http1.1 \
    --cacert "$WORK/cert.pem" "${RESOLVE[@]}" "$@"
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/$name"
}

sample_http() {
  echo "http-redirect-https"
  curl_capture http-redirect-https.pcapng -- \
    -L --tlsv1.2 --tls-max 1.2 --ciphers ECDHE-RSA-AES128-GCM-SHA256 "http://$SERVER_NAME/"
  sample_http_more
}

sample_tls() {
  echo "tls"
  curl_capture tls13-aesgcm.pcapng -- \
    --tlsv1.3 --tls13-ciphers TLS_AES_128_GCM_SHA256 "https://$SERVER_NAME/index.html"
  curl_capture tls13-chacha20.pcapng -- \
    --tlsv1.3 --tls13-ciphers TLS_CHACHA20_POLY1305_SHA256 "https://$SERVER_NAME/index.html"
  curl_capture tls12-cbc.pcapng -- \
    --tlsv1.2 --tls-max 1.2 --ciphers ECDHE-RSA-AES128-SHA256 "https://$SERVER_NAME/index.html"
  # IPv6, TLS 1.3 with the key log carried inside the file (pcapng DSB).
  rm -f "$WORK/dsb.keys"
  capture_start "$WORK/cap.pcap"
  in_c env SSLKEYLOGFILE="$WORK/dsb.keys" curl -sS -o /dev/null --http1.1 --cacert "$WORK/cert.pem" \
    --resolve "$SERVER_NAME:443:[$IP6_S]" "https://$SERVER_NAME/small.txt"
  capture_stop
  editcap --inject-secrets "tls,$WORK/dsb.keys" "$WORK/cap.pcap" "$OUT/tls13-ipv6-embedded-keys.pcapng"
  BUILT+=("$OUT/tls13-ipv6-embedded-keys.pcapng")
  rm -f "$WORK/cap.pcap"
  echo "  tls13-ipv6-embedded-keys.pcapng"
}

# TLS sessions resumed: TLS 1.2 by session id (the client sends no ticket),
# then TLS 1.3 by ticket (PSK), each after the full handshake that issued
# what it presents; one capture, one key log.
sample_resume() {
  echo "tls-resumption"
  local keys v
  keys=$(keylog_for tls-resumption.pcapng)
  capture_start "$WORK/cap.pcap"
  for v in tls1_2 tls1_3; do
    local opts=(-connect "$IP_S:8443" -servername "$SERVER_NAME" -CAfile "$WORK/cert.pem"
      "-$v" -keylogfile "$keys" -quiet -ign_eof)
    [[ $v == tls1_2 ]] && opts+=(-no_ticket)
    printf 'GET /small.txt HTTP/1.0\r\nHost: %s\r\n\r\n' "$SERVER_NAME" |
      in_c timeout 10 openssl s_client "${opts[@]}" -sess_out "$WORK/sess-$v" >/dev/null 2>&1
    printf 'GET /index.html HTTP/1.0\r\nHost: %s\r\n\r\n' "$SERVER_NAME" |
      in_c timeout 10 openssl s_client "${opts[@]}" -sess_in "$WORK/sess-$v" >/dev/null 2>&1
  done
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/tls-resumption.pcapng"
}

# TLS 1.3 0-RTT: a full handshake leaves a ticket; the resumed session
# sends its request as early data, before the server's first flight.
sample_early() {
  echo "tls13-early-data"
  local keys opts
  keys=$(keylog_for tls13-early-data.pcapng)
  opts=(-connect "$IP_S:9443" -servername "$SERVER_NAME" -CAfile "$WORK/cert.pem"
    -tls1_3 -keylogfile "$keys" -quiet -ign_eof)
  printf 'GET /small.txt HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' \
    "$SERVER_NAME" >"$WORK/early.txt"
  capture_start "$WORK/cap.pcap"
  in_c timeout 10 openssl s_client "${opts[@]}" -sess_out "$WORK/sess-early" \
    <"$WORK/early.txt" >/dev/null 2>&1
  in_c timeout 10 openssl s_client "${opts[@]}" -sess_in "$WORK/sess-early" \
    -early_data "$WORK/early.txt" </dev/null >/dev/null 2>&1
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/tls13-early-data.pcapng"
}

# AES-CCM in TLS 1.3 (CCM, CCM_8) and TLS 1.2 (RSA with AES-128-CCM and
# AES-256-CCM_8): four sessions, one capture, one key log.
sample_ccm() {
  echo "tls-ccm"
  local keys s
  keys=$(keylog_for tls-ccm.pcapng)
  capture_start "$WORK/cap.pcap"
  for s in "-tls1_3 -ciphersuites TLS_AES_128_CCM_SHA256" \
    "-tls1_3 -ciphersuites TLS_AES_128_CCM_8_SHA256" \
    "-tls1_2 -cipher AES128-CCM" "-tls1_2 -cipher AES256-CCM8:@SECLEVEL=0"; do
    # shellcheck disable=SC2086 # $s holds several options
    printf 'GET /small.txt HTTP/1.0\r\nHost: %s\r\n\r\n' "$SERVER_NAME" |
      in_c timeout 10 openssl s_client -connect "$IP_S:4443" -servername "$SERVER_NAME" \
        -CAfile "$WORK/cert.pem" -keylogfile "$keys" -quiet -ign_eof $s >/dev/null 2>&1
  done
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/tls-ccm.pcapng"
}

# py_capture NAME [tls] -- ARGS... : one capture of one clients.py dialog;
# with "tls", python's key log goes to NAME.keys.
py_capture() {
  local name=$1 keys=/dev/null
  shift
  if [[ $1 == tls ]]; then
    keys=$(keylog_for "$name")
    shift
  fi
  shift
  capture_start "$WORK/cap.pcap"
  in_c env SSLKEYLOGFILE="$keys" "$PY" "$CLIENTS" "$@"
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/$name"
}

# Plain HTTP on port 8080: one keep-alive connection with gzip (chunked)
# responses and a 404, an upload with Expect: 100-continue, a chunked upload.
sample_http_more() {
  echo "http-keepalive-chunked"
  local base=http://$IP_S:8080
  capture_start "$WORK/cap.pcap"
  in_c curl -sS --http1.1 --compressed -o /dev/null -o /dev/null -o /dev/null -o /dev/null \
    "$base/index.html" "$base/small.txt" "$base/missing.html" "$base/index.html"
  in_c curl -sS --http1.1 -o /dev/null -F "file=@$WORK/content/upload/config.bin" "$base/upload"
  in_c curl -sS --http1.1 -o /dev/null -H "Transfer-Encoding: chunked" \
    --data-binary "@$WORK/content/upload/note.txt" "$base/upload"
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/http-keepalive-chunked.pcap"
  echo "tcp-edges"
  py_capture tcp-edges.pcap -- tcp-edges "$IP_S"
}

sample_ftp() {
  echo "ftp"
  start_vsftpd 4
  start_vsftpd 6
  mkdir -p "$WORK/got-passive" "$WORK/got-active" "$WORK/got-epsv" "$WORK/got-eprt"
  py_capture ftp-passive.pcap -- ftp "$IP_S" passive "$WORK/content" "$WORK/got-passive"
  py_capture ftp-active.pcap -- ftp "$IP_S" active "$WORK/content" "$WORK/got-active"
  # Over IPv6 ftplib uses EPSV and EPRT (RFC 2428) instead of PASV and PORT.
  py_capture ftp-ipv6-epsv.pcap -- ftp "$IP6_S" passive "$WORK/content" "$WORK/got-epsv"
  py_capture ftp-ipv6-eprt.pcap -- ftp "$IP6_S" active "$WORK/content" "$WORK/got-eprt"
  cmp "$WORK/got-epsv/data.bin" "$WORK/content/ftp/pub/data.bin"
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
  py_capture smtp-starttls.pcap tls -- smtp-auth "$IP_S" \
    "$OUT/mail/smtp-starttls.eml" "$WORK/content/upload/config.bin" starttls "$WORK/cert.pem"
  # helo: 1 to bob; auth: 2 (alice, bob); starttls: 2 (alice, bob).
  wait_delivered 5
  py_capture pop3.pcap -- pop3 "$IP_S"
  py_capture pop3s.pcap tls -- pop3 "$IP_S" tls "$WORK/cert.pem"
  py_capture imap.pcap -- imap "$IP_S"
  py_capture imaps.pcap tls -- imap "$IP_S" tls "$WORK/cert.pem"
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
  ((${#want[@]})) || want=(http tls resume ccm early ftp tftp mail lossy flawed flawed-more)
  make_cert
  make_content
  local direct=() lossy=0 flawed=0 flawed_more=0
  for s in "${want[@]}"; do
    case $s in
    http | tls | resume | ccm | early | ftp | tftp | mail) direct+=("$s") ;;
    lossy) lossy=1 ;;
    flawed) flawed=1 ;;
    flawed-more) flawed_more=1 ;;
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
  # Own network and daemons: fresh mailboxes, extra server settings.
  if ((flawed)); then sample_flawed; fi
  if ((flawed_more)); then sample_flawed_more; fi
  write_manifest
  verify_samples
  write_reference_lists
}

# CAPTURE.tshark.tsv: tshark's packet list, made exactly as the shared corpus'
# reference lists are (see ../shared/captures/README.md), so the same tests
# can compare tracelab with tshark on these files without running tshark.
# Only for the captures this run wrote: the others keep theirs.
write_reference_lists() {
  local f opts
  tshark --version 2>/dev/null | head -1 | grep -q 'TShark (Wireshark) 4\.0\.' ||
    echo "warning: the reference lists are meant to come from tshark 4.0" >&2
  for f in "${BUILT[@]}"; do
    opts=()
    [[ -f $f.keys ]] && opts=(-o "tls.keylog_file:$f.keys")
    tshark -n -r "$f" "${opts[@]}" -T fields -E separator=/t -e frame.number -e frame.time_relative \
      -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e _ws.col.Protocol -e frame.len -e _ws.col.Info \
      2>/dev/null >"$f.tshark.tsv"
  done
}

# Every capture must read cleanly, and every TLS one must decrypt with its
# key log (the application protocol must show up inside; SMTP counts only
# inside a TLS record, its dialog starting in the clear before STARTTLS).
verify_samples() {
  local f k opts bad=0 err
  for f in "$OUT"/*.pcap "$OUT"/*.pcapng; do
    opts=()
    k=$f.keys
    [[ -f $k ]] && opts=(-o "tls.keylog_file:$k")
    err=$(tshark -n -r "$f" "${opts[@]}" 2>&1 >/dev/null | grep -v '^Running as' || true)
    if [[ -n $err ]]; then
      echo "BAD $f: $err" >&2
      bad=1
    fi
    if [[ -f $k || $f == *embedded-keys* ]] &&
      [[ -z $(tshark -n -r "$f" "${opts[@]}" -Y "http or pop or imap or imf or (tls and smtp)" 2>/dev/null) ]]; then
      echo "BAD $f: nothing decrypted" >&2
      bad=1
    fi
  done
  ((bad == 0)) && echo "all samples read cleanly; TLS ones decrypt"
  return "$bad"
}

main "$@"
