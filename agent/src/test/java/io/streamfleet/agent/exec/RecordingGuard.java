package io.streamfleet.agent.exec;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double: remembers the process groups it was told to guard and to stop guarding. */
final class RecordingGuard implements ExclusiveGuard {
  final List<Long> guarded = new CopyOnWriteArrayList<>();
  final List<Long> unguarded = new CopyOnWriteArrayList<>();

  @Override
  public void guard(long pgid) {
    guarded.add(pgid);
  }

  @Override
  public void unguard(long pgid) {
    unguarded.add(pgid);
  }
}
