package io.streamfleet.model.api;

/** Answer to {@code PUT /processors/{name}}: the version now current, and whether it changed. */
public record ProcessorWriteResult(String name, long version, boolean changed) {}
