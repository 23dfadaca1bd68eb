package io.streamfleet.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.ExecPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.SubmitJobs;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.RetryPolicy;
import io.streamfleet.server.state.ClusterState;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JobWaitsTest {
  private static final CommandMeta META = new CommandMeta(1_000, "test", "test");
  private final ClusterState state = ClusterState.initial();
  private long index = 1;

  @Test
  void aQueuedJobSaysWhyItWaits() {
    submit("big", 9_000, null);
    assertThat(reason("big")).isEqualTo("no node is ready");

    node("no-exec", 16_000, ExecPolicy.DENIED);
    assertThat(reason("big")).contains("no ready node runs 'ffmpeg'").contains("--allow-exec");

    node("small", 4_000, ExecPolicy.ANY);
    assertThat(reason("big")).startsWith("needs 9000 cpu_millis");

    submit("fits", 1_000, null);
    assertThat(reason("fits")).startsWith("waiting for room");

    submit("after", 1_000, "fits");
    assertThat(reason("after")).isEqualTo("waiting for job fits to succeed (it is queued)");
  }

  private String reason(String id) {
    return JobWaits.reason(state, state.job(id), 1_000);
  }

  private void node(String id, int cpu, ExecPolicy exec) {
    state.apply(new RegisterNode(META, id, 1, null, new TreeMap<>(), "server", Resources.of(cpu, 8192), null, exec), index++);
  }

  private void submit(String id, int cpu, String dependsOn) {
    state.apply(new SubmitJobs(META, List.of(new JobSpec(id, JobSpec.SCENARIO, "480p30-h264", state.scenario("480p30-h264").settings(),
        null, null, null, null, 50, Resources.of(cpu, 64), null, null, 60_000, RetryPolicy.DEFAULT, null, dependsOn))), index++);
  }
}
