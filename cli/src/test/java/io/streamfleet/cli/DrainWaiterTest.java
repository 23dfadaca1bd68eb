package io.streamfleet.cli;

import static io.streamfleet.cli.NodeViewBuilder.aNode;
import static io.streamfleet.cli.NodeViewBuilder.draining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfleet.client.ApiCallException;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.api.NodeView;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@code node drain --wait} polls until the node is drained, and stops early when the drain cannot finish, on a fake clock. */
class DrainWaiterTest {
  private long nowNanos;
  private final List<Long> sleeps = new ArrayList<>();

  private DrainWaiter waiter(Function<String, NodeView> fetch) {
    return new DrainWaiter(fetch, () -> nowNanos, ms -> {
      sleeps.add(ms);
      nowNanos += ms * 1_000_000;
    });
  }

  private static Function<String, NodeView> answers(Object... views) {
    Deque<Object> queue = new ArrayDeque<>(List.of(views));
    return id -> {
      Object next = queue.size() > 1 ? queue.poll() : queue.peek();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return (NodeView) next;
    };
  }

  private static NodeView drainingWith(int streams) {
    return aNode("n1").state(NodeState.DRAINING).streams(streams).drain(draining()).build();
  }

  private static NodeView drained() {
    return aNode("n1").state(NodeState.DRAINED).drain(draining().finished(NodeViewBuilder.T0 + 5_000)).build();
  }

  @Test
  void pollsMoreSlowlyAsItGoesUntilTheNodeIsDrained() {
    NodeView done = waiter(answers(drainingWith(3), drainingWith(2), drainingWith(1), drainingWith(1), drainingWith(1), drained()))
        .awaitDrained("n1", Duration.ofMinutes(5));

    assertThat(done.state()).isEqualTo(NodeState.DRAINED);
    assertThat(sleeps).containsExactly(250L, 500L, 1_000L, 2_000L, 2_000L);
  }

  @Test
  void aStuckDrainEndsTheWaitWithWhatHoldsTheNode() {
    NodeView stuck = aNode("n1").state(NodeState.DRAINING).streams(1)
        .drain(draining().withStuck("not drained by the deadline; still on n1: cam-3 (no node has room for 2000 cpu_millis)")).build();

    assertThatThrownBy(() -> waiter(answers(drainingWith(1), stuck)).awaitDrained("n1", Duration.ofMinutes(5)))
        .isInstanceOfSatisfying(CliException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(1);
          assertThat(e.getMessage()).startsWith("node n1 is not drained by the deadline; still on n1: cam-3 (no node has room")
              .contains("streamfleet node uncordon n1");
        });
  }

  @Test
  void anEndedDrainEndsTheWait() {
    NodeView uncordoned = aNode("n1").state(NodeState.READY).streams(1).build();

    assertThatThrownBy(() -> waiter(answers(uncordoned)).awaitDrained("n1", Duration.ofMinutes(5)))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.getMessage()).contains("n1 is ready: its drain ended"));
  }

  @Test
  void theTimeoutEndsTheWaitNamingWhatIsLeft() {
    assertThatThrownBy(() -> waiter(answers(drainingWith(2))).awaitDrained("n1", Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(CliException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(1);
          assertThat(e.getMessage()).isEqualTo("node n1 is not drained after 5s (--timeout): 2 stream(s) still there; the drain goes on;"
              + " follow it with: streamfleet node show n1");
        });
    assertThat(sleeps.stream().mapToLong(Long::longValue).sum()).isEqualTo(5_000);
  }

  @Test
  void aServerThatCannotAnswerForAMomentIsPolledAgainButAnUnknownNodeEndsTheWait() {
    ApiCallException leaderChange = new ApiCallException(503, "unavailable", "no leader", null);
    assertThat(waiter(answers(leaderChange, drained())).awaitDrained("n1", Duration.ofMinutes(1)).state()).isEqualTo(NodeState.DRAINED);

    ApiCallException notFound = new ApiCallException(404, "not_found", "node 'n1' does not exist", null);
    assertThatThrownBy(() -> waiter(answers(notFound)).awaitDrained("n1", Duration.ofMinutes(1))).isSameAs(notFound);
  }
}
