#!/usr/bin/env bash
# Planned-change benchmarks (docs/benchmarks.md, "Planned changes"): frames lost, events lost and
# duplicates through a drain (A) and a processor rollout (B), and the gap of exclusive moves beside
# overlap ones (C), counted from per-frame events in the server's log and, raw, from the agents'
# MQTT publishes. Needs mosquitto (Debian package).
# Usage: bench/run-moves.sh [--parts=A,B,C] [--drain-streams=30] [--rollout-streams=60] [--exclusive=100] [--overlap=100] [--gap-parallel=1] [--settle-s=5] [--detector=default|patient]
set -euo pipefail
. "$(dirname "$0")/lib/build.sh"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.MoveBench cli/target/streamfleet.jar "$@"
