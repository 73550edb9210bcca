#!/usr/bin/env bash
# dnsmasq for the name-resolution check tests: an authoritative-only DNS server on a free loopback port (UDP and TCP),
# no upstream, no /etc/hosts, answering for the reserved .test domain only:
#   pg1.postgres.database.test      CNAME pg1.privatelink.postgres.database.test -> A 10.20.0.5 (the private answer)
#   pg-loopback.postgres.database.test  CNAME pg-loopback.privatelink.postgres.database.test -> A 127.0.0.1 (the private
#                                   answer for workflow tests, whose emulated endpoints have the loopback address)
#   stale.postgres.database.test    A 10.20.0.99   (a private address that is not the endpoint's)
#   public.postgres.database.test   A 203.0.113.10 (a public answer; TEST-NET-3, nothing is ever sent there)
#   anything else under .test       NXDOMAIN
# install: apt dnsmasq-base (the binary only, no system service). start: writes $PL_STATE_DIR/dnsmasq.env
# (PL_TEST_DNS_SERVER=127.0.0.1:port). stop: kill the pid it wrote.
set -euo pipefail
source "$(dirname "$0")/../service-lib.sh"
dir="$PL_STATE_DIR/dnsmasq"
case "$1" in
  install)
    apt_install dnsmasq-base ;;
  start)
    mkdir -p "$dir"
    port=$(free_port)
    dnsmasq --conf-file=/dev/null --port="$port" --listen-address=127.0.0.1 --bind-interfaces \
      --no-resolv --no-hosts --no-poll --no-negcache --user=root --pid-file="$dir/dnsmasq.pid" --log-facility="$dir/dnsmasq.log" \
      --local=/test/ \
      --cname=pg1.postgres.database.test,pg1.privatelink.postgres.database.test \
      --host-record=pg1.privatelink.postgres.database.test,10.20.0.5 \
      --cname=pg-loopback.postgres.database.test,pg-loopback.privatelink.postgres.database.test \
      --host-record=pg-loopback.privatelink.postgres.database.test,127.0.0.1 \
      --host-record=stale.postgres.database.test,10.20.0.99 \
      --host-record=public.postgres.database.test,203.0.113.10
    wait_port 127.0.0.1 "$port" 30
    echo "export PL_TEST_DNS_SERVER=127.0.0.1:$port" > "$PL_STATE_DIR/dnsmasq.env" ;;
  stop)
    if [[ -f "$dir/dnsmasq.pid" ]]; then kill "$(cat "$dir/dnsmasq.pid")" 2>/dev/null || true; rm -f "$dir/dnsmasq.pid"; fi ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
