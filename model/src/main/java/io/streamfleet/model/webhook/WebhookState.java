package io.streamfleet.model.webhook;

/**
 * A webhook as the replicated state holds it.
 *
 * @param deliveredId the leader delivered every entry up to this event-log id (it starts at the
 *     log's newest entry when the hook is created: a new hook gets what happens from then on)
 */
public record WebhookState(WebhookSpec spec, long deliveredId) {}
