# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by make-samples.sh (needs its finish, keylog_for and curl_capture,
# and netns.sh/servers.sh): the "flawed" group, lab sessions as students
# really type them, mistakes included. The same real daemons answer; the
# client is scripts/samples/flawed_clients.py typing one line at a time, or
# the stock tftp, curl and openssl clients. Besides each capture, the lines
# the daemons logged during it go to samples/flawed/NAME.server.log, an
# account of what happened that does not come from the capture.

FLAWED_CLIENTS=$HERE/samples/flawed_clients.py

# Byte offsets of the daemons' log files when the current sample started.
declare -A LOG_AT=()

log_mark() {
  local f
  for f in "$@"; do LOG_AT[$f]=$(stat -c %s "$f" 2>/dev/null || echo 0); done
}

# log_take NAME FILE... : what FILE... gained since log_mark, to
# $OUT/flawed/NAME.server.log. Startup and shutdown chatter is left out.
log_take() {
  local name=$1 f
  shift
  # dovecot's log process and postfix's postlogd write asynchronously.
  sleep 0.5
  for f in "$@"; do
    [[ -f $f ]] && tail -c +"$((${LOG_AT[$f]:-0} + 1))" "$f"
  done | grep -Ev 'master: (Info|Warning): |postfix/(postfix-script|master)\[' \
    >"$OUT/flawed/$name.server.log" || true
  [[ -s $OUT/flawed/$name.server.log ]] || echo "  warning: no server log lines for $name" >&2
}

# A key log without a single secret (only OpenSSL's comment line, or
# nothing) is not kept: no session key was ever derived.
drop_empty_keylog() {
  grep -q '^[A-Z]' "$1" 2>/dev/null || rm -f "$1"
}

# flawed_py NAME -- SUBCOMMAND ARGS... : one capture of one typed dialog.
flawed_py() {
  local name=$1
  shift 2
  echo " $name"
  capture_start "$WORK/cap.pcap"
  in_c "$PY" "$FLAWED_CLIENTS" "$@"
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/$name"
}

# tftpd-hpa logs only through syslog(3) and nothing listens on /dev/log
# here: in a mount namespace of its own, /dev is a directory whose "log" is
# a socket that syslog_sink.py writes to $WORK/tftpd.log. -vv logs each
# request and each error sent.
start_tftpd_logged() {
  local dev=$WORK/tftpd-dev i
  rm -rf "$dev"
  mkdir -p "$dev"
  : >"$dev/null"
  bg in_s "$PY" "$HERE/samples/syslog_sink.py" "$dev/log" "$WORK/tftpd.log" --max-seconds 600
  for ((i = 0; i < 50; i++)); do
    [[ -S $dev/log ]] && break
    sleep 0.1
  done
  chmod 777 "$WORK/content/tftp"
  run_tftpd_logged -c
}

# run_tftpd_logged [OPTION...] : the daemon itself, logging to the sink that
# start_tftpd_logged started; sets TFTPD_PID. -c allows creating files (a
# WRQ of a new name); without it tftpd-hpa only overwrites existing ones, as
# Debian's default configuration does.
run_tftpd_logged() {
  local dev=$WORK/tftpd-dev
  # shellcheck disable=SC2016 # $1 and $@ belong to the inner sh
  bg in_s unshare -m --propagation private sh -c \
    'mount --bind /dev/null "$1/null" && mount --rbind "$1" /dev && shift && exec "$@"' sh "$dev" \
    in.tftpd -L -vv "$@" -p -s -u root --address "$IP_S:69" "$WORK/content/tftp"
  # shellcheck disable=SC2034 # read by flawed_more.sh
  TFTPD_PID=${TL_PIDS[-1]}
  wait_udp_port 69
}

# A server block that accepts TLS 1.2 with AES-GCM only, logging handshake
# failures (nginx logs them at level info).
flawed_nginx_extra() {
  cat <<EOF
  # flawed: TLS 1.2 with AES-GCM suites only.
  server {
    listen $IP_S:5443 ssl;
    server_name $SERVER_NAME;
    error_log $WORK/nginx/logs/gcm-only.log info;
    ssl_certificate $WORK/cert.pem;
    ssl_certificate_key $WORK/key.pem;
    ssl_protocols TLSv1.2;
    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384;
    root $WORK/content/www;
  }
EOF
}

