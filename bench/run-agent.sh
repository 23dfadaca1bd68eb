#!/usr/bin/env bash
# Agent benchmarks: overhead idle and with N builtin streams, and motion-detection throughput (docs/benchmarks.md).
# Usage: bench/run-agent.sh [N=30] [WINDOW_S=20]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib/jdk.sh
JAVA_HOME="$(find_jdk)"
export JAVA_HOME
./mvnw -B -q -DskipTests -pl bench -am package
"$JAVA_HOME/bin/java" -cp agent/target/classes:"$(ls agent/target/*.jar | head -1)":cli/target/streamfleet.jar io.streamfleet.agent.builtin.MotionThroughputBench
"$JAVA_HOME/bin/java" -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.AgentOverheadBench cli/target/streamfleet.jar "${1:-30}" "${2:-20}"
