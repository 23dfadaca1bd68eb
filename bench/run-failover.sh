#!/usr/bin/env bash
# Failover benchmarks (docs/benchmarks.md): crash and silent-node failover times (overlap streams and
# one exclusive witness stream), planned exclusive moves (preemption), then the false-alarm run.
# Usage: bench/run-failover.sh [REPS=100] [STREAMS=100] [FALSE_ALARM_SECONDS=600] [PREEMPTION_REPS=30]
set -euo pipefail
. "$(dirname "$0")/lib/build.sh"
"$JAVA_HOME/bin/java" -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.FailoverBench cli/target/streamfleet.jar "${1:-100}" "${2:-100}"
"$JAVA_HOME/bin/java" -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.ExclusivePreemptionBench cli/target/streamfleet.jar "${4:-30}"
[ "${3:-600}" = 0 ] || "$JAVA_HOME/bin/java" -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.FalseAlarmBench cli/target/streamfleet.jar "${3:-600}" "${2:-100}"
