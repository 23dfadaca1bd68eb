#!/usr/bin/env bash
# Scheduler benchmark: placement throughput and balance vs. first fit, node-loss re-plan,
# rebalancing after scale-out, capacity report time; then the 1:2:4 workload of issue 20 at 10, 50
# and 100 streams per node (docs/scheduler.md, "Benchmark").
# Usage: bench/run-scheduler.sh [NODES=1000] [STREAMS=100000] [RUNS=5]
set -euo pipefail
. "$(dirname "$0")/lib/build.sh"
"$JAVA_HOME/bin/java" -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.SchedulerBench "${1:-1000}" "${2:-100000}" "${3:-5}"
