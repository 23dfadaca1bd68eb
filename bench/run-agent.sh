#!/usr/bin/env bash
# Agent benchmarks: overhead idle and with N builtin streams, and motion-detection throughput (docs/benchmarks.md).
# Usage: bench/run-agent.sh [N=30] [WINDOW_S=20]
set -euo pipefail
. "$(dirname "$0")/lib/build.sh"
"$JAVA_HOME/bin/java" -cp agent/target/classes:"$(ls agent/target/*.jar | head -1)":cli/target/streamfleet.jar io.streamfleet.agent.builtin.MotionThroughputBench
"$JAVA_HOME/bin/java" -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.AgentOverheadBench cli/target/streamfleet.jar "${1:-30}" "${2:-20}"
