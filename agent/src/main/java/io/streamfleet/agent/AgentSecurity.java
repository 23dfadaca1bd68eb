package io.streamfleet.agent;

import io.streamfleet.model.ExecPolicy;

/**
 * How an agent authenticates and what it lets the cluster run on it.
 *
 * @param insecure plaintext to loopback servers, no certificate (the development mode)
 * @param joinToken the token to join with when the data directory holds no certificate yet
 * @param exec which exec processors it runs ({@code --allow-exec}, {@code --allow-exec-program})
 */
public record AgentSecurity(boolean insecure, String joinToken, ExecPolicy exec) {}
