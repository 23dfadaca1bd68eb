package io.streamfleet.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code GET /health}: "ok" (HTTP 200) when this server can serve, "unavailable" (503) with a reason otherwise. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthView(String status, String server, String role, String leader, long appliedIndex, String reason) {}
