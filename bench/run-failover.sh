#!/usr/bin/env bash
# Failover benchmarks (docs/benchmarks.md): crash and silent-node failover times, then the false-alarm run.
# Usage: bench/run-failover.sh [REPS=20] [STREAMS=100] [FALSE_ALARM_SECONDS=600]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib/jdk.sh
JAVA_HOME="$(find_jdk)"
export JAVA_HOME
./mvnw -B -q -DskipTests -pl bench -am package
"$JAVA_HOME/bin/java" -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.FailoverBench cli/target/streamfleet.jar "${1:-20}" "${2:-100}"
"$JAVA_HOME/bin/java" -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.FalseAlarmBench cli/target/streamfleet.jar "${3:-600}" "${2:-100}"
