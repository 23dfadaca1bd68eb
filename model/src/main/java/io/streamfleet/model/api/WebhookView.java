package io.streamfleet.model.api;

import io.streamfleet.model.webhook.WebhookSpec;

/**
 * A webhook as shown: its secret masked (except in the answer that created it), and the event-log
 * id it has been delivered up to.
 */
public record WebhookView(WebhookSpec webhook, long deliveredId) {}
