package io.streamfleet.model.api;

import io.streamfleet.model.event.EventRecord;
import java.util.List;

/**
 * One page of the event log ({@code GET /api/v1/events} as JSON).
 *
 * @param firstId the oldest entry the bounded log still holds
 * @param lastId the newest entry: ask again with {@code since=} the last id you got
 */
public record EventPage(List<EventRecord> events, long firstId, long lastId) {}
