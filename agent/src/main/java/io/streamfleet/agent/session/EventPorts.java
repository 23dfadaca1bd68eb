package io.streamfleet.agent.session;

import io.streamfleet.agent.events.DirectEventRecorder;
import io.streamfleet.agent.events.EventOutbox;
import io.streamfleet.agent.events.EventRecorder;
import io.streamfleet.agent.events.OutboxStats;
import io.streamfleet.agent.events.ServerEventSink;
import io.streamfleet.protocol.v1.AgentMessage;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * What {@link AgentProtocol} does with processor events, kept out of it so that it stays free of
 * disks and threads.
 *
 * @param recorder where each event a processor reports goes first
 * @param outbox what heartbeats report of the outbox (pending, dropped)
 * @param serverAcks told the offset of each {@code EventAck} from the server
 */
public record EventPorts(EventRecorder recorder, OutboxStats outbox, LongConsumer serverAcks) {

  /** The agent's: events into {@code outbox}; the server's acknowledgements to {@code serverSink}. */
  public static EventPorts through(EventOutbox outbox, ServerEventSink serverSink) {
    return new EventPorts(outbox, outbox, serverSink::acknowledged);
  }

  /**
   * Without an outbox (the failover simulation): each event numbered in memory and sent straight
   * on the session, lost while it is down; heartbeats report an empty outbox.
   */
  public static EventPorts sentDirectly(String nodeId, Consumer<AgentMessage> send) {
    return new EventPorts(new DirectEventRecorder(nodeId, e -> send.accept(AgentMessage.newBuilder().setEvent(e).build())),
        OutboxStats.NONE, upToOffset -> { });
  }
}
