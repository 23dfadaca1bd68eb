package io.streamfleet.agent.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a sink told its pump, in order: "ack N", "rewind", "failed". */
final class RecordingAcks implements EventSink.Acks {
  final List<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public void acknowledge(long upToOffset) {
    calls.add("ack " + upToOffset);
  }

  @Override
  public void rewind() {
    calls.add("rewind");
  }

  @Override
  public void failed() {
    calls.add("failed");
  }
}
