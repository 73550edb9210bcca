#!/usr/bin/env bash
# nginx for the connectivity probe tests (HTTPS and certificate variants), all on free loopback ports:
#   NGINX_TLS_PORT         valid certificate for localhost/127.0.0.1 issued by the test CA
#   NGINX_CLEAR_PORT       plain HTTP (no TLS)
#   NGINX_WRONGNAME_PORT   certificate for wrong.example.test (test CA)
#   NGINX_EXPIRED_PORT     certificate for localhost that expired on 2020-02-01 (test CA)
#   NGINX_SELFSIGNED_PORT  self-signed certificate for localhost (for pinning)
# install: apt nginx (+ openssl). start: config under $PL_STATE_DIR/nginx, writes $PL_STATE_DIR/nginx.env
# (the ports above and PL_TEST_CERT_DIR). stop: nginx -s stop.
set -euo pipefail
source "$(dirname "$0")/../service-lib.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$PL_STATE_DIR/nginx"
case "$1" in
  install)
    apt_install nginx openssl ;;
  start)
    certs="$PL_STATE_DIR/certs"
    bash "$root/scripts/make-test-certs.sh" "$certs"
    mkdir -p "$dir/tmp"
    tls=$(free_port); clear=$(free_port); wrong=$(free_port); expired=$(free_port); self=$(free_port)
    tls_server() { # port cert
      cat <<CONF
  server { listen 127.0.0.1:$1 ssl; server_name localhost;
           ssl_certificate $certs/$2.crt; ssl_certificate_key $certs/$2.key;
           ssl_protocols TLSv1.2 TLSv1.3; location / { return 200 "ok\n"; } }
CONF
    }
    cat > "$dir/nginx.conf" <<CONF
daemon on;
pid $dir/nginx.pid;
worker_processes 1;
error_log $dir/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy; fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi; scgi_temp_path $dir/tmp/scgi;
  server { listen 127.0.0.1:$clear; server_name localhost; location / { return 200 "ok\n"; } }
$(tls_server "$tls" server)
$(tls_server "$wrong" wrongname)
$(tls_server "$expired" expired)
$(tls_server "$self" selfsigned)
}
CONF
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
    for p in $tls $clear $wrong $expired $self; do wait_port 127.0.0.1 "$p" 30; done
    {
      echo "export NGINX_TLS_PORT=$tls"
      echo "export NGINX_CLEAR_PORT=$clear"
      echo "export NGINX_WRONGNAME_PORT=$wrong"
      echo "export NGINX_EXPIRED_PORT=$expired"
      echo "export NGINX_SELFSIGNED_PORT=$self"
      echo "export PL_TEST_CERT_DIR='$certs'"
    } > "$PL_STATE_DIR/nginx.env" ;;
  stop)
    if [[ -f "$dir/nginx.pid" ]]; then nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -s stop 2>/dev/null || true; fi ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
