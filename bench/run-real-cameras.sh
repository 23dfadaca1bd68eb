#!/usr/bin/env bash
# Real decoded cameras per core (docs/benchmarks.md, "Cameras at scale"): test cameras (ffmpeg
# encoding H.264 over HTTP on this machine) read by motion on 1 agent, then on 3: the CPU of the
# agents' process trees (JVMs + ffmpeg decoders) per camera.
# Usage: bench/run-real-cameras.sh [--cameras=3] [--width=1280] [--height=720] [--fps=29] [--window-s=30]
set -euo pipefail
. "$(dirname "$0")/lib/build.sh"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/streamfleet-bench.jar io.streamfleet.bench.RealCameraBench cli/target/streamfleet.jar "$@"
