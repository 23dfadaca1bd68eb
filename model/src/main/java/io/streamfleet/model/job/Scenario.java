package io.streamfleet.model.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.Resources;

/**
 * A named FFmpeg workload ({@code 4K60-h264}, {@code 1080p30-h264}, ...): the settings a job of
 * that scenario starts from and the resources it reserves. The built-in ones ship as data
 * ({@link Scenarios}); users add and change their own.
 *
 * @param builtin shipped with Streamfleet (users may override it; deleting restores nothing)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scenario(String name, String description, FfmpegSettings settings, Resources resources, boolean builtin) {}
