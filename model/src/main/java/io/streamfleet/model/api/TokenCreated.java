package io.streamfleet.model.api;

/** The answer to creating a token: the only time its secret text is shown. */
public record TokenCreated(TokenView token, String secret) {}
