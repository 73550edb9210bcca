#!/usr/bin/env bash
# Runs every test of the repository: installs and starts the real servers the tests need
# (scripts/services/*.sh: each on a free loopback port with a temp data folder), builds the
# solution with warnings as errors, runs each test project, stops the servers, and ends with one
# line "N passed, N failed" summed over all test projects from their TRX results.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$PWD"

export PL_STATE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/privatelink-test.XXXXXX")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
RESULTS="$PL_STATE_DIR/results"
mkdir -p "$RESULTS"

SERVICES=()
for s in scripts/services/*.sh; do SERVICES+=("$s"); done

stop_services() {
  local status=0
  for s in "${SERVICES[@]}"; do
    bash "$s" stop || { echo "test.sh: stopping $s failed" >&2; status=1; }
  done
  return $status
}
cleanup() {
  local rc=$?
  stop_services || rc=1
  if [[ "${KEEP_TEST_STATE:-}" != "1" ]]; then rm -rf "$PL_STATE_DIR"; fi
  exit $rc
}
trap cleanup EXIT

for s in "${SERVICES[@]}"; do
  name="$(basename "$s" .sh)"
  echo "== service $name: install + start"
  bash "$s" install
  bash "$s" start
  if [[ -f "$PL_STATE_DIR/$name.env" ]]; then
    # shellcheck disable=SC1090
    source "$PL_STATE_DIR/$name.env"
  fi
done

echo "== build"
dotnet build Functions.sln -c Release -warnaserror -nologo -v q

echo "== tests"
failed_projects=0
for proj in tests/*/*.Tests.csproj; do
  name="$(basename "$proj" .csproj)"
  echo "-- $name"
  if ! dotnet test "$proj" -c Release --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" \
      --blame-hang-timeout 10m; then
    failed_projects=$((failed_projects + 1))
  fi
done

read -r passed failed < <(python3 scripts/trx-summary.py "$RESULTS")
echo "$passed passed, $failed failed"
if [[ "$failed" != "0" || "$failed_projects" != "0" || "$passed" == "0" ]]; then
  exit 1
fi
