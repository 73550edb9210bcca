#!/usr/bin/env bash
# Benchmarks the TLS probe against `openssl s_client -starttls postgres|mysql` on local PostgreSQL and MariaDB servers.
# Then the MongoDB probe against an in-process OP_MSG listener (no MongoDB server installs here).
# Starts the servers with the service scripts (temp state folder), runs bench/PrivateLink.Bench.Probes in Release, stops them.
# Usage: bench/probes.sh [iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
export PL_STATE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/privatelink-bench.XXXXXX")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
SERVICES=(postgres mariadb nginx)
cleanup() {
  for s in "${SERVICES[@]}"; do bash "scripts/services/$s.sh" stop || true; done
  rm -rf "$PL_STATE_DIR"
}
trap cleanup EXIT
for s in "${SERVICES[@]}"; do
  bash "scripts/services/$s.sh" install
  bash "scripts/services/$s.sh" start
  # shellcheck disable=SC1090
  source "$PL_STATE_DIR/$s.env"
done
dotnet build bench/PrivateLink.Bench.Probes -c Release -nologo -v q
dotnet bench/PrivateLink.Bench.Probes/bin/Release/net10.0/PrivateLink.Bench.Probes.dll "$@"
dotnet bench/PrivateLink.Bench.Probes/bin/Release/net10.0/PrivateLink.Bench.Probes.dll mongodb "$@"
