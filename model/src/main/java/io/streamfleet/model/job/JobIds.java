package io.streamfleet.model.job;

import java.util.regex.Pattern;

/**
 * Job ids, and how a job's attempt appears among a node's processor instances: as instance
 * {@code job:ID} (a colon never occurs in stream ids, so the two cannot collide).
 */
public final class JobIds {
  /** Letters, digits, '-', '_', '.': a UUID (the seed's ids) or a name. */
  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-_.]{0,127}");
  public static final String RULE = "1 to 128 characters: letters, digits, '-', '_' or '.', starting with a letter or digit";
  private static final String PREFIX = "job:";

  private JobIds() {}

  public static boolean isValid(String id) {
    return id != null && PATTERN.matcher(id).matches();
  }

  public static String instanceId(String jobId) {
    return PREFIX + jobId;
  }

  /** The job of processor instance {@code instanceId}, or null when it is a stream's. */
  public static String jobOf(String instanceId) {
    return instanceId != null && instanceId.startsWith(PREFIX) ? instanceId.substring(PREFIX.length()) : null;
  }

  public static boolean isJob(String instanceId) {
    return instanceId != null && instanceId.startsWith(PREFIX);
  }
}
