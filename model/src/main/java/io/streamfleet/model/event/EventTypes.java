package io.streamfleet.model.event;

/** The values of {@link EventRecord#type()}. */
public final class EventTypes {
  /** A processor reported something (motion, a detection): {@code kind} says what. */
  public static final String PROCESSOR = "processor";
  /** A node changed state: {@code kind} is the new state (ready, suspect, down, removed). */
  public static final String NODE = "node";
  /** A stream was placed on a node that did not run it (a new or pending stream). */
  public static final String ASSIGNMENT = "assignment";
  /** A stream moved from {@code fromNode} to {@code node}, at a new epoch. */
  public static final String MIGRATION = "migration";
  /**
   * A planned move's hand-over marker: from this entry on, {@code node} at {@code epoch} is the
   * stream's instance. The payload names {@code from_epoch}, {@code purpose} and {@code frame}: the
   * first source frame the new instance owns. Frames before it belong to the old instance, whose late
   * events for them are still taken; both instances' events for the same frame are taken once.
   */
  public static final String HANDOVER = "handover";
  /** A running stream lost its node and waits for placement. */
  public static final String UNASSIGNED = "unassigned";
  /** A zone rule fired or its action ended: {@code kind} is fired|extended|ended. */
  public static final String RULE = "rule";
  /**
   * A job changed: {@code kind} is succeeded, failed, retrying, preempted, canceled or retried;
   * the payload names the job, its scenario, state and attempts (and, when it ended, exit code,
   * wall time and speed).
   */
  public static final String JOB = "job";
  /**
   * A stream's camera went away or came back while its instance kept running: {@code kind} is
   * degraded or recovered, {@code reason} says what was wrong.
   */
  public static final String STREAM = "stream";
  /**
   * A processor's rollout started or changed: {@code kind} is its new status (running, paused,
   * awaiting_promotion, succeeded, reverted, superseded), {@code reason} says why; the payload
   * names {@code processor}, {@code version} and {@code from_version}.
   */
  public static final String ROLLOUT = "rollout";

  private EventTypes() {}
}
