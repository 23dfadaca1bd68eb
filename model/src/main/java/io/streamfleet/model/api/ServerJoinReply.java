package io.streamfleet.model.api;

/** The cluster CA for a joining server: its certificate and its key (servers only hold it). */
public record ServerJoinReply(String caCertPem, String caKeyPem) {}
