package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {
  private static ProcessStat process(long pid, long ppid) {
    return new ProcessStat(pid, "p" + pid, ppid, 0, 0);
  }

  private static final List<ProcessStat> TABLE =
      List.of(
          process(1, 0),
          process(100, 1), // the processor's root
          process(101, 100),
          process(102, 100),
          process(103, 101), // a grandchild
          process(200, 1), // someone else
          process(201, 200));

  @Test
  void containsTheRootAndAllItsDescendantsRootFirst() {
    assertThat(ProcessTree.of(100, TABLE))
        .extracting(ProcessStat::pid)
        .startsWith(100L)
        .containsExactlyInAnyOrder(100L, 101L, 102L, 103L);
  }

  @Test
  void aProcessWithoutChildrenIsATreeOfOne() {
    assertThat(ProcessTree.of(103, TABLE)).extracting(ProcessStat::pid).containsExactly(103L);
  }

  @Test
  void aRootThatIsNotInTheTableGivesAnEmptyTree() {
    assertThat(ProcessTree.of(999, TABLE)).isEmpty();
  }

  @Test
  void anOrphanReparentedToInitIsNoLongerInTheTree() {
    List<ProcessStat> afterChild101Exited = List.of(process(1, 0), process(100, 1), process(102, 100), process(103, 1));

    assertThat(ProcessTree.of(100, afterChild101Exited)).extracting(ProcessStat::pid).containsExactly(100L, 102L);
  }

  @Test
  void aCycleInATornSnapshotDoesNotLoopForever() {
    List<ProcessStat> cycle = List.of(process(5, 6), process(6, 5));

    assertThat(ProcessTree.of(5, cycle)).extracting(ProcessStat::pid).containsExactly(5L, 6L);
  }
}
