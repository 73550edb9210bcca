#!/usr/bin/env bash
# Runs the real-path benchmark: starts nginx (the TLS destination on loopback) and Azurite, runs bench/PrivateLink.Bench.RealPath
# (the product's registration, the real ARM adapter over HTTPS to the in-process ARM emulator, real TLS probes), stops both.
# Usage: bench/realpath.sh [--count N] [--azurite-count N] [--waiting N] [--single-approvals N] [--single-approval-interval S]
#   [--finished N] [--finished-real N] [--list-waiting N] [--sequential N] [--no-azurite | --azurite-only]
# Defaults: --count 1000 --azurite-count 100 --waiting 200 --single-approvals 20 --single-approval-interval 3 --finished 1000
# --finished-real 500 --list-waiting 100 --sequential 5. Full sizes of the goals: --finished 10000 (500 real finished onboardings,
# the rest copies of their instance rows; about 17 minutes on an idle 2-core machine, most of it Azurite).
set -euo pipefail
cd "$(dirname "$0")/.."
export PL_STATE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/privatelink-realpath.XXXXXX")"
use_azurite=1
args=()
for a in "$@"; do
  if [[ "$a" == "--no-azurite" ]]; then use_azurite=0; else args+=("$a"); fi
done
cleanup() {
  bash scripts/services/nginx.sh stop || true
  if [[ $use_azurite == 1 ]]; then bash scripts/services/azurite.sh stop || true; fi
  sleep 1; rm -rf "$PL_STATE_DIR" || true
}
trap cleanup EXIT
bash scripts/services/nginx.sh install
bash scripts/services/nginx.sh start
source "$PL_STATE_DIR/nginx.env"
if [[ $use_azurite == 1 ]]; then
  bash scripts/services/azurite.sh install
  bash scripts/services/azurite.sh start
  source "$PL_STATE_DIR/azurite.env"
else
  unset AZURITE_CONNECTION_STRING
fi
dotnet build -c Release -nologo -v q bench/PrivateLink.Bench.RealPath
echo "uptime before: $(uptime)"
dotnet bench/PrivateLink.Bench.RealPath/bin/Release/net10.0/PrivateLink.Bench.RealPath.dll "${args[@]}"
echo "uptime after: $(uptime)"
