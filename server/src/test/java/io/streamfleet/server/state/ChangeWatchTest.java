package io.streamfleet.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.command.CommandType;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChangeWatchTest {
  /** Commands that change neither an assignment nor a node's state (they add nothing to the event log by diff). */
  private static final Set<String> UNWATCHED = Set.of("job.submit", "job.dispatch", "job.report", "job.cancel", "job.retry", "job.requeue",
      "job.purge", "scenario.put", "scenario.delete", "processor.put", "processor.delete", "server.announce", "token.create",
      "token.revoke", "node.certificate", "server.admit", "events.append", "events.published", "rule.put", "rule.delete", "rule.fire",
      "rule.end", "webhook.put", "webhook.delete", "webhook.delivered", "handover.abort", "rollout.set");

  @Test
  void everyCommandTypeIsSortedIntoWatchedOrNot() {
    Set<String> watched = ChangeWatch.WATCHED.stream().map(c -> tagOf(c)).collect(Collectors.toSet());
    Set<String> all = Arrays.stream(CommandType.values()).map(CommandType::tag).collect(Collectors.toSet());

    assertThat(watched).doesNotContainAnyElementsOf(UNWATCHED);
    assertThat(all).as("a new command type: does it change assignments or node states? Add it to ChangeWatch.WATCHED or to UNWATCHED here")
        .containsExactlyInAnyOrderElementsOf(union(watched, UNWATCHED));
  }

  private static String tagOf(Class<?> type) {
    return Arrays.stream(CommandType.values()).filter(t -> t.type() == type).findFirst().orElseThrow().tag();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
  }
}
