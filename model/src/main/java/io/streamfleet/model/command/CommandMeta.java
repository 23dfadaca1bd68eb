package io.streamfleet.model.command;

/**
 * Stamped into every command by the server that proposes it, so that applying the command never
 * reads a clock: {@code atMs} is the proposer's wall-clock time.
 *
 * @param actor who asked (a user name, or "anonymous" until authentication exists)
 * @param source where the request came from (a client address, or "leader" for controllers)
 */
public record CommandMeta(long atMs, String actor, String source) {}
