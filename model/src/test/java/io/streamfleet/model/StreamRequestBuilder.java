package io.streamfleet.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test data: a {@link StreamRequest} that passes validation unless a {@code with...} call breaks
 * it, so each test states only the field it is about.
 */
public final class StreamRequestBuilder {
  private String id = "cam-1";
  private String url = "synthetic://cam-1?fps=10";
  private String processor = "motion";
  private String zone;
  private StreamRequest.ResourceRequest resources;
  private Map<String, String> labels;
  private Integer priority;
  private String handover;
  private String spreadGroup;
  private Map<String, String> params;
  private java.util.List<String> overlapZones;
  private Map<String, String> nodeSelector;

  private StreamRequestBuilder() {}

  public static StreamRequestBuilder aStream() {
    return new StreamRequestBuilder();
  }

  public StreamRequestBuilder withId(String value) {
    this.id = value;
    return this;
  }

  public StreamRequestBuilder withUrl(String value) {
    this.url = value;
    return this;
  }

  public StreamRequestBuilder withProcessor(String value) {
    this.processor = value;
    return this;
  }

  public StreamRequestBuilder withZone(String value) {
    this.zone = value;
    return this;
  }

  public StreamRequestBuilder withResources(Integer cpuMillis, Integer memoryMb, Integer gpu, String accelerator) {
    this.resources = new StreamRequest.ResourceRequest(cpuMillis, memoryMb, gpu, accelerator);
    return this;
  }

  public StreamRequestBuilder withCpuMillis(int value) {
    return withResources(value, null, null, null);
  }

  public StreamRequestBuilder withOverlapZones(String... zones) {
    this.overlapZones = java.util.Arrays.asList(zones);
    return this;
  }

  public StreamRequestBuilder withNodeSelector(Map<String, String> value) {
    this.nodeSelector = value;
    return this;
  }

  public StreamRequestBuilder withLabels(Map<String, String> value) {
    this.labels = value;
    return this;
  }

  public StreamRequestBuilder withLabel(String key, String value) {
    if (labels == null) {
      labels = new LinkedHashMap<>();
    }
    labels.put(key, value);
    return this;
  }

  public StreamRequestBuilder withParams(Map<String, String> value) {
    this.params = value;
    return this;
  }

  /** Sets {@code labels} or {@code params}, for tests that hold for both maps. */
  public StreamRequestBuilder withMap(String field, Map<String, String> value) {
    return switch (field) {
      case "labels" -> withLabels(value);
      case "params" -> withParams(value);
      default -> throw new IllegalArgumentException("no map field " + field);
    };
  }

  public StreamRequestBuilder withPriority(Integer value) {
    this.priority = value;
    return this;
  }

  public StreamRequestBuilder withHandover(String value) {
    this.handover = value;
    return this;
  }

  public StreamRequestBuilder withSpreadGroup(String value) {
    this.spreadGroup = value;
    return this;
  }

  public StreamRequest build() {
    return new StreamRequest(id, url, processor, zone, resources, labels, priority, handover, spreadGroup, params, overlapZones,
        nodeSelector);
  }
}
