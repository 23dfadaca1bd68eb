package io.streamfleet.agent.builtin;

import io.streamfleet.model.BuiltinProcessors;
import io.streamfleet.model.SourceUrls;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.SplittableRandom;

/**
 * Builds a builtin processor's {@link BuiltinPipeline} from what the stream spec says: the
 * processor's builtin name, the stream URL and its params.
 *
 * <ul>
 *   <li>{@code motion}: a {@code synthetic://} URL gives a {@link SyntheticCamera}; any other URL an
 *       {@link FfmpegFrameSource} at the {@code width} and {@code height} params (default 640x360).
 *   <li>{@code synthetic}: a camera simulator, so it needs a {@code synthetic://} URL. It reports
 *       the same stats and motion events, because analysing its frames is cheap and shows the
 *       pipeline working end to end.
 * </ul>
 *
 * <p>A {@code synthetic://} URL with {@code timeline=wall} numbers its frames from the Unix epoch
 * on the injected wall clock rather than from its first frame (see {@link SyntheticCamera}); the
 * {@code frame_events} param ({@link BuiltinEventSettings}) adds an event per processed frame.
 * Both exist so that the two instances of a make-before-break move can be de-duplicated by frame.
 *
 * <p>Params are checked before any process starts, and a param neither the detector nor the source
 * reads is rejected, so that a misspelt {@code treshold} is not silently ignored.
 */
public final class BuiltinProcessorFactory {
  public static final int DEFAULT_FPS = 10;
  public static final int DEFAULT_WIDTH = 640;
  public static final int DEFAULT_HEIGHT = 360;
  public static final String WIDTH = SourceSettings.WIDTH;
  public static final String HEIGHT = SourceSettings.HEIGHT;

  private final NanoClock clock;
  private final Clock wallClock;
  private final Sleeper sleeper;
  private final HardwareDecode hardware;

  /**
   * @param clock and {@code sleeper} pace synthetic cameras and time camera reconnections
   * @param wallClock places frame 0 of a synthetic camera with {@code timeline=wall}; read once per
   *     camera, at its first frame
   * @param hardware the node's hardware decoders, for {@code hwaccel=auto}
   */
  public BuiltinProcessorFactory(NanoClock clock, Clock wallClock, Sleeper sleeper, HardwareDecode hardware) {
    this.clock = clock;
    this.wallClock = wallClock;
    this.sleeper = sleeper;
    this.hardware = hardware;
  }

  /** A factory on the system clocks for a node with {@code hardware}. */
  public static BuiltinProcessorFactory system(HardwareDecode hardware) {
    return new BuiltinProcessorFactory(NanoClock.system(), Clock.systemUTC(), Sleeper.system(), hardware);
  }

  /** A factory on the system clocks that decodes in software unless a stream asks otherwise. */
  public static BuiltinProcessorFactory system() {
    return system(HardwareDecode.NONE);
  }

  /**
   * @throws IllegalArgumentException for an unknown name, a URL the processor cannot read, or a
   *     bad or unknown param; the message names the culprit and what is expected
   * @throws IOException when ffmpeg cannot be started
   */
  public BuiltinPipeline create(String builtinName, String url, Map<String, String> params) throws IOException {
    if (!BuiltinProcessors.NAMES.contains(builtinName)) {
      throw new IllegalArgumentException("unknown builtin processor '" + builtinName + "'; known: "
          + String.join(", ", new TreeSet<>(BuiltinProcessors.NAMES)));
    }
    boolean synthetic = isSynthetic(url);
    if (!synthetic && builtinName.equals(BuiltinProcessors.SYNTHETIC)) {
      throw new IllegalArgumentException("the synthetic processor simulates a camera and needs a URL like "
          + "synthetic://NAME?fps=10&width=640&height=360, not '" + io.streamfleet.model.Redaction.text(url)
          + "'; use the motion processor to analyse a real source");
    }
    rejectUnknownParams(params, synthetic);
    MotionDetector detector = new MotionDetector(MotionSettings.fromParams(params));
    BuiltinEventSettings events = BuiltinEventSettings.fromParams(params);
    FrameSource source = synthetic ? syntheticCamera(url) : camera(url, SourceSettings.fromParams(params, url));
    return new BuiltinPipeline(source, detector, events);
  }

