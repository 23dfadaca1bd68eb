#!/usr/bin/env bash
# Security benchmark: TLS and tokens against plaintext (docs/benchmarks.md).
# Usage: bench/run-security.sh [N=1000] [AGENTS=100] [WINDOW_S=20] [RECONNECTING=1000]
set -euo pipefail
. "$(dirname "$0")/lib/build.sh"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.SecurityBench cli/target/streamfleet.jar \
  "${1:-1000}" "${2:-100}" "${3:-20}" "${4:-1000}"
