#!/usr/bin/env bash
# Counts the product files and named data types one onboarding touches, from POST /api/onboardings through the
# orchestrator, activities, ARM adapter and TLS probe to GET /api/onboardings/{id}: runs one end-to-end test of the
# runner (RealisticArmEndToEndTests.Snowflake_AliasInAnotherTenant_ReadyThroughTheNicAddressOverTls: the in-memory
# engine, the real ARM adapter against the ARM emulator, the real probe against a loopback TLS server) with line coverage
# (coverlet.collector; its default report is Cobertura), and once more for a baseline without an onboarding, then applies
# the rule in scripts/census.py (see docs/architecture.md, "One onboarding's path").
# Usage: scripts/census.sh [--no-build] [--list]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BUILD=(); LIST=()
for a in "$@"; do
  case "$a" in
    --no-build) BUILD=(--no-build) ;;
    --list) LIST=(--list) ;;
    *) echo "usage: $0 [--no-build] [--list]" >&2; exit 2 ;;
  esac
done

OUT="$(mktemp -d "${TMPDIR:-/tmp}/privatelink-census.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# One run of the onboarding, one baseline run (the same runner and world started, one GET of an unknown destination).
run() { # name, test method
  dotnet test tests/PrivateLink.Host.Tests -c Release "${BUILD[@]}" \
    --filter "FullyQualifiedName~RealisticArmEndToEndTests.$2" \
    --collect "XPlat Code Coverage" --results-directory "$OUT/$1" >"$OUT/$1.log" 2>&1 \
    || { tail -40 "$OUT/$1.log" >&2; exit 1; }
  find "$OUT/$1" -name 'coverage.cobertura.xml' | head -1
}
ONBOARDING="$(run onboarding Snowflake_AliasInAnotherTenant_ReadyThroughTheNicAddressOverTls)"
BUILD=(--no-build)
BASELINE="$(run baseline UnknownDestination_AnswersNotFoundAndStartsNoWorkflow)"
[[ -n "$ONBOARDING" && -n "$BASELINE" ]] || { echo "census: no coverage.cobertura.xml in $OUT" >&2; exit 1; }
python3 "$ROOT/scripts/census.py" "$ONBOARDING" "$BASELINE" "$ROOT" "${LIST[@]}"
