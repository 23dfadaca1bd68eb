# Sourced by bench/run-*.sh: from the repository root, find a JDK >= 21 and build the benchmark
# jar together with the runnable jar it starts servers and agents from.
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. bin/lib/jdk.sh
JAVA_HOME="$(find_jdk)"
export JAVA_HOME
./mvnw -B -q -DskipTests -pl bench -am package
