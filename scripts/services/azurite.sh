#!/usr/bin/env bash
# Azurite (the Azure Storage emulator the Durable Task Azure Storage backend runs on).
# install: npm (global) when missing. start: blob/queue/table on free loopback ports, data in
# $PL_STATE_DIR/azurite; writes AZURITE_CONNECTION_STRING to $PL_STATE_DIR/azurite.env. stop: kills it.
set -euo pipefail
source "$(dirname "$0")/../service-lib.sh"
dir="$PL_STATE_DIR/azurite"
case "$1" in
  install)
    command -v azurite >/dev/null || npm install -g --no-fund --no-audit azurite@3 >/dev/null ;;
  start)
    mkdir -p "$dir"
    bp=$(free_port); qp=$(free_port); tp=$(free_port)
    azurite --silent --location "$dir" --blobHost 127.0.0.1 --blobPort "$bp" --queueHost 127.0.0.1 --queuePort "$qp" \
      --tableHost 127.0.0.1 --tablePort "$tp" --skipApiVersionCheck --loose >"$dir/azurite.log" 2>&1 &
    echo $! > "$dir/pid"
    wait_port 127.0.0.1 "$bp" 30; wait_port 127.0.0.1 "$qp" 30; wait_port 127.0.0.1 "$tp" 30
    key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
    cs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$bp/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$qp/devstoreaccount1;TableEndpoint=http://127.0.0.1:$tp/devstoreaccount1;"
    echo "export AZURITE_CONNECTION_STRING='$cs'" > "$PL_STATE_DIR/azurite.env" ;;
  stop)
    if [[ -f "$dir/pid" ]]; then kill "$(cat "$dir/pid")" 2>/dev/null || true; rm -f "$dir/pid"; fi ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
