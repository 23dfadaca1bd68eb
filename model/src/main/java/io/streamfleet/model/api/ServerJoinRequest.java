package io.streamfleet.model.api;

/** {@code POST /api/v1/servers/join}: a server join token and the id of the server that joins. */
public record ServerJoinRequest(String token, String serverId) {}
