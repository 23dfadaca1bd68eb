package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** A processor spec as a client sends it ({@code PUT /processors/{name}}); see {@link ProcessorSpecParser}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessorRequest(
    String name,
    String driver,
    String builtin,
    List<String> command,
    Map<String, String> env,
    String workingDir,
    Readiness readiness,
    StreamRequest.ResourceRequest resources,
    String description,
    UpdatePolicy.Request update) {

  public ProcessorRequest(String name, String driver, String builtin, List<String> command, Map<String, String> env, String workingDir,
      Readiness readiness, StreamRequest.ResourceRequest resources, String description) {
    this(name, driver, builtin, command, env, workingDir, readiness, resources, description, null);
  }
}
