package io.streamfleet.agent.builtin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ffmpeg connections to one camera for a {@link ConnectingFrameSource}, with the transport
 * and timeouts of its {@link SourceSettings} and the node's hardware decoder.
 *
 * <p>Hardware decoding falls back to software: when a connection with the hardware decoder fails
 * before its first frame, one without is tried at once; if that one delivers, the decoder is to
 * blame and this stream decodes in software from then on, saying why in {@link #decoder()}. If
 * both fail, the camera is to blame and the next attempt tries hardware again.
 */
final class FfmpegConnector implements ConnectingFrameSource.Connector {
  private static final Logger log = LoggerFactory.getLogger(FfmpegConnector.class);

  private final String executable;
  private final String url;
  private final SourceSettings settings;
  private final HardwareDecode.Decoder hardware;
  private volatile boolean hardwareFailed;
  private volatile String decoder;

  FfmpegConnector(String executable, String url, SourceSettings settings, HardwareDecode.Decoder decoder) {
    this.executable = executable;
    this.url = url;
    this.settings = settings;
    this.hardware = decoder;
    this.decoder = decoder.name();
  }

  @Override
  public String decoder() {
    return decoder;
  }

  @Override
  public FrameSource open() throws IOException, InterruptedException {
    if (!hardware.hardware() || hardwareFailed) {
      return start(HardwareDecode.Decoder.SOFTWARE);
    }
    FfmpegFrameSource accelerated = start(hardware);
    try {
      return new PrefetchedFrameSource(accelerated, accelerated.next());
    } catch (IOException e) {
      accelerated.close();
      FfmpegFrameSource software = start(HardwareDecode.Decoder.SOFTWARE);
      PrefetchedFrameSource connected;
      try {
        connected = new PrefetchedFrameSource(software, software.next());
      } catch (IOException | InterruptedException | RuntimeException notTheDecoder) {
        software.close();
        throw notTheDecoder;
      }
      hardwareFailed = true;
      decoder = HardwareDecode.Decoder.SOFTWARE.name() + " (" + hardware.name() + " failed: " + e.getMessage() + ")";
      log.warn("{}: {} decoding failed, decoding in software: {}", connected.shownUrl(), hardware.name(), e.getMessage());
      return connected;
    } catch (InterruptedException | RuntimeException e) {
      accelerated.close();
      throw e;
    }
  }

  private FfmpegFrameSource start(HardwareDecode.Decoder decode) throws IOException {
    return new FfmpegFrameSource(executable, url, settings.width(), settings.height(), settings.connectTimeout(),
        settings.stallTimeout(), inputOptions(url, settings, decode));
  }

  /**
   * Options before {@code -i}: the decoder's, then the transport, a socket timeout as long as the
   * stall timeout (so that a camera that vanished without closing its connection is noticed by
   * ffmpeg as soon as by the stall detector), and a short format analysis (ffmpeg's 5 s default
   * made every reconnection of an MPEG-TS camera take 5.4 s; 1 s takes 1.4 s).
   */
  static List<String> inputOptions(String url, SourceSettings settings, HardwareDecode.Decoder decode) {
    List<String> options = new ArrayList<>(decode.inputOptions());
    String micros = Long.toString(settings.stallTimeout().toNanos() / 1000);
    String analyze = Long.toString(settings.analyze().toNanos() / 1000);
    switch (scheme(url)) {
      case "rtsp", "rtsps" -> options.addAll(List.of("-rtsp_transport", settings.rtspTransport(), "-timeout", micros,
          "-analyzeduration", analyze));
      case "http", "https", "rtmp", "rtmps", "tcp", "udp" -> options.addAll(List.of("-rw_timeout", micros, "-analyzeduration", analyze));
      default -> { } // files and lavfi: nothing to time out, and no live delay to save
    }
    return options;
  }

  private static String scheme(String url) {
    int colon = url.indexOf(':');
    return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /** A connection whose first frame was read while choosing the decoder. */
  private static final class PrefetchedFrameSource implements FrameSource {
    private final FfmpegFrameSource source;
    private Frame first;
    private boolean firstTaken;

    PrefetchedFrameSource(FfmpegFrameSource source, Frame first) {
      this.source = source;
      this.first = first;
    }

    String shownUrl() {
      return source.shownUrl();
    }

    @Override
    public Frame next() throws InterruptedException, IOException {
      if (!firstTaken) {
        firstTaken = true;
        Frame frame = first;
        first = null;
        return frame;
      }
      return source.next();
    }

    @Override
    public void close() {
      source.close();
    }
  }
}
