#!/usr/bin/env bash
# Compiles and lints infra/main.bicep with the bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64
# (restored into the NuGet cache through a throwaway project with a PackageDownload). Fails on any error or warning.
# Usage: scripts/bicep-build.sh            (from anywhere)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BICEP_VERSION="${BICEP_VERSION:-0.49.2}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

NUGET_PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
BICEP="$NUGET_PACKAGES/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"
if [[ ! -x "$BICEP" ]]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/bicep-restore.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  # Outside the repository, so Directory.Packages.props (central versions) does not apply to this project.
  cat > "$work/BicepTool.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
PROJ
  dotnet restore "$work/BicepTool.csproj" -nologo -v q >/dev/null
  if [[ ! -f "$BICEP" ]]; then
    BICEP="$(find "$NUGET_PACKAGES/azure.bicep.commandline.linux-x64/$BICEP_VERSION" -type f -name bicep | head -n 1)"
  fi
  chmod +x "$BICEP"
fi

cd "$ROOT"
export BICEP_TRACING_ENABLED=false
log="$(mktemp "${TMPDIR:-/tmp}/bicep-log.XXXXXX")"
status=0
"$BICEP" build infra/main.bicep --stdout >/dev/null 2>"$log" || status=$?
"$BICEP" lint infra/main.bicep >>"$log" 2>&1 || status=$?
cat "$log" >&2
if [[ $status -ne 0 ]] || grep -qiE "warning|error" "$log"; then
  rm -f "$log"
  echo "bicep-build: infra/main.bicep has errors or warnings" >&2
  exit 1
fi
rm -f "$log"
echo "bicep-build: infra/main.bicep builds and lints clean (bicep $BICEP_VERSION)"
