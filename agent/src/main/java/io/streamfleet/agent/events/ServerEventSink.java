package io.streamfleet.agent.events;

import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.ProcessorEvent;
import java.util.List;
import java.util.function.Predicate;

/**
 * Events to the control plane, on the agent's gRPC session: sent as {@code AgentMessage.event}
 * on the same ordered stream as everything else, only once the session has registered, and
 * confirmed by the server's cumulative {@code EventAck}. A new session sends again everything
 * the server had not acknowledged (what was in flight on a broken session may be lost).
 *
 * <p>Thread-safe: the pump delivers on its thread; the session calls the rest from its own.
 */
public final class ServerEventSink implements EventSink {
  public static final String NAME = "server";

  /** Sends one message on the current session; false if it could not (the session ended). */
  private volatile Predicate<AgentMessage> session;
  private volatile Acks acks;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean deliver(List<ProcessorEvent> events, Acks acks) {
    this.acks = acks;
    Predicate<AgentMessage> send = session;
    if (send == null) {
      return false;
    }
    for (ProcessorEvent event : events) {
      if (!send.test(AgentMessage.newBuilder().setEvent(event).build())) {
        return false;
      }
    }
    return true;
  }

  /** A session registered: events go on it from now on, from the first one the server has not acknowledged. */
  public void sessionStarted(Predicate<AgentMessage> send) {
    session = send;
    Acks a = acks;
    if (a != null) {
      a.rewind();
    }
  }

  /** The session ended: nothing is delivered until the next one registers. */
  public void sessionEnded() {
    session = null;
  }

  /** The server's EventAck: it has every event up to {@code upToOffset}. */
  public void acknowledged(long upToOffset) {
    Acks a = acks;
    if (a != null) {
      a.acknowledge(upToOffset);
    }
  }
}
