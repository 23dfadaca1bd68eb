package io.streamfleet.model.webhook;

import java.util.List;

/**
 * The body of {@code POST /api/v1/webhooks}. {@code secret} may be left out: the server makes
 * one and shows it once in the answer.
 */
public record WebhookRequest(
    String id,
    String url,
    String secret,
    List<String> types,
    List<String> kinds,
    List<String> streams,
    List<String> nodes,
    List<String> zones,
    String description) {}
