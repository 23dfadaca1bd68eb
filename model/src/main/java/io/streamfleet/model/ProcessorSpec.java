package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.SortedMap;

/**
 * A named, versioned definition of how to process a stream. The version is assigned by the
 * cluster and grows by one with every change of content.
 *
 * @param builtin the builtin processor's name when {@code driver} is builtin
 * @param command the argument template when {@code driver} is exec (see {@link CommandTemplate})
 * @param update how a change of this spec rolls out (null in specs written before rollouts: the default)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessorSpec(
    String name,
    long version,
    DriverKind driver,
    String builtin,
    List<String> command,
    SortedMap<String, String> env,
    String workingDir,
    Readiness readiness,
    Resources resources,
    String description,
    UpdatePolicy update) {

  public ProcessorSpec {
    command = command == null ? null : List.copyOf(command);
    env = Maps.sortedCopy(env);
  }

  public ProcessorSpec(String name, long version, DriverKind driver, String builtin, List<String> command, SortedMap<String, String> env,
      String workingDir, Readiness readiness, Resources resources, String description) {
    this(name, version, driver, builtin, command, env, workingDir, readiness, resources, description, null);
  }

  public ProcessorSpec withVersion(long newVersion) {
    return new ProcessorSpec(name, newVersion, driver, builtin, command, env, workingDir, readiness, resources, description, update);
  }

  /** True when both describe the same processing and rollout, whatever their versions. */
  public boolean sameContentAs(ProcessorSpec other) {
    return withVersion(0).equals(other.withVersion(0));
  }

  /** True when an instance of one runs exactly as an instance of the other: same processing, whatever the version, description or rollout policy. */
  public boolean sameProcessingAs(ProcessorSpec other) {
    return driver == other.driver && java.util.Objects.equals(builtin, other.builtin) && java.util.Objects.equals(command, other.command)
        && env.equals(other.env) && java.util.Objects.equals(workingDir, other.workingDir)
        && java.util.Objects.equals(readiness, other.readiness) && java.util.Objects.equals(resources, other.resources);
  }

  /** The rollout policy, the default when the spec has none. */
  public UpdatePolicy updatePolicy() {
    return update == null ? UpdatePolicy.DEFAULT : update;
  }
}
