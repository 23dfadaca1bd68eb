package io.streamfleet.cli;

import static io.streamfleet.cli.JobViewBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfleet.client.ApiCallException;
import io.streamfleet.model.api.JobView;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@code --wait} polls until the job is final, within its deadline, on a fake clock. */
class JobWaiterTest {
  private long nowNanos;
  private final List<Long> sleeps = new ArrayList<>();

  private JobWaiter waiter(Function<String, JobView> fetch) {
    return new JobWaiter(fetch, () -> nowNanos, ms -> {
      sleeps.add(ms);
      nowNanos += ms * 1_000_000;
    });
  }

  private static Function<String, JobView> answers(Object... views) {
    Deque<Object> queue = new ArrayDeque<>(List.of(views));
    return id -> {
      Object next = queue.size() > 1 ? queue.poll() : queue.peek();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return (JobView) next;
    };
  }

  @Test
  void pollsEvery200To500MsUntilTheJobIsFinal() {
    List<JobView> done = waiter(answers(aJob("j").state("queued").build(), aJob("j").state("running").build(),
        aJob("j").state("running").build(), aJob("j").state("running").build(), aJob("j").state("failed").build()))
        .awaitFinal(List.of("j"), Duration.ofSeconds(10));
    assertThat(done).extracting(JobView::state).containsExactly("failed");
    assertThat(sleeps).containsExactly(200L, 400L, 500L, 500L);
  }

  @Test
  void aServerThatCannotAnswerForAMomentIsPolledAgain() {
    ApiCallException leaderChange = new ApiCallException(503, "unavailable", "no leader", null);
    List<JobView> done = waiter(answers(leaderChange, aJob("j").state("succeeded").build())).awaitFinal(List.of("j"), Duration.ofSeconds(10));
    assertThat(done).extracting(JobView::state).containsExactly("succeeded");
  }

  @Test
  void anUnknownJobEndsTheWaitAtOnce() {
    ApiCallException notFound = new ApiCallException(404, "not_found", "job 'j' does not exist", null);
    assertThatThrownBy(() -> waiter(answers(notFound)).awaitFinal(List.of("j"), Duration.ofSeconds(10))).isSameAs(notFound);
  }

  @Test
  void theDeadlineEndsTheWaitWithTheStateTheJobIsIn() {
    assertThatThrownBy(() -> waiter(answers(aJob("j").state("queued").reason("waits for room: 4000 cpu_millis").build()))
        .awaitFinal(List.of("j"), Duration.ofSeconds(2)))
        .isInstanceOf(CliException.class)
        .hasMessage("job j is not finished after 2 s (--wait-timeout-s): it is queued (waits for room: 4000 cpu_millis); it goes on"
            + " without waiting; follow it with: streamfleet job show j");
    assertThat(nowNanos).isEqualTo(2_000_000_000L);
  }
}
