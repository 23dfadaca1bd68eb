package io.streamfleet.agent.builtin;

/**
 * A builtin processor's parts, ready to run: where frames come from, what analyses them, and which
 * events it reports besides motion.
 */
public record BuiltinPipeline(FrameSource source, MotionDetector detector, BuiltinEventSettings events) {
  /** Runs the pipeline; the processor owns (and eventually closes) the source. */
  public BuiltinProcessor start(String streamId, long epoch, BuiltinListener listener, NanoClock clock) {
    return BuiltinProcessor.start(streamId, epoch, source, detector, events, listener, clock);
  }
}
