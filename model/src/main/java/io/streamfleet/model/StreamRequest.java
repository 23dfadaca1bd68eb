package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A stream as a client sends it ({@code POST /streams}, {@code PUT /streams/{id}}): every field
 * may be missing; {@link StreamSpecParser} checks it and fills in defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamRequest(
    String id,
    String url,
    String processor,
    String zone,
    ResourceRequest resources,
    Map<String, String> labels,
    Integer priority,
    String handover,
    String spreadGroup,
    Map<String, String> params,
    List<String> overlapZones,
    Map<String, String> nodeSelector) {

  /** A request without placement constraints beyond its zone. */
  public StreamRequest(String id, String url, String processor, String zone, ResourceRequest resources, Map<String, String> labels,
      Integer priority, String handover, String spreadGroup, Map<String, String> params) {
    this(id, url, processor, zone, resources, labels, priority, handover, spreadGroup, params, null, null);
  }

  /** Resource fields as sent; missing ones come from the processor's defaults. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResourceRequest(Integer cpuMillis, Integer memoryMb, Integer gpu, String accelerator) {}
}
