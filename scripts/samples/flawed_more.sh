# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by make-samples.sh after flawed.sh (needs its helpers): the
# "flawed-more" group, more lab sessions with students' mistakes, most of
# them inside TLS (each with its key log beside it), and a TFTP session that
# does the whole lab right. A group of its own so that rebuilding it leaves
# the "flawed" captures as they are. Same daemons and settings as the
# flawed group, plus: postfix logs the From, Subject, MIME-Version,
# Content-Type and Content-Disposition headers of each message it receives,
# the MIME parts' too (header_checks INFO);
# nginx also logs, for every request, the TLS version and the SNI name the
# client sent (tls.log); tftpd-hpa is restarted without -c (Debian's
# default) for the refused write.

# A second access log with what the TLS layer saw; "" for no SNI.
flawed_more_nginx_extra() {
  cat <<EOF
  log_format tl_tls '\$remote_addr "\$request" \$status tls=\$ssl_protocol sni="\$ssl_server_name"';
  access_log $WORK/nginx/logs/tls.log tl_tls;
EOF
}

# flawed_tls_py NAME -- SUBCOMMAND ARGS... : as flawed_py, with python's
# key log beside the capture (kept only if a secret was written).
flawed_tls_py() {
  local name=$1 keys
  shift 2
  echo " $name"
  keys=$(keylog_for "$name")
  capture_start "$WORK/cap.pcap"
  in_c env SSLKEYLOGFILE="$keys" "$PY" "$FLAWED_CLIENTS" "$@"
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/$name"
  drop_empty_keylog "$keys"
}

sample_flawed_more() {
  echo "flawed-more"
  mkdir -p "$OUT/flawed" "$OUT/mail"
  rm -rf "$WORK/mail" "$WORK/postfix-queue" "$WORK/postfix-data" "$WORK/dovecot" \
    "$WORK/postfix.log" "$WORK/tftpd.log" "$WORK/nginx/logs"
  rm -f "$WORK/content/tftp/report.txt"
  net_setup direct
  NGINX_EXTRA=$(flawed_more_nginx_extra) start_nginx
  DOVECOT_EXTRA="auth_verbose = yes" start_dovecot
  printf '/^(From|Subject|MIME-Version|Content-Type|Content-Disposition):/ INFO\n' >"$WORK/header_checks"
  # Also applied to the MIME parts' headers (mime_header_checks' default).
  POSTFIX_EXTRA="header_checks = regexp:$WORK/header_checks" start_postfix
  start_tftpd_logged

  local mail=("$WORK/postfix.log" "$WORK/dovecot/dovecot.log") cert=$WORK/cert.pem
  local tls=$WORK/nginx/logs/tls.log nginx_err=$WORK/nginx/logs/error.log

  # SMTP. Afterwards bob's mailbox holds one message (no-subject), for the
  # POP3 and IMAP sessions.
  log_mark "${mail[@]}"
  flawed_py smtp-mime-no-subject.pcap -- smtp-mime-no-subject "$IP_S" \
    "$OUT/mail/smtp-mime-no-subject.eml" "$WORK/content/upload/note.txt"
  wait_delivered 1
  log_take smtp-mime-no-subject "${mail[@]}"

  log_mark "${mail[@]}"
  flawed_tls_py smtp-starttls-auth-failed.pcap -- smtp-starttls-auth-failed "$IP_S" "$cert"
  log_take smtp-starttls-auth-failed "${mail[@]}"

  # POP3 and IMAP inside TLS.
  local s
  for s in pop3-stls-auth-failed pop3s-retr-zero imaps-select-missing imaps-no-logout; do
    log_mark "${mail[@]}"
    flawed_tls_py "$s.pcap" -- "$s" "$IP_S" "$cert"
    log_take "$s" "${mail[@]}"
  done

  # TFTP, the whole lab done right: an octet read and an octet write, each
  # to its last, short block (no server log: not a flawed session).
  echo " tftp-read-write.pcap"
  local got=$WORK/got-flawed-more
  rm -rf "$got"
  mkdir -p "$got"
  cp "$WORK/content/upload/config.bin" "$got/lab3.bin"
  capture_start "$WORK/cap.pcap"
  (cd "$got" && in_c tftp -m binary "$IP_S" -c get boot.txt boot.txt)
  (cd "$got" && in_c tftp -m binary "$IP_S" -c put lab3.bin lab3.bin)
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/tftp-read-write.pcap"
  cmp "$got/boot.txt" "$WORK/content/tftp/boot.txt"
  cmp "$WORK/content/tftp/lab3.bin" "$WORK/content/upload/config.bin"

  # Not made yet: a read the client abandons mid-transfer
  # (flawed_clients.py tftp-interrupted SERVER firmware.bin 5). tracelab
  # puts the transfer's closing step on the capture's last frame (here the
  # ICMP port unreachable), outside the transfer's session, and its Russian
  # view leaves the truncation note in English; the sample waits for those.

  # TFTP: a write to the server as Debian configures it (no -c): a new
  # file name cannot be created.
  echo " tftp-write-refused.pcap"
  stop_pid "$TFTPD_PID"
  run_tftpd_logged
  cp "$WORK/content/upload/note.txt" "$got/report.txt"
  log_mark "$WORK/tftpd.log"
  capture_start "$WORK/cap.pcap"
  (cd "$got" && in_c timeout 20 tftp -m binary "$IP_S" -c put report.txt report.txt) || true
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/tftp-write-refused.pcap"
  log_take tftp-write-refused "$WORK/tftpd.log"

  # HTTP: the redirect followed (curl -L) to a page that does not exist.
  echo " http-redirect-404.pcapng"
  log_mark "$WORK/nginx/logs/access.log" "$tls" "$nginx_err"
  curl_capture http-redirect-404.pcapng -- -L "http://$SERVER_NAME/lab3.html"
  log_take http-redirect-404 "$WORK/nginx/logs/access.log" "$tls" "$nginx_err"

  # HTTPS by address: curl sends no SNI for an IP literal (RFC 6066); the
  # certificate names the address too, so the page still loads.
  echo " https-no-sni.pcapng"
  log_mark "$tls"
  curl_capture https-no-sni.pcapng -- "https://$IP_S/index.html"
  log_take https-no-sni "$tls"

  net_teardown
}
