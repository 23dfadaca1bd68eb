package io.streamfleet.model;

import java.util.List;
import java.util.Map;

/**
 * Test data: a {@link ProcessorRequest}. {@link #aBuiltinProcessor()} and {@link
 * #anExecProcessor()} start from requests that pass validation.
 */
public final class ProcessorRequestBuilder {
  private String name;
  private String driver;
  private String builtin;
  private List<String> command;
  private Map<String, String> env;
  private String workingDir;
  private Readiness readiness;
  private StreamRequest.ResourceRequest resources;
  private String description;

  private ProcessorRequestBuilder() {}

  public static ProcessorRequestBuilder aBuiltinProcessor() {
    ProcessorRequestBuilder b = new ProcessorRequestBuilder();
    b.driver = "builtin";
    b.builtin = BuiltinProcessors.MOTION;
    return b;
  }

  public static ProcessorRequestBuilder anExecProcessor() {
    ProcessorRequestBuilder b = new ProcessorRequestBuilder();
    b.driver = "exec";
    b.command = List.of("ffmpeg", "-i", "{stream.url}", "-f", "null", "-");
    return b;
  }

  public ProcessorRequestBuilder withName(String value) {
    this.name = value;
    return this;
  }

  public ProcessorRequestBuilder withDriver(String value) {
    this.driver = value;
    return this;
  }

  public ProcessorRequestBuilder withBuiltin(String value) {
    this.builtin = value;
    return this;
  }

  /** The command as given; may contain nulls (hence not {@code List.of}). */
  public ProcessorRequestBuilder withCommand(List<String> value) {
    this.command = value;
    return this;
  }

  public ProcessorRequestBuilder withCommand(String... args) {
    return withCommand(java.util.Arrays.asList(args));
  }

  public ProcessorRequestBuilder withEnv(Map<String, String> value) {
    this.env = value;
    return this;
  }

  public ProcessorRequestBuilder withWorkingDir(String value) {
    this.workingDir = value;
    return this;
  }

  public ProcessorRequestBuilder withReadiness(String kind, String pattern, Long delayMs) {
    this.readiness = new Readiness(kind, pattern, delayMs);
    return this;
  }

  public ProcessorRequestBuilder withResources(Integer cpuMillis, Integer memoryMb, Integer gpu, String accelerator) {
    this.resources = new StreamRequest.ResourceRequest(cpuMillis, memoryMb, gpu, accelerator);
    return this;
  }

  public ProcessorRequestBuilder withDescription(String value) {
    this.description = value;
    return this;
  }

  public ProcessorRequest build() {
    return new ProcessorRequest(name, driver, builtin, command, env, workingDir, readiness, resources, description);
  }
}
