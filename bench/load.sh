#!/usr/bin/env bash
# Load on the runner's HTTP API with autocannon (npm): status reads, list pages and submissions from many callers with real tokens
# from a loopback OpenID provider, against the runner as its own process (Development: in-memory engine, in-process ARM emulator).
# Two runs of the same mix (70 % status reads, 20 % list pages, 10 % submissions): one from every caller with the per-caller
# limits raised (what the API and the engine sustain), one from 5 callers on the default limits (what a caller sees when
# limited: 429 problem+json with Retry-After). Each fails on any 5xx, transport error, or a 429 without Retry-After.
# Usage: bench/load.sh [duration seconds=60] [connections=200] [callers=50]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-60}"
CONNECTIONS="${2:-200}"
CALLERS="${3:-50}"
AUTOCANNON_VERSION=9.0.0
STATE="$(mktemp -d)"
PIDS=()
cleanup() {
  # Closing the OpenID provider's stdin ends it; a SIGTERM alone leaves it waiting on the pipe this script holds open.
  exec 9>&- 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$STATE"
}
trap cleanup EXIT

npm install --prefix "$STATE/node" --no-audit --no-fund --silent "autocannon@$AUTOCANNON_VERSION" >/dev/null
export NODE_PATH="$STATE/node/node_modules"

dotnet build -c Release -nologo -v q src/PrivateLink.Host
dotnet build -c Release -nologo -v q bench/PrivateLink.Bench.LoadIdentity
HOST_DLL="$PWD/src/PrivateLink.Host/bin/Release/net10.0/PrivateLink.Host.dll"

# The OpenID provider stays up (its stdin is a pipe held open) for the whole run: the runner fetches its keys from it.
mkfifo "$STATE/identity.stdin"
dotnet bench/PrivateLink.Bench.LoadIdentity/bin/Release/net10.0/PrivateLink.Bench.LoadIdentity.dll "$STATE/identity" "$CALLERS" < "$STATE/identity.stdin" > "$STATE/identity.log" 2>&1 &
PIDS+=($!)
exec 9>"$STATE/identity.stdin"
for _ in $(seq 1 600); do [ -f "$STATE/identity/tokens.json" ] && break; sleep 0.1; done
[ -f "$STATE/identity/tokens.json" ] || { cat "$STATE/identity.log"; exit 1; }
# shellcheck disable=SC1091
source "$STATE/identity/identity.env"

SUB=00000000-0000-0000-0000-000000000001
TARGET="/subscriptions/$SUB/resourceGroups/rg-data/providers/Microsoft.Databricks/workspaces/loadws"

run() { # label, callers, then extra environment assignments
  local label="$1" callers="$2"; shift 2
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  env "$@" \
    ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
    SSL_CERT_FILE="$STATE/identity/ca.pem" SSL_CERT_DIR="$STATE/no-extra-roots" \
    ArmEmulator__Enabled=true ArmEmulator__Targets__0="$TARGET" DurableTask__StorageConnectionString= \
    Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Error \
    dotnet "$HOST_DLL" > "$STATE/runner-$label.log" 2>&1 &
  local runner=$!
  PIDS+=("$runner")
  for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  local rss_before
  rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$runner/status")
  local status=0
  node bench/load/load.js "http://127.0.0.1:$port" "$STATE/identity/tokens.json" "$TARGET" "$DURATION" "$CONNECTIONS" "$label" "$callers" || status=$?
  echo "{\"label\":\"$label\",\"runnerRssKiB\":{\"before\":$rss_before,\"after\":$(awk '/VmRSS/ {print $2}' "/proc/$runner/status"),\"peak\":$(awk '/VmHWM/ {print $2}' "/proc/$runner/status")},\"runnerCpuSeconds\":$(awk '{print ($14+$15)/100}' "/proc/$runner/stat")}"
  # Every error the runner logged, with its exception, counts against the run like a 5xx.
  local failures
  failures=$(grep -cE "^(fail|crit):" "$STATE/runner-$label.log" || true)
  if [ "$failures" -gt 0 ]; then
    echo "runner $label logged $failures errors; the first:"; grep -m1 -A25 -E "^(fail|crit):" "$STATE/runner-$label.log"
    status=1
  fi
  kill "$runner" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
  return "$status"
}

result=0
run raised "$CALLERS" RateLimiting__ReadsPerCallerPerMinute=10000000 RateLimiting__CommandsPerCallerPerMinute=10000000 || result=1
run limited 5 || result=1
exit "$result"
