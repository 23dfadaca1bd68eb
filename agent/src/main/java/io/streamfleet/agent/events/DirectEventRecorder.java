package io.streamfleet.agent.events;

import io.streamfleet.protocol.v1.ProcessorEvent;
import java.util.function.Consumer;

/**
 * Numbers events in memory and hands each straight on, with no outbox: an event sent while
 * disconnected is lost, and numbering restarts with the process. For the failover simulation,
 * which runs the agent's protocol without a disk; the agent itself records into an
 * {@link EventOutbox}. Thread-safe.
 */
public final class DirectEventRecorder implements EventRecorder {
  private final String nodeId;
  private final Consumer<ProcessorEvent> send;
  private final EventSequences sequences = new EventSequences();

  public DirectEventRecorder(String nodeId, Consumer<ProcessorEvent> send) {
    this.nodeId = nodeId;
    this.send = send;
  }

  @Override
  public void record(String streamId, long epoch, String kind, long atMs, String payloadJson) {
    long sequence;
    synchronized (sequences) {
      sequence = sequences.next(streamId, epoch);
      sequences.taken(streamId, epoch, sequence);
    }
    send.accept(ProcessorEvent.newBuilder().setStreamId(streamId).setEpoch(epoch).setSequence(sequence).setKind(kind).setAtMs(atMs)
        .setPayloadJson(payloadJson == null ? "" : payloadJson).setNodeId(nodeId).build());
  }
}
