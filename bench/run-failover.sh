#!/usr/bin/env bash
# Failover benchmarks (docs/benchmarks.md): crash and silent-node failover times, then the false-alarm run.
# Usage: bench/run-failover.sh [REPS=20] [STREAMS=100] [FALSE_ALARM_SECONDS=600]
set -euo pipefail
. "$(dirname "$0")/lib/build.sh"
"$JAVA_HOME/bin/java" -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.FailoverBench cli/target/streamfleet.jar "${1:-20}" "${2:-100}"
"$JAVA_HOME/bin/java" -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.FalseAlarmBench cli/target/streamfleet.jar "${3:-600}" "${2:-100}"
