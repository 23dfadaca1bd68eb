package io.streamfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.Handover;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.MoveFailure;
import io.streamfleet.model.Resources;
import io.streamfleet.model.api.StreamStatus;
import io.streamfleet.model.api.StreamView;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code streamfleet stream ls|show}: the processor version a stream runs and the move it is making. */
class StreamCommandTest {
  private static final long T0 = 1_767_000_000_000L;
  @RegisterExtension final StubApi api = StubApi.started();

  private static StreamView stream(String id, StreamStatus status) {
    return new StreamView(id, "synthetic://" + id, "motion", null, Resources.of(250, 128), new TreeMap<>(), 50, HandoverPolicy.OVERLAP, null,
        new TreeMap<>(), new TreeSet<>(), new TreeMap<>(), 1, T0, T0, status);
  }

  private static final Handover TO_N2 = new Handover("n2", 5, 3, Handover.DRAIN, AssignmentState.STARTING, T0, T0 + 60_000);

  @Test
  void lsShowsTheVersionAndWhereAMovingStreamGoes() throws Exception {
    api.on("GET /api/v1/streams", 200, Wire.json(List.of(
        stream("cam-1", new StreamStatus(AssignmentState.RUNNING, "n1", 4, null, T0, null, null, 0, 3L, TO_N2, null, null)),
        stream("cam-2", new StreamStatus(AssignmentState.RUNNING, "n2", 1, null, T0, null, null, 0, 2L, null, null, null)),
        stream("cam-3", new StreamStatus(AssignmentState.PENDING, null, 0, "waiting for placement", T0, null, null, 0)))));

    StubApi.Run run = api.run("stream", "ls");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).matches("ID +STATE +NODE +EPOCH +PROCESSOR +VERSION +MOVING +URL +REASON");
    assertThat(lines.get(1)).matches("cam-1 +running +n1 +4 +motion +3 +to n2 \\(drain\\) +synthetic://cam-1 +-");
    assertThat(lines.get(2)).matches("cam-2 +running +n2 +1 +motion +2 +- +synthetic://cam-2 +-");
    assertThat(lines.get(3)).matches("cam-3 +pending +- +0 +motion +- +- +synthetic://cam-3 +waiting for placement");
  }

  @Test
  void showPrintsTheMoveInFlightAndTheLastOneGivenUp() throws Exception {
    MoveFailure failed = new MoveFailure("n3", 4, Handover.ROLLOUT, "the new instance failed on n3: exit 1", T0 - 40_000, T0 - 10_000);
    api.on("GET /api/v1/streams/cam-1", 200, Wire.json(
        stream("cam-1", new StreamStatus(AssignmentState.RUNNING, "n1", 3, null, T0, null, null, 0, 3L, TO_N2, failed, null))));

    StubApi.Run run = api.run("stream", "show", "cam-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("state:      running on n1, epoch 3, processor version 3\n")
        .contains("moving:     to n2 at epoch 5 (drain, processor version 3), new instance starting; given up unless ready by 2025-12-29T09:21:00Z\n")
        .contains("last move:  rollout to n3 (epoch 4) given up at 2025-12-29T09:19:20Z: the new instance failed on n3: exit 1;"
            + " next try after 2025-12-29T09:19:50Z\n");
  }
}
