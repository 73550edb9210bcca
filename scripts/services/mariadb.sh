#!/usr/bin/env bash
# MariaDB for the connectivity probe tests: two servers on free loopback ports, one with TLS
# (certificates from scripts/make-test-certs.sh) and one started with --skip-ssl.
# install: apt mariadb-server (+ openssl). start: mariadb-install-db into $PL_STATE_DIR/mariadb, start both,
# write $PL_STATE_DIR/mariadb.env. stop: kill -TERM both.
# Exports: MARIADB_TLS_PORT, MARIADB_CLEAR_PORT, PL_TEST_CERT_DIR.
set -euo pipefail
source "$(dirname "$0")/../service-lib.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$PL_STATE_DIR/mariadb"
case "$1" in
  install)
    apt_install mariadb-server openssl ;;
  start)
    certs="$PL_STATE_DIR/certs"
    bash "$root/scripts/make-test-certs.sh" "$certs"
    mkdir -p "$dir"
    mariadb-install-db --no-defaults --user=root --datadir="$dir/tls" --auth-root-authentication-method=normal \
      --skip-test-db >"$dir/install.log" 2>&1
    cp -a "$dir/tls" "$dir/clear"
    tls_port=$(free_port); clear_port=$(free_port)
    start_one() { # name port extra-args...
      local name=$1 port=$2; shift 2
      mariadbd --no-defaults --user=root --datadir="$dir/$name" --bind-address=127.0.0.1 --port="$port" \
        --socket="$dir/$name.sock" --pid-file="$dir/$name.pid" --log-error="$dir/$name.err" "$@" >/dev/null 2>&1 &
    }
    start_one tls "$tls_port" --ssl-ca="$certs/ca.crt" --ssl-cert="$certs/server.crt" --ssl-key="$certs/server.key"
    start_one clear "$clear_port" --skip-ssl
    wait_port 127.0.0.1 "$tls_port" 60; wait_port 127.0.0.1 "$clear_port" 60
    {
      echo "export MARIADB_TLS_PORT=$tls_port"
      echo "export MARIADB_CLEAR_PORT=$clear_port"
      echo "export PL_TEST_CERT_DIR='$certs'"
    } > "$PL_STATE_DIR/mariadb.env" ;;
  stop)
    for i in tls clear; do
      if [[ -f "$dir/$i.pid" ]]; then kill -TERM "$(cat "$dir/$i.pid")" 2>/dev/null || true; rm -f "$dir/$i.pid"; fi
    done ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
