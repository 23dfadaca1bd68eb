#!/usr/bin/env bash
# Event pipeline benchmark: outbox throughput and latency to a real Mosquitto, server intake,
# rule latency (docs/benchmarks.md). Needs mosquitto (Debian package).
# Usage: bench/run-events.sh [N=100000] [RATE=1000] [SAMPLES=10000] [AGENTS=100] [EVENTS_PER_S=10] [WINDOW_S=20] [ROUNDS=100]
set -euo pipefail
. "$(dirname "$0")/lib/build.sh"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.EventBench cli/target/streamfleet.jar \
  "${1:-100000}" "${2:-1000}" "${3:-10000}" "${4:-100}" "${5:-10}" "${6:-20}" "${7:-100}"
