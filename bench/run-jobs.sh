#!/usr/bin/env bash
# Job system benchmark (docs/benchmarks.md): push dispatch of 10,000 jobs to simulated agents, the
# seed's polling workers as the baseline, and a million queued jobs (heap, snapshot, restart).
# Assumes the jars are built (bench/lib/build.sh, or `./mvnw -B -DskipTests -pl bench -am package`).
# Usage: bench/run-jobs.sh [--parts=1,2,3] [--jobs=10000] [--queued=1000000] ... (JobBench.Options for all)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ]; then
  . bin/lib/jdk.sh
  JAVA_HOME="$(find_jdk)"
fi
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.JobBench \
  cli/target/streamfleet.jar "$@"
