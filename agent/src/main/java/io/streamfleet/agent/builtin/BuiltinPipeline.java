package io.streamfleet.agent.builtin;

/** A builtin processor's parts, ready to run: where frames come from and what analyses them. */
public record BuiltinPipeline(FrameSource source, MotionDetector detector) {
  /** Runs the pipeline; the processor owns (and eventually closes) the source. */
  public BuiltinProcessor start(String streamId, long epoch, BuiltinListener listener, NanoClock clock) {
    return BuiltinProcessor.start(streamId, epoch, source, detector, listener, clock);
  }
}
