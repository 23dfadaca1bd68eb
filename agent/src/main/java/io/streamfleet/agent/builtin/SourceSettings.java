package io.streamfleet.agent.builtin;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a builtin processor reads a camera through ffmpeg: the analysis size, the transport, and how
 * it rides out a camera that stalls, drops its connection or is not there yet. Each setting is a
 * stream param, declared once below with its default, its range and a doc line, like
 * {@link MotionSettings}.
 *
 * @param width the width ffmpeg scales frames to before analysis
 * @param height the height likewise
 * @param rtspTransport {@code tcp} or {@code udp}, for {@code rtsp://} sources
 * @param connectTimeout how long a connection may take to deliver its first frame
 * @param stallTimeout how long a connected source may go without a frame before it counts as gone
 *     (also ffmpeg's socket timeout, so a dead TCP peer is noticed as soon)
 * @param reconnect whether a source that ends or fails is connected again (with backoff) rather
 *     than ending the stream; {@code null} params mean "yes for network sources, no for files"
 * @param reconnectMax the longest wait between two connection attempts
 * @param hwaccel which hardware decoder to ask ffmpeg for
 * @param analyze how much of a network stream ffmpeg reads to learn its format before the first
 *     frame ({@code -analyzeduration}); its default of 5 s would delay every (re)connection by as much
 */
public record SourceSettings(int width, int height, String rtspTransport, Duration connectTimeout, Duration stallTimeout,
    boolean reconnect, Duration reconnectMax, HardwareDecode.Request hwaccel, Duration analyze) {
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String RTSP_TRANSPORT = "rtsp_transport";
  public static final String CONNECT_TIMEOUT_S = "connect_timeout_s";
  public static final String STALL_TIMEOUT_S = "stall_timeout_s";
  public static final String RECONNECT = "reconnect";
  public static final String RECONNECT_MAX_S = "reconnect_max_s";
  public static final String HWACCEL = "hwaccel";
  public static final String ANALYZE_MS = "analyze_ms";

  private static final WholeParam WIDTH_PARAM = new WholeParam(WIDTH, 640, 16, 7680,
      "the width in pixels that ffmpeg scales frames to before analysis");
  private static final WholeParam HEIGHT_PARAM = new WholeParam(HEIGHT, 360, 16, 4320,
      "the height in pixels that ffmpeg scales frames to before analysis");
  private static final WholeParam CONNECT_PARAM = new WholeParam(CONNECT_TIMEOUT_S, 15, 1, 300,
      "seconds a connection may take to deliver its first frame before it counts as failed");
  private static final WholeParam STALL_PARAM = new WholeParam(STALL_TIMEOUT_S, 10, 1, 300,
      "seconds a connected camera may send no frame before it counts as gone and is connected again");
  private static final WholeParam RECONNECT_MAX_PARAM = new WholeParam(RECONNECT_MAX_S, 30, 1, 600,
      "the longest wait in seconds between two attempts to reach a camera that is away (backoff from 0.5 s)");
  private static final WholeParam ANALYZE_PARAM = new WholeParam(ANALYZE_MS, 1000, 100, 10_000,
      "milliseconds of a network stream ffmpeg reads to learn its format before the first frame; raise it for a camera "
      + "whose keyframes are further apart");
  private static final String TRANSPORT_MEANING = "how rtsp:// sources carry video: tcp (interleaved, survives NAT and loss) or udp";
  private static final String RECONNECT_MEANING = "whether a source that ends or fails is connected again, with the stream "
      + "degraded meanwhile, rather than ending the stream; default true for network sources, false for files";
  private static final String HWACCEL_MEANING = "hardware decoding: auto (the node's NVIDIA or VAAPI device if it has one), "
      + "none, vaapi or cuda; a decoder that fails falls back to software";

  /** Param name to a doc line with its default, in the order they are documented. */
  public static final Map<String, String> PARAM_DOCS = paramDocs();

  public SourceSettings {
    WIDTH_PARAM.check(width);
    HEIGHT_PARAM.check(height);
  }

  /**
   * Reads the settings from stream params for a source at {@code url}, with a default for each one
   * absent. Other keys are left alone (they belong to the detector).
   *
   * @throws IllegalArgumentException naming the param, the value given and what is expected
   */
  public static SourceSettings fromParams(Map<String, String> params, String url) {
    return new SourceSettings(
        WIDTH_PARAM.read(params),
        HEIGHT_PARAM.read(params),
        choice(params, RTSP_TRANSPORT, "tcp", TRANSPORT_MEANING, "tcp", "udp"),
        Duration.ofSeconds(CONNECT_PARAM.read(params)),
        Duration.ofSeconds(STALL_PARAM.read(params)),
        Boolean.parseBoolean(choice(params, RECONNECT, Boolean.toString(!FfmpegFrameSource.isFile(url)
            && !url.startsWith(FfmpegFrameSource.LAVFI_PREFIX)), RECONNECT_MEANING, "true", "false")),
        Duration.ofSeconds(RECONNECT_MAX_PARAM.read(params)),
        HardwareDecode.Request.valueOf(choice(params, HWACCEL, "auto", HWACCEL_MEANING, "auto", "none", "vaapi", "cuda")
            .toUpperCase(Locale.ROOT)),
        Duration.ofMillis(ANALYZE_PARAM.read(params)));
  }

  private static String choice(Map<String, String> params, String name, String fallback, String meaning, String... allowed) {
    String text = params.get(name);
    if (text == null) {
      return fallback;
    }
    for (String value : allowed) {
      if (value.equals(text.trim())) {
        return value;
      }
    }
    throw new IllegalArgumentException(name + "=" + text + " must be one of " + String.join(", ", allowed) + ": " + meaning);
  }

  private static Map<String, String> paramDocs() {
    Map<String, String> docs = new LinkedHashMap<>();
    docs.put(WIDTH, WIDTH_PARAM.doc());
    docs.put(HEIGHT, HEIGHT_PARAM.doc());
    docs.put(RTSP_TRANSPORT, TRANSPORT_MEANING + " (default tcp)");
    docs.put(CONNECT_TIMEOUT_S, CONNECT_PARAM.doc());
    docs.put(STALL_TIMEOUT_S, STALL_PARAM.doc());
    docs.put(RECONNECT, RECONNECT_MEANING);
    docs.put(RECONNECT_MAX_S, RECONNECT_MAX_PARAM.doc());
    docs.put(HWACCEL, HWACCEL_MEANING + " (default auto)");
    docs.put(ANALYZE_MS, ANALYZE_PARAM.doc());
    return Collections.unmodifiableMap(docs);
  }
}
