#!/usr/bin/env bash
# PostgreSQL 15 for the connectivity probe tests: two servers on free loopback ports, one with TLS
# (certificates from scripts/make-test-certs.sh) and one in clear text (ssl=off).
# install: apt postgresql (+ openssl). start: initdb into $PL_STATE_DIR/postgres (as user postgres), start both,
# write $PL_STATE_DIR/postgres.env. stop: pg_ctl stop both.
# Exports: PG_TLS_PORT, PG_CLEAR_PORT, PL_TEST_CERT_DIR (ca.crt etc.).
set -euo pipefail
source "$(dirname "$0")/../service-lib.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$PL_STATE_DIR/postgres"
bin=/usr/lib/postgresql/15/bin
as_pg() { runuser -u postgres -- "$@"; }
case "$1" in
  install)
    apt_install postgresql openssl ;;
  start)
    certs="$PL_STATE_DIR/certs"
    bash "$root/scripts/make-test-certs.sh" "$certs"
    chmod 711 "$PL_STATE_DIR"   # postgres must traverse the state folder to reach its data folder
    mkdir -p "$dir"
    cp "$certs/server.crt" "$certs/server.key" "$dir/"
    chown -R postgres:postgres "$dir"
    chmod 600 "$dir/server.key"
    as_pg "$bin/initdb" -D "$dir/tls" -A trust -U postgres >"$dir/initdb.log" 2>&1
    as_pg cp -a "$dir/tls" "$dir/clear"
    tls_port=$(free_port); clear_port=$(free_port)
    as_pg "$bin/pg_ctl" -D "$dir/tls" -l "$dir/tls.log" -w -t 30 -o "-p $tls_port -k $dir -c listen_addresses=127.0.0.1 \
      -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key" start >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/clear" -l "$dir/clear.log" -w -t 30 -o "-p $clear_port -k $dir -c listen_addresses=127.0.0.1 \
      -c ssl=off" start >/dev/null
    wait_port 127.0.0.1 "$tls_port" 30; wait_port 127.0.0.1 "$clear_port" 30
    {
      echo "export PG_TLS_PORT=$tls_port"
      echo "export PG_CLEAR_PORT=$clear_port"
      echo "export PL_TEST_CERT_DIR='$certs'"
    } > "$PL_STATE_DIR/postgres.env" ;;
  stop)
    for i in tls clear; do
      if [[ -f "$dir/$i/postmaster.pid" ]]; then as_pg "$bin/pg_ctl" -D "$dir/$i" -m immediate stop >/dev/null 2>&1 || true; fi
    done ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
