#!/usr/bin/env bash
# Runs the Service Bus intake benchmark (the project's AMQP test broker on loopback, the runner's in-memory engine).
# Usage: bench/servicebus.sh [count] [latency samples] [concurrency]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release -nologo -v q bench/PrivateLink.Bench.ServiceBus
dotnet bench/PrivateLink.Bench.ServiceBus/bin/Release/net10.0/PrivateLink.Bench.ServiceBus.dll --count "${1:-1000}" --latency "${2:-100}" --concurrency "${3:-4}"
