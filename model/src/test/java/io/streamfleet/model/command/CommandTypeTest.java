package io.streamfleet.model.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CommandTypeTest {
  @Test
  void theTagsArePinnedInOrder() {
    // Tags are append-only: a new tag is added at the end of this list; an existing one is never
    // changed, reordered, reused or removed, because Raft logs and snapshots already hold them.
    // If this test fails because you renamed a tag, add a new tag instead (and a new format in
    // CommandCodec if a command's shape changed).
    assertThat(Arrays.stream(CommandType.values()).map(CommandType::tag)).containsExactly(
        "stream.create",
        "stream.update",
        "stream.delete",
        "processor.put",
        "processor.delete",
        "node.register",
        "node.down",
        "assignment.place",
        "assignment.status",
        "server.announce",
        "node.health",
        "assignment.statuses",
        "node.cordon",
        "token.create",
        "token.revoke",
        "node.certificate",
        "node.remove",
        "server.admit",
        "events.append",
        "events.published",
        "rule.put",
        "rule.delete",
        "rule.fire",
        "rule.end",
        "webhook.put",
        "webhook.delete",
        "webhook.delivered",
        "job.submit",
        "job.dispatch",
        "job.report",
        "job.cancel",
        "job.retry",
        "job.requeue",
        "job.purge",
        "scenario.put",
        "scenario.delete",
        "node.seen", "stream.move", "handover.abort", "node.drain", "rollout.set");
  }

  @Test
  void eachTagNamesItsCommandClass() {
    assertThat(CommandType.ofTag("stream.create").type()).isEqualTo(CreateStream.class);
    assertThat(CommandType.ofTag("stream.update").type()).isEqualTo(UpdateStream.class);
    assertThat(CommandType.ofTag("stream.delete").type()).isEqualTo(DeleteStream.class);
    assertThat(CommandType.ofTag("processor.put").type()).isEqualTo(PutProcessor.class);
    assertThat(CommandType.ofTag("processor.delete").type()).isEqualTo(DeleteProcessor.class);
  }

  @Test
  void everyCommandClassHasExactlyOneTag() {
    assertThat(Command.class.getPermittedSubclasses())
        .allSatisfy(c -> assertThat(Arrays.stream(CommandType.values()).filter(t -> t.type() == c)).hasSize(1));
    assertThat(CommandType.values()).hasSameSizeAs(Command.class.getPermittedSubclasses());
  }

  @Test
  void ofFindsTheTypeOfACommandValue() {
    CommandMeta meta = new CommandMeta(1, "alice", "10.0.0.5");

    assertThat(CommandType.of(new DeleteStream(meta, "cam-1"))).isEqualTo(CommandType.STREAM_DELETE);
    assertThat(CommandType.of(new DeleteProcessor(meta, "yolo"))).isEqualTo(CommandType.PROCESSOR_DELETE);
  }

  @Test
  void anUnknownTagHasNoType() {
    assertThat(CommandType.ofTag("stream.rename")).isNull();
    assertThat(CommandType.ofTag("STREAM_CREATE")).isNull();
  }
}
