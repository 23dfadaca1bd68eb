#!/usr/bin/env bash
# The simulation can fail: each mutation undoes one guard of the exclusive rule in the production
# code (or one part of the world the simulation models), runs seeds 1..RUNS, and prints how many
# schedules broke an invariant and the first few. Every file is restored afterwards.
# Usage: bench/sim-mutations.sh [RUNS=10000, the fixed seeds CI runs]   (docs/simulation.md, "The simulation can fail")
set -u
cd "$(dirname "$0")/.."
. bin/lib/jdk.sh
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
RUNS=${1:-10000}
backup=$(mktemp)
trap 'if [ -n "${current:-}" ]; then cp "$backup" "$current"; fi; rm -f "$backup"' EXIT
run() { # name file python-replacement
  name=$1; file=$2; old=$3; new=$4
  current=$file
  cp "$file" "$backup"
  python3 - "$file" "$old" "$new" <<'PY'
import sys
p,a,b=sys.argv[1:4]; s=open(p).read()
assert a in s, ("mutation anchor not found", a)
open(p,'w').write(s.replace(a,b,1))
PY
  [ $? = 0 ] || { echo "== $name: the mutation's anchor is gone; update this script"; cp "$backup" "$file"; current=; return; }
  ./mvnw -B -q install -DskipTests -pl server,agent >/dev/null 2>&1
  rm -f simulation/target/surefire-reports/*
  timeout 900 ./mvnw -B -q test -pl simulation -Dtest=FailoverSimulationTest -Dsurefire.failIfNoSpecifiedTests=false -Dsim.runs=$RUNS -Dsim.derived=0 -Dsim.threads=2 >/dev/null 2>&1
  echo "== $name: $(grep -h 'schedules in' simulation/target/surefire-reports/*-output.txt | tail -1)"
  grep -h "^  [0-9]*: " simulation/target/surefire-reports/*FailoverSimulationTest.txt | head -3
  cp "$backup" "$file"
  current=
}
S=server/src/main/java/io/streamfleet/server
A=agent/src/main/java/io/streamfleet/agent
run "no fence for planned stops" $S/state/ClusterState.java 'if (isExclusive(a.streamId())) {
      StopFence fence' 'if (false) {
      StopFence fence'
run "a down node's streams released at its last heartbeat, renewals ignored" $S/leader/Leader.java '    leases.renewed(nodeId, ports.monotonicClock().millis());' ''
run "a stopped instance restarts at its epoch" $A/session/Reconciler.java 'if (d.getEpoch() <= stoppedEpochs.getOrDefault(d.getStreamId(), -1L)) {' 'if (false) {'
run "old desired set replayed after a lapse" $A/session/Reconciler.java 'lastDesired = lastDesired.stream().filter(d -> !d.getExclusive()).toList();
    desiredStale |= lastDesired.size() < before;' 'desiredStale |= false;'
run "new exclusive epoch while the old one stops" $A/session/Reconciler.java 'leaseHoldsNow() && !isStopping(d.getStreamId())' 'leaseHoldsNow()'
run "no kill at lease expiry" $A/session/Reconciler.java '      killExclusive(); // before the lock' '      // killExclusive(); // before the lock'
T=simulation/src/test/java/io/streamfleet/simulation
run "no lease watchdog (a frozen agent's processes outlive the lease)" $T/SimulatedWatchdog.java 'all.forEach(Guarded::killedByWatchdog);' '// no watchdog'
run "a deposed leader renews leases until it steps down" $T/SimulatedServer.java '() -> leading && (cutOffAtMs == Long.MAX_VALUE || loop.now() - cutOffAtMs < LEASE_AUTHORITY_MS),' '() -> leading,'
./mvnw -B -q install -DskipTests -pl server,agent >/dev/null 2>&1
