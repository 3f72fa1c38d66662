# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by make-samples.sh and make-bench-capture.sh (sourced, not run):
# generates configs into $WORK and starts the real daemons directly in the
# server namespace (never through the init system). Needs netns.sh first.

SERVER_NAME=tl-server.test
HERE_SAMPLES=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3

# Fail early, naming the Debian package, when a program is missing.
need_tools() {
  local missing=() pair
  for pair in nginx:nginx-light vsftpd:vsftpd in.tftpd:tftpd-hpa tftp:tftp-hpa postfix:postfix \
    dovecot:dovecot-core curl:curl openssl:openssl tcpdump:tcpdump tshark:tshark editcap:tshark \
    capinfos:tshark ethtool:ethtool ip:iproute2 ss:iproute2; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
  [[ -x $PY ]] || missing+=(python3)
  for pair in /usr/lib/dovecot/pop3:dovecot-pop3d /usr/lib/dovecot/imap:dovecot-imapd; do
    [[ -e ${pair%%:*} ]] || missing+=("${pair#*:}")
  done
  if ((${#missing[@]})); then
    echo "missing packages: $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')" >&2
    echo "see samples/README.md" >&2
    return 1
  fi
}

# Self-signed RSA certificate for nginx and dovecot, made fresh per run.
make_cert() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -subj "/CN=$SERVER_NAME" \
    -addext "subjectAltName=DNS:$SERVER_NAME,IP:$IP_S,IP:$IP6_S" 2>/dev/null
  chmod 644 "$WORK/key.pem" "$WORK/cert.pem"
}

make_content() {
  "$PY" "$HERE_SAMPLES/content.py" "$WORK/content"
  chmod -R a+rX "$WORK"
}

# NGINX_EXTRA (optional): more server blocks, added inside http {}.
start_nginx() {
  mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
  cat >"$WORK/nginx/nginx.conf" <<EOF
user root;
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  types { text/html html; text/plain txt; application/octet-stream bin; }
  default_type application/octet-stream;
  access_log $WORK/nginx/logs/access.log;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  server_tokens off;
  sendfile on;
  keepalive_requests 10000;
  # Plain HTTP only redirects, as a site forcing HTTPS does...
  server {
    listen $IP_S:80;
    listen [$IP6_S]:80;
    server_name $SERVER_NAME;
    location / { return 301 https://\$host\$request_uri; }
  }
  # ...except on port 8080, which serves the same files in the clear
  # (the lossy download and the benchmark's plain HTTP).
  server {
    listen $IP_S:8080;
    listen [$IP6_S]:8080;
    root $WORK/content/www;
    # Only for clients that ask (Accept-Encoding): gzip makes nginx answer
    # with chunked transfer encoding.
    gzip on;
    gzip_types text/plain;  # text/html is always included
    gzip_min_length 0;
    # Takes an upload (body read and discarded) and answers 201.
    location = /upload {
      client_max_body_size 1m;
      return 201 "stored\n";
    }
  }
  server {
    listen $IP_S:443 ssl;
    listen [$IP6_S]:443 ssl;
    server_name $SERVER_NAME;
    ssl_certificate $WORK/cert.pem;
    ssl_certificate_key $WORK/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES128-SHA:AES128-SHA;
    ssl_session_tickets off;
    root $WORK/content/www;
  }
  # Resumption: a session cache (TLS 1.2 by session id) and tickets (TLS
  # 1.3 PSK), on a port of their own so the other samples stay as they are.
  server {
    listen $IP_S:8443 ssl;
    server_name $SERVER_NAME;
    ssl_certificate $WORK/cert.pem;
    ssl_certificate_key $WORK/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:tl_resume:1m;
    ssl_session_tickets on;
    root $WORK/content/www;
  }
  # TLS 1.3 early data (0-RTT) accepted from resumed sessions.
  server {
    listen $IP_S:9443 ssl;
    server_name $SERVER_NAME;
    ssl_certificate $WORK/cert.pem;
    ssl_certificate_key $WORK/key.pem;
    ssl_protocols TLSv1.3;
    ssl_session_cache shared:tl_early:1m;
    ssl_session_tickets on;
    ssl_early_data on;
    root $WORK/content/www;
  }
  # AES-CCM, which servers rarely offer by default: TLS 1.3's two CCM suites
  # and TLS 1.2's RSA ones, CCM and CCM_8.
  server {
    listen $IP_S:4443 ssl;
    server_name $SERVER_NAME;
    ssl_certificate $WORK/cert.pem;
    ssl_certificate_key $WORK/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers AES128-CCM:AES256-CCM8:@SECLEVEL=0;
    ssl_conf_command Ciphersuites TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256;
    root $WORK/content/www;
  }
${NGINX_EXTRA:-}
}
EOF
  bg in_s nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
  wait_port 443
  wait_port 8443
  wait_port 4443
  wait_port 9443
  wait_port 8080
}

# start_vsftpd 4|6 : the IPv4 instance, or a second one on fd99::1
# (vsftpd listens on one address family per process). VSFTPD_EXTRA
# (optional): more config lines, appended last (a later line wins).
start_vsftpd() {
  # Anonymous FTP rooted at a temp dir; the root must not be writable by the
  # ftp user (vsftpd refuses), uploads go to incoming/.
  local root=$WORK/content/ftp v6=$1 conf=$WORK/vsftpd$1.conf
  mkdir -p "$root/incoming" "$WORK/vsftpd-empty"
  chown root:root "$root" && chmod 755 "$root"
  chown ftp:ftp "$root/incoming" && chmod 755 "$root/incoming"
  if [[ $v6 == 6 ]]; then
    printf 'listen=NO\nlisten_ipv6=YES\nlisten_address6=%s\n' "$IP6_S" >"$conf"
  else
    printf 'listen=YES\nlisten_ipv6=NO\nlisten_address=%s\n' "$IP_S" >"$conf"
  fi
  cat >>"$conf" <<EOF
background=NO
anonymous_enable=YES
local_enable=NO
write_enable=YES
anon_upload_enable=YES
anon_mkdir_write_enable=NO
anon_other_write_enable=NO
anon_umask=022
anon_root=$root
no_anon_password=NO
ftp_username=ftp
dirmessage_enable=NO
connect_from_port_20=YES
pasv_enable=YES
pasv_min_port=40000
pasv_max_port=40099
port_enable=YES
ftpd_banner=tl-server.test FTP ready
secure_chroot_dir=$WORK/vsftpd-empty
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
xferlog_enable=YES
vsftpd_log_file=$WORK/vsftpd.log
hide_ids=YES
max_clients=200
max_per_ip=200
EOF
  [[ -z ${VSFTPD_EXTRA:-} ]] || printf '%s\n' "$VSFTPD_EXTRA" >>"$conf"
  bg in_s vsftpd "$conf"
  wait_port 21 "-$v6"
}

start_tftpd() {
  chmod 777 "$WORK/content/tftp"
  # -L: stay in the foreground; -c: allow creating files (the write test);
  # -p: no extra permission checks on the temp dir; -s: chroot to it.
  bg in_s in.tftpd -L -c -p -s -u root --address "$IP_S:69" "$WORK/content/tftp"
  wait_udp_port 69
}

# dovecot serves POP3/IMAP (plain and implicit TLS) from Maildirs that postfix
# fills, and lends its authentication to postfix for SMTP AUTH.
# DOVECOT_EXTRA (optional): more config lines, appended last.
start_dovecot() {
  mkdir -p "$WORK/dovecot/run" "$WORK/mail"
  chown 65534:65534 "$WORK/mail"
  # passwd-file: user:{PLAIN}password
  printf 'alice:{PLAIN}wonderland\nbob:{PLAIN}builder\n' >"$WORK/dovecot/users"
  chmod 644 "$WORK/dovecot/users"
  cat >"$WORK/dovecot/dovecot.conf" <<EOF
base_dir = $WORK/dovecot/run
state_dir = $WORK/dovecot/state
instance_name = tl-dovecot
protocols = imap pop3
listen = $IP_S
log_path = $WORK/dovecot/dovecot.log
info_log_path = $WORK/dovecot/dovecot.log
ssl = yes
ssl_cert = <$WORK/cert.pem
ssl_key = <$WORK/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 100
login_greeting = tl-server.test ready.
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $WORK/dovecot/users
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=$WORK/mail/%n
}
service auth {
  unix_listener $WORK/dovecot-auth {
    mode = 0666
  }
}
protocol pop3 {
  pop3_uidl_format = %08Xu%08Xv
}
${DOVECOT_EXTRA:-}
EOF
  mkdir -p "$WORK/dovecot/state"
  bg in_s dovecot -F -c "$WORK/dovecot/dovecot.conf"
  wait_port 143
  wait_port 995
}

# A private postfix instance: own config and queue dirs, virtual mailboxes
# (no system accounts), SASL through dovecot. POSTFIX_EXTRA (optional): more
# main.cf lines, appended last (a later line wins).
start_postfix() {
  local conf=$WORK/postfix
  mkdir -p "$conf" "$WORK/postfix-queue" "$WORK/postfix-data"
  cp /etc/postfix/master.cf "$conf/master.cf"
  chown postfix "$WORK/postfix-data"
  printf 'alice@%s alice/Maildir/\nbob@%s bob/Maildir/\n' "$SERVER_NAME" "$SERVER_NAME" >"$conf/vmailbox"
  cat >"$conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $WORK/postfix-queue
data_directory = $WORK/postfix-data
myhostname = $SERVER_NAME
mydomain = $SERVER_NAME
mydestination =
inet_interfaces = $IP_S
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_banner = \$myhostname ESMTP
biff = no
alias_maps =
alias_database =
local_recipient_maps =
virtual_mailbox_domains = $SERVER_NAME
virtual_mailbox_base = $WORK/mail
virtual_mailbox_maps = texthash:$conf/vmailbox
virtual_minimum_uid = 100
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $WORK/dovecot-auth
smtpd_tls_security_level = may
smtpd_tls_cert_file = $WORK/cert.pem
smtpd_tls_key_file = $WORK/key.pem
smtpd_tls_auth_only = no
smtpd_tls_session_cache_database =
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
maillog_file_prefixes = $WORK
maillog_file = $WORK/postfix.log
smtputf8_enable = no
message_size_limit = 10240000
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
default_process_limit = 100
${POSTFIX_EXTRA:-}
EOF
  # Debian chroots the daemons into the queue dir, where the dovecot auth
  # socket in $WORK would not be reachable.
  postconf -c "$conf" -F '*/*/chroot = n'
  # check creates the queue layout with the right owners (and must run where
  # inet_interfaces exists).
  in_s postfix -c "$conf" check
  bg in_s postfix -c "$conf" start-fg
  wait_port 25
}

# Wait (bounded) until postfix has delivered N messages into Maildirs.
wait_delivered() {
  local want=$1 i n
  for ((i = 0; i < 100; i++)); do
    n=$(find "$WORK/mail" -path '*/new/*' -type f 2>/dev/null | wc -l)
    ((n >= want)) && return 0
    sleep 0.1
  done
  echo "only $n of $want messages delivered" >&2
  return 1
}
