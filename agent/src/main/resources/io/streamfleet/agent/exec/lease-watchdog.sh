#!/usr/bin/env bash
# Streamfleet lease watchdog: one per agent, in its own session, so that it keeps running when the
# agent's JVM does not (SIGSTOP, a long GC pause, a wedged system call). It SIGKILLs the process
# groups of exclusive processors once the agent's lease has run out, whatever the agent is doing.
#
# Reads commands on stdin, one per line, from the agent:
#   lease MS     the lease holds for MS more milliseconds, counted from when this line is read
#   guard PGID   an exclusive processor runs in process group PGID
#   unguard PGID that group is gone
# At end of input (the agent exited or was killed) every guarded group is killed and it exits.
# What it kills it says on stdout, which the agent logs (later, if the agent is frozen).
# Time is read from /proc/uptime (monotonic, 10 ms steps); every rounding makes the deadline earlier.
set -u
declare -A groups=()
deadline=0   # centiseconds of uptime; 0: no lease

now_cs() { local up; read -r up _ </proc/uptime; NOW=$((10#${up/./})); }

kill_all() {
  local g killed=""
  for g in "${!groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null && killed="$killed $g"; done
  groups=()
  [ -n "$killed" ] && echo "$1: killed process group(s)$killed"
  return 0
}

while true; do
  now_cs
  if (( ${#groups[@]} > 0 )); then
    if (( NOW >= deadline )); then
      kill_all "the lease ran out"
      continue
    fi
    left=$((deadline - NOW))
    printf -v wait_s '%d.%02d' $((left / 100)) $((left % 100))
    read -r -t "$wait_s" cmd arg
    rc=$?
    if (( rc > 128 )); then continue; fi      # timed out: the loop checks the deadline
  else
    read -r cmd arg
    rc=$?
  fi
  if (( rc != 0 )); then kill_all "the agent is gone"; exit 0; fi
  case "$cmd" in
    lease) now_cs; deadline=$((NOW + ${arg:-0} / 10)) ;;
    guard) [[ "$arg" =~ ^[0-9]+$ ]] && (( arg > 1 )) && groups[$arg]=1 ;;
    unguard) unset "groups[$arg]" ;;
  esac
done
