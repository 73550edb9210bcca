#!/usr/bin/env bash
# Runs the engine benchmark: starts Azurite (scripts/services/azurite.sh) so the Azure Storage backend is measured too,
# then the parked mode (10,000 onboardings waiting for approval), and stops Azurite.
# Usage: bench/engine.sh [in-memory count] [azurite count] [parked count] [options of the benchmark...]
# Options: --skip-wiring (no shim vs gRPC sidecar comparison), --repeat-azurite (the Azurite part twice, to see it hold run after run).
set -euo pipefail
cd "$(dirname "$0")/.."
export PL_STATE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/privatelink-bench.XXXXXX")"
trap 'bash scripts/services/azurite.sh stop; rm -rf "$PL_STATE_DIR"' EXIT
bash scripts/services/azurite.sh install
bash scripts/services/azurite.sh start
source "$PL_STATE_DIR/azurite.env"
dotnet build -c Release -nologo -v q bench/PrivateLink.Bench.Engine
dotnet bench/PrivateLink.Bench.Engine/bin/Release/net10.0/PrivateLink.Bench.Engine.dll --count "${1:-1000}" --azurite-count "${2:-200}" "${@:4}"
dotnet bench/PrivateLink.Bench.Engine/bin/Release/net10.0/PrivateLink.Bench.Engine.dll --parked "${3:-10000}"
