package io.streamfleet.model;

import java.util.regex.Pattern;

/** The one identifier rule shared by streams, nodes, processors, zones and spread groups. */
public final class Ids {
  /** Lower-case letters and digits first, then up to 62 of letters, digits, '-', '_' or '.'. */
  public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9\\-_.]{0,62}");

  public static final String RULE =
      "1 to 63 characters: lower-case letters, digits, '-', '_' or '.', starting with a letter or digit";

  private Ids() {}

  public static boolean isValid(String id) {
    return id != null && PATTERN.matcher(id).matches();
  }
}
