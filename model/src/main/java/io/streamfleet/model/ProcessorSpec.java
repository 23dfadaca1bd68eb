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
    String description) {

  public ProcessorSpec {
    command = command == null ? null : List.copyOf(command);
    env = Maps.sortedCopy(env);
  }

  public ProcessorSpec withVersion(long newVersion) {
    return new ProcessorSpec(name, newVersion, driver, builtin, command, env, workingDir, readiness, resources, description);
  }

  /** True when both describe the same processing, whatever their versions. */
  public boolean sameContentAs(ProcessorSpec other) {
    return withVersion(0).equals(other.withVersion(0));
  }
}
