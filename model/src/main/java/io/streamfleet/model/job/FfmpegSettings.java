package io.streamfleet.model.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an FFmpeg scenario job does: read {@code input} (a URL, a file, or {@code lavfi:SOURCE}
 * for a generated test source), encode {@code durationS} seconds of it with {@code codec} at
 * {@code width}x{@code height}, {@code fps}, {@code bitrate} and {@code preset}, and write it to
 * {@code output} (a file name in the job's directory on the node) or discard it. See {@link
 * FfmpegCommand}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FfmpegSettings(
    String input, double durationS, String codec, Integer width, Integer height, Double fps, String bitrate, String preset,
    String output) {
  /** The generated source a scenario reads unless it names another input. */
  public static final String DEFAULT_INPUT = "lavfi:testsrc2";
  public static final String DISCARD = "discard";

  public boolean discards() {
    return output == null || DISCARD.equals(output);
  }

  public String resolution() {
    return width == null || height == null ? null : width + "x" + height;
  }

  public FfmpegSettings withOverrides(String newInput, Double newDuration, String newCodec, Integer newWidth, Integer newHeight,
      Double newFps, String newBitrate, String newPreset, String newOutput) {
    return new FfmpegSettings(newInput != null ? newInput : input, newDuration != null ? newDuration : durationS,
        newCodec != null ? newCodec : codec, newWidth != null ? newWidth : width, newHeight != null ? newHeight : height,
        newFps != null ? newFps : fps, newBitrate != null ? newBitrate : bitrate, newPreset != null ? newPreset : preset,
        newOutput != null ? newOutput : output);
  }
}
