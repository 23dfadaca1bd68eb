#!/usr/bin/env bash
# What tracing costs a write (docs/benchmarks.md, "Tracing").
# Usage: bench/run-tracing.sh BASELINE_JAR [N=1000]
#   BASELINE_JAR: cli/target/streamfleet.jar of a build before tracing, e.g.
#     git worktree add /tmp/base 6cd9467 && (cd /tmp/base && ./mvnw -q package -DskipTests -pl cli -am)
set -euo pipefail
. "$(dirname "$0")/lib/build.sh"
"$JAVA_HOME/bin/java" -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.TracingBench cli/target/streamfleet.jar "$1" "${2:-1000}"
