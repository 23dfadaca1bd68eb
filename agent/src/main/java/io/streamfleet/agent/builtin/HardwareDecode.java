package io.streamfleet.agent.builtin;

import java.nio.file.Path;
import java.util.List;

/**
 * The hardware video decoders a node offers ffmpeg, as detected when the agent starts: an NVIDIA
 * card (NVDEC, ffmpeg's {@code cuda} hwaccel) and a VAAPI render node (Intel and AMD). A value.
 *
 * <p>Frames decoded in hardware are copied back to memory by ffmpeg (no
 * {@code -hwaccel_output_format}), so the same scale filter and gray output work either way: the
 * saving is the decode, which is most of a camera's cost.
 *
 * @param vaapiDevice the first render node ({@code /dev/dri/renderD128}), or null
 * @param cuda whether an NVIDIA card with its driver is present
 */
public record HardwareDecode(Path vaapiDevice, boolean cuda) {
  public static final HardwareDecode NONE = new HardwareDecode(null, false);

  /** What a stream asks for ({@code hwaccel} param). */
  public enum Request { AUTO, NONE, VAAPI, CUDA }

  /**
   * How ffmpeg decodes: {@code name} is shown to operators ({@code software}, {@code vaapi},
   * {@code cuda}); {@code inputOptions} go before {@code -i}.
   */
  public record Decoder(String name, List<String> inputOptions) {
    public static final Decoder SOFTWARE = new Decoder("software", List.of());

    public boolean hardware() {
      return !inputOptions.isEmpty();
    }
  }

  /**
   * The decoder for {@code request}: {@code auto} prefers NVDEC, then VAAPI, then software. An
   * explicit request is honoured even when no device was detected (ffmpeg then picks its default
   * device, and falls back to software if that fails; see {@link FfmpegConnector}).
   */
  public Decoder choose(Request request) {
    return switch (request) {
      case NONE -> Decoder.SOFTWARE;
      case CUDA -> cudaDecoder();
      case VAAPI -> vaapiDecoder();
      case AUTO -> cuda ? cudaDecoder() : vaapiDevice != null ? vaapiDecoder() : Decoder.SOFTWARE;
    };
  }

  private static Decoder cudaDecoder() {
    return new Decoder("cuda", List.of("-hwaccel", "cuda"));
  }

  private Decoder vaapiDecoder() {
    return vaapiDevice == null
        ? new Decoder("vaapi", List.of("-hwaccel", "vaapi"))
        : new Decoder("vaapi", List.of("-hwaccel", "vaapi", "-hwaccel_device", vaapiDevice.toString()));
  }
}
