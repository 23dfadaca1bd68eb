package io.streamfleet.model.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.StreamRequest;
import java.util.Map;

/**
 * A job as a client sends it ({@code POST /api/v1/jobs}): every field may be missing; {@link
 * JobSpecParser} checks it and fills in defaults. Exactly one of {@code scenario} and {@code
 * processor}. {@code parameters} is the FFmpeg farm seed's map (numbers or strings; {@code
 * duration} and {@code bitrate} override the scenario's).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRequest(
    String id,
    String scenario,
    String processor,
    String input,
    Double durationS,
    String codec,
    String resolution,
    Double fps,
    String bitrate,
    String preset,
    String output,
    Map<String, Object> parameters,
    String confidence,
    Integer priority,
    StreamRequest.ResourceRequest resources,
    String zone,
    Map<String, String> nodeSelector,
    Double timeoutS,
    Retry retry,
    String idempotencyKey,
    String dependsOn) {

  /** The retry policy as sent; missing fields take the defaults. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Retry(Integer maxAttempts, Double backoffS, Double maxBackoffS) {}

  /** A scenario job with nothing else set. */
  public static JobRequest ofScenario(String scenario) {
    return new JobRequest(null, scenario, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null);
  }
}
