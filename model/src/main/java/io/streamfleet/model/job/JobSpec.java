package io.streamfleet.model.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.Maps;
import io.streamfleet.model.Resources;
import java.util.SortedMap;

/**
 * A submitted job, checked and complete ({@link JobSpecParser}). A scenario job carries its
 * scenario's settings as they were at submission (later edits of the scenario do not change it);
 * a processor job runs an exec processor spec once over {@code input}.
 *
 * @param kind {@link #SCENARIO} or {@link #PROCESSOR}
 * @param params the seed's {@code parameters} and a processor job's {@code {param.NAME}} values
 * @param confidence the seed's {@code confidence} ("auto"), kept and shown, not interpreted
 * @param priority 0 (lowest) to 100; higher runs first, FIFO within a priority
 * @param zone run only in this zone, or null for any
 * @param timeoutMs an attempt running longer is killed and counts as failed
 * @param idempotencyKey a second submission with the same key returns the first job
 * @param dependsOn run only after this job succeeded (fails if that one fails or is canceled)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSpec(
    String id,
    String kind,
    String scenario,
    FfmpegSettings ffmpeg,
    String processor,
    String input,
    SortedMap<String, String> params,
    String confidence,
    int priority,
    Resources resources,
    String zone,
    SortedMap<String, String> nodeSelector,
    long timeoutMs,
    RetryPolicy retry,
    String idempotencyKey,
    String dependsOn) {
  public static final String SCENARIO = "scenario";
  public static final String PROCESSOR = "processor";

  public JobSpec {
    params = Maps.sortedCopy(params);
    nodeSelector = Maps.sortedCopy(nodeSelector);
  }

  public JobSpec withId(String newId) {
    return new JobSpec(newId, kind, scenario, ffmpeg, processor, input, params, confidence, priority, resources, zone, nodeSelector,
        timeoutMs, retry, idempotencyKey, dependsOn);
  }

  /** Whether it runs an FFmpeg scenario (not named like a getter: JSON would write it over {@code scenario}). */
  public boolean runsScenario() {
    return SCENARIO.equals(kind);
  }
}
