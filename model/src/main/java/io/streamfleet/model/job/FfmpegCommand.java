package io.streamfleet.model.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The FFmpeg argument list of a scenario job, as an exec command template (the agent expands
 * {@code {data.dir}}, the job's own directory). FFmpeg writes its progress as key=value lines to
 * stdout ({@code -progress pipe:1}), from which the agent samples frames, fps and speed.
 */
public final class FfmpegCommand {
  public static final String PROGRAM = "ffmpeg";

  private FfmpegCommand() {}

  public static List<String> argv(FfmpegSettings s) {
    List<String> a = new ArrayList<>(List.of(PROGRAM, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-progress", "pipe:1",
        "-nostats"));
    String input = s.input() == null ? FfmpegSettings.DEFAULT_INPUT : s.input();
    if (input.startsWith("lavfi:")) {
      StringBuilder src = new StringBuilder(input.substring("lavfi:".length()));
      if (!src.toString().contains("=")) { // a bare source name: size and rate from the scenario
        String sep = "=";
        if (s.resolution() != null) {
          src.append(sep).append("size=").append(s.resolution());
          sep = ":";
        }
        if (s.fps() != null) {
          src.append(sep).append("rate=").append(number(s.fps()));
        }
      }
      a.addAll(List.of("-f", "lavfi", "-i", src.toString()));
    } else {
      a.addAll(List.of("-i", input));
    }
    if (s.durationS() > 0) {
      a.addAll(List.of("-t", number(s.durationS())));
    }
    a.add("-an");
    if (s.codec() != null) {
      a.addAll(List.of("-c:v", s.codec()));
    }
    if (s.preset() != null) {
      a.addAll(List.of("-preset", s.preset()));
    }
    if (s.bitrate() != null) {
      a.addAll(List.of("-b:v", s.bitrate()));
    }
    if (s.resolution() != null && !input.startsWith("lavfi:")) {
      a.addAll(List.of("-s", s.resolution()));
    }
    if (s.fps() != null && !input.startsWith("lavfi:")) {
      a.addAll(List.of("-r", number(s.fps())));
    }
    if (s.discards()) {
      a.addAll(List.of("-f", "null", "-"));
    } else {
      a.add("{data.dir}/" + s.output());
    }
    return List.copyOf(a);
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
  }
}
