package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * When a started processor counts as running.
 *
 * <ul>
 *   <li>{@code first_frame}: the first processed frame (builtin processors);
 *   <li>{@code first_event}: the first JSON event line on stdout (exec processors);
 *   <li>{@code stdout}: a stdout line matching {@code pattern};
 *   <li>{@code delay}: {@code delay_ms} after start without exiting.
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Readiness(String kind, String pattern, Long delayMs) {
  public static final Readiness FIRST_FRAME = new Readiness("first_frame", null, null);
  public static final Readiness FIRST_EVENT = new Readiness("first_event", null, null);
  public static final long MAX_DELAY_MS = 600_000;
}
