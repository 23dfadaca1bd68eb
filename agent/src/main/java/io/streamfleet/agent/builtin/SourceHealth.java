package io.streamfleet.agent.builtin;

/**
 * What a source that rides out a camera's absence tells the processor reading it. Called from the
 * thread that calls {@link FrameSource#next()}, so the processor's listener keeps its one-thread
 * order.
 */
public interface SourceHealth {
  SourceHealth IGNORED = new SourceHealth() {
    @Override
    public void lost(String reason) {}

    @Override
    public void restored() {}
  };

  /**
   * The source is away and is being connected again; {@code reason} says why (what ffmpeg said, or
   * how long no frame came). Called again with the newest reason after each failed attempt.
   */
  void lost(String reason);

  /** Frames flow again after {@link #lost}. */
  void restored();
}
