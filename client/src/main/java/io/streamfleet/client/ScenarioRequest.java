package io.streamfleet.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.StreamRequest;

/**
 * A scenario as a client sends it ({@code PUT /api/v1/scenarios/{name}}): the name is in the path,
 * and every field may be missing, so only what the caller set is sent (the server checks it and
 * fills in defaults, as it does for {@link io.streamfleet.model.job.JobRequest}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioRequest(String description, Settings settings, StreamRequest.ResourceRequest resources) {

  /** The FFmpeg settings as sent; the same fields as {@link io.streamfleet.model.job.FfmpegSettings}, all optional. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Settings(String input, Double durationS, String codec, Integer width, Integer height, Double fps, String bitrate,
      String preset, String output) {}
}