sample_flawed() {
  echo "flawed"
  mkdir -p "$OUT/flawed" "$OUT/mail"
  # Fresh mailboxes, queue and logs, whatever ran before in this run.
  rm -rf "$WORK/mail" "$WORK/postfix-queue" "$WORK/postfix-data" "$WORK/dovecot" \
    "$WORK/postfix.log" "$WORK/vsftpd.log" "$WORK/tftpd.log" "$WORK/nginx/logs"
  net_setup direct
  NGINX_EXTRA=$(flawed_nginx_extra) start_nginx
  wait_port 5443
  # auth_verbose: dovecot says why a login failed (e.g. password mismatch).
  DOVECOT_EXTRA="auth_verbose = yes" start_dovecot
  start_postfix
  # Every command and reply in vsftpd's log; local logins allowed (through
  # PAM) so that a wrong password gets its 530 after PASS.
  VSFTPD_EXTRA=$'log_ftp_protocol=YES\nlocal_enable=YES\npam_service_name=vsftpd' start_vsftpd 4
  start_tftpd_logged

  local mail=("$WORK/postfix.log" "$WORK/dovecot/dovecot.log")
  local ftplog=$WORK/vsftpd.log

  # SMTP. Mailboxes afterwards: bob 2 (no-quit, auth-refused), alice 2
  # (auth-refused, mime-no-attachment), for the POP3 and IMAP sessions.
  log_mark "${mail[@]}"
  flawed_py smtp-no-quit.pcap -- smtp-no-quit "$IP_S" "$OUT/mail/smtp-no-quit.eml"
  wait_delivered 1
  log_take smtp-no-quit "${mail[@]}"

  log_mark "${mail[@]}"
  flawed_py smtp-auth-refused.pcap -- smtp-auth-refused "$IP_S" "$OUT/mail/smtp-auth-refused.eml"
  wait_delivered 3
  log_take smtp-auth-refused "${mail[@]}"

  log_mark "${mail[@]}"
  flawed_py smtp-auth-failed.pcap -- smtp-auth-failed "$IP_S"
  log_take smtp-auth-failed "${mail[@]}"

  log_mark "${mail[@]}"
  flawed_py smtp-rcpt-refused.pcap -- smtp-rcpt-refused "$IP_S"
  log_take smtp-rcpt-refused "${mail[@]}"

  log_mark "${mail[@]}"
  flawed_py smtp-mime-no-attachment.pcap -- smtp-mime-no-attachment "$IP_S" \
    "$OUT/mail/smtp-mime-no-attachment.eml"
  wait_delivered 4
  log_take smtp-mime-no-attachment "${mail[@]}"

  log_mark "${mail[@]}"
  flawed_py smtp-starttls-plain.pcapng -- smtp-starttls-plain "$IP_S"
  log_take smtp-starttls-plain "${mail[@]}"

  # POP3 and IMAP.
  local s
  for s in pop3-auth-failed pop3-dele-no-quit imap-untagged imap-select-missing imap-no-logout; do
    log_mark "${mail[@]}"
    flawed_py "$s.pcap" -- "$s" "$IP_S"
    log_take "$s" "${mail[@]}"
  done

  # FTP.
  for s in ftp-no-quit ftp-retr-missing ftp-login-failed; do
    log_mark "$ftplog"
    flawed_py "$s.pcap" -- "$s" "$IP_S"
    log_take "$s" "$ftplog"
  done

  # TFTP: a typo in the file name (boot.cfg; the server has boot.txt).
  echo " tftp-not-found.pcap"
  local got=$WORK/got-flawed
  mkdir -p "$got"
  log_mark "$WORK/tftpd.log"
  capture_start "$WORK/cap.pcap"
  (cd "$got" && in_c tftp -m binary "$IP_S" -c get boot.cfg boot.cfg) || true
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/tftp-not-found.pcap"
  log_take tftp-not-found "$WORK/tftpd.log"

  # HTTP: curl without -L stops at the 301 (no TLS, so no key log is kept).
  echo " http-redirect-not-followed.pcapng"
  log_mark "$WORK/nginx/logs/access.log"
  curl_capture http-redirect-not-followed.pcapng -- "http://$SERVER_NAME/"
  drop_empty_keylog "$OUT/http-redirect-not-followed.pcapng.keys"
  log_take http-redirect-not-followed "$WORK/nginx/logs/access.log"

  # TLS: the tls12-cbc sample's suite offered to the AES-GCM-only server;
  # it answers the ClientHello with a handshake_failure alert.
  echo " tls-no-shared-cipher.pcapng"
  local keys
  keys=$(keylog_for tls-no-shared-cipher.pcapng)
  log_mark "$WORK/nginx/logs/gcm-only.log"
  capture_start "$WORK/cap.pcap"
  in_c timeout 10 openssl s_client -connect "$IP_S:5443" -servername "$SERVER_NAME" \
    -CAfile "$WORK/cert.pem" -tls1_2 -cipher ECDHE-RSA-AES128-SHA256 -keylogfile "$keys" \
    </dev/null >/dev/null 2>&1 || true
  capture_stop
  finish "$WORK/cap.pcap" "$OUT/tls-no-shared-cipher.pcapng"
  drop_empty_keylog "$keys"
  log_take tls-no-shared-cipher "$WORK/nginx/logs/gcm-only.log"

  net_teardown
}
