# Sourced by bin/streamfleet, .ci/run and bench/*.sh: finds a JDK >= 21.
# find_jdk prints the JDK's home directory, or explains on stderr what it looked at and returns 1.
# Search order: $JAVA_HOME, java on PATH, then the newest under /usr/lib/jvm (or $STREAMFLEET_JVM_DIRS).

STREAMFLEET_MIN_JAVA=21

java_major() { # the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}

find_jdk() {
  local candidates=() dirs="${STREAMFLEET_JVM_DIRS:-/usr/lib/jvm}" j v seen=""
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(readlink -f "$(command -v java)")")
  for d in $dirs; do
    for j in $(ls -d "$d"/*/bin/java 2>/dev/null | sort -V -r); do [ -x "$j" ] && candidates+=("$j"); done
  done
  for j in "${candidates[@]}"; do
    v="$(java_major "$j" || true)"
    seen="$seen\n  $j -> Java ${v:-unknown}"
    if [ -n "$v" ] && [ "$v" -ge "$STREAMFLEET_MIN_JAVA" ]; then
      (cd "$(dirname "$j")/.." && pwd)
      return 0
    fi
  done
  {
    echo "streamfleet: needs a JDK $STREAMFLEET_MIN_JAVA or newer, and none was found."
    printf "Looked at:%b\n" "${seen:-\n  (no java at all)}"
    echo "Install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it."
  } >&2
  return 1
}
