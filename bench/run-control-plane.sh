#!/usr/bin/env bash
# Control-plane benchmark: REST write latency and restart recovery (docs/benchmarks.md).
# Usage: bench/run-control-plane.sh [N=1000] [REPS=5]
set -euo pipefail
. "$(dirname "$0")/lib/build.sh"
"$JAVA_HOME/bin/java" -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.ControlPlaneBench cli/target/streamfleet.jar "${1:-1000}" "${2:-5}"
