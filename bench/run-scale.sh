#!/usr/bin/env bash
# Cameras at scale (docs/benchmarks.md, "Cameras at scale"): N synthetic cameras processed by motion
# in one JVM without Streamfleet, then on 1 agent, 3 agents, a fourth joining, a drain and a killed
# agent: frames processed, dropped, p99 latency, spread, CPU, motion events lost, availability.
# Usage: bench/run-scale.sh [--cameras=100] [--fps=30] [--width=320] [--height=180] [--window-s=60] [--run-s=240] [--quiet-s=30] [--parts=PLAIN,CLUSTER]
set -euo pipefail
. "$(dirname "$0")/lib/build.sh"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.ScaleBench cli/target/streamfleet.jar "$@"