  /**
   * A camera read by ffmpeg, connected on the processor's thread at its first frame. A missing
   * ffmpeg is refused here, at once: no reconnecting would help.
   */
  private FrameSource camera(String url, SourceSettings settings) throws IOException {
    if (!FfmpegFrameSource.onPath(FfmpegFrameSource.FFMPEG)) {
      throw new IOException(FfmpegFrameSource.NOT_FOUND);
    }
    FfmpegConnector connector = new FfmpegConnector(FfmpegFrameSource.FFMPEG, url, settings, hardware.choose(settings.hwaccel()));
    ReconnectPolicy policy = settings.reconnect() ? ReconnectPolicy.upTo(settings.reconnectMax()) : null;
    return new ConnectingFrameSource(connector, policy, clock, sleeper, new SplittableRandom());
  }

  static boolean isSynthetic(String url) {
    return url.regionMatches(true, 0, "synthetic:", 0, "synthetic:".length());
  }

  private SyntheticCamera syntheticCamera(String url) {
    SourceUrls.problem(url).ifPresent(problem -> {
      throw new IllegalArgumentException("stream URL " + problem);
    });
    URI uri = URI.create(url);
    Map<String, String> query = SourceUrls.query(uri);
    int fps = intOr(query.get("fps"), DEFAULT_FPS);
    int every = intOr(query.get("visit_every_s"), (int) SyntheticScene.VISIT_EVERY.toSeconds());
    int visit = intOr(query.get("visit_s"), SourceUrls.defaultVisitSeconds(every));
    SyntheticScene scene = SyntheticScene.forCamera(uri.getRawAuthority(), fps, intOr(query.get(WIDTH), DEFAULT_WIDTH),
        intOr(query.get(HEIGHT), DEFAULT_HEIGHT), java.time.Duration.ofSeconds(every), java.time.Duration.ofSeconds(visit));
    return new SyntheticCamera(scene, fps, timeline(query.get(SourceUrls.TIMELINE), uri.getRawAuthority(), fps), clock, sleeper);
  }

  /**
   * {@code SourceUrls.problem} has already checked that a present value is start or wall. On a wall
   * timeline each camera's frames are offset by a phase fixed by its name, so that a hundred
   * cameras do not all deliver a frame at the same instant.
   */
  private SyntheticCamera.Timeline timeline(String timeline, String camera, int fps) {
    return SourceUrls.TIMELINE_WALL.equals(timeline)
        ? SyntheticCamera.Timeline.wall(wallClock, SyntheticCamera.Timeline.phaseOf(camera, fps))
        : SyntheticCamera.Timeline.start();
  }

  /** {@code SourceUrls.problem} has already checked that present values are whole numbers. */
  private static int intOr(String text, int fallback) {
    return text == null ? fallback : Integer.parseInt(text);
  }

  private static void rejectUnknownParams(Map<String, String> params, boolean synthetic) {
    Set<String> known = new TreeSet<>(MotionSettings.PARAM_DOCS.keySet());
    known.addAll(BuiltinEventSettings.PARAM_DOCS.keySet());
    if (!synthetic) {
      known.addAll(SourceSettings.PARAM_DOCS.keySet());
    }
    for (String key : params.keySet()) {
      if (known.contains(key)) {
        continue;
      }
      if (synthetic && SourceSettings.PARAM_DOCS.containsKey(key)) {
        throw new IllegalArgumentException("param " + key + " does not apply to a synthetic:// source"
            + (key.equals(WIDTH) || key.equals(HEIGHT) ? "; set the size in its URL instead, e.g. synthetic://NAME?width=640&height=360" : ""));
      }
      throw new IllegalArgumentException("unknown param '" + key + "' for a builtin processor; known: "
          + String.join(", ", known));
    }
  }
}
