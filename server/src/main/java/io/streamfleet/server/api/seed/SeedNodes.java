package io.streamfleet.server.api.seed;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.ExecPolicy;
import io.streamfleet.model.FieldError;
import io.streamfleet.model.Ids;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpecParser;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.server.api.ApiException;
import io.streamfleet.server.state.ClusterState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The seed's nodes: a registration as a {@link RegisterNode} of kind {@code http}, and a node as
 * the seed shows it. The seed keeps hardware facts Streamfleet's node record has no field for
 * (address, CPU model, GPU type); they ride along as labels under {@link #FACT_PREFIX}, so every
 * server shows the same node and operators can select on them.
 */
public final class SeedNodes {
  /** Label key prefix of the seed's hardware facts; hidden from the seed's {@code labels}. */
  public static final String FACT_PREFIX = "farm/";
  static final int MAX_ADDRESS = 256;
  static final int MAX_LABELS = 64;
  static final long MIB = 1024L * 1024;

  private SeedNodes() {}

  /** The seed's {@code POST /nodes/register} body ({@code ram_total_bytes} is newer agents' name for {@code ram_bytes}). */
  public record Registration(String address, String type, Integer cpuThreads, String cpuModel, Boolean hasGpu, String gpuType,
      Long ramBytes, Long ramTotalBytes, Map<String, String> labels, List<String> gpuCapabilities) {}

  /** A node as the seed shows it (both RAM names, for old and new agents), plus Streamfleet's {@code kind} and {@code state}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SeedNode(String id, String address, String type, int cpuThreads, String cpuModel, boolean hasGpu, String gpuType,
      List<String> gpuCapabilities, long ramBytes, long ramTotalBytes, Map<String, String> labels, String status,
      String registeredAt, String lastHeartbeat, String currentJobId, String kind, String state) {}

  /** {@code GET /nodes}: the seed's list shape. */
  public record NodeList(List<SeedNode> nodes, int count) {}

  /**
   * A stable node id for a worker address: the address itself when it is a valid id once
   * lower-cased (host names are case-insensitive), otherwise a cleaned-up form with a short hash
   * of the address, so that two addresses never share a node.
   */
  public static String nodeId(String address) {
    String lower = address.trim().toLowerCase(Locale.ROOT);
    if (Ids.isValid(lower)) {
      return lower;
    }
    String cleaned = lower.replaceFirst("^[a-z][a-z0-9+.-]*://", "").replaceAll("[^a-z0-9\\-_.]+", "-").replaceFirst("^[^a-z0-9]+", "");
    if (cleaned.length() > 54) {
      cleaned = cleaned.substring(0, 54);
    }
    cleaned = cleaned.replaceFirst("[-_.]+$", "");
    String hash = hash(address);
    return cleaned.isEmpty() ? "worker-" + hash : cleaned + "-" + hash;
  }

  /** The registration as a command, or a 400 naming every bad field. */
  public static RegisterNode command(CommandMeta meta, Registration r, NodeRecord existing) {
    List<FieldError> errors = new ArrayList<>();
    String address = r.address() == null ? "" : r.address().trim();
    if (address.isEmpty()) {
      errors.add(new FieldError("address", "is required: the worker's host name or address, e.g. \"worker-01\""));
    } else if (address.length() > MAX_ADDRESS) {
      errors.add(new FieldError("address", "is " + address.length() + " characters long; the limit is " + MAX_ADDRESS));
    }
    String type = r.type() == null || r.type().isBlank() ? null : r.type().trim().toLowerCase(Locale.ROOT);
    if (type != null && !Ids.isValid(type)) {
      errors.add(new FieldError("type", "'" + r.type() + "' is invalid; use server, desktop or laptop (" + Ids.RULE + ")"));
    }
    if (r.cpuThreads() == null || r.cpuThreads() < 1) {
      errors.add(new FieldError("cpu_threads", (r.cpuThreads() == null ? "is required" : r.cpuThreads() + " is out of range")
          + ": the worker's hardware threads, at least 1 (e.g. the output of nproc)"));
    }
    Long ram = r.ramBytes() != null ? r.ramBytes() : r.ramTotalBytes();
    if (ram == null || ram < MIB) {
      errors.add(new FieldError("ram_bytes", (ram == null ? "is required" : ram + " is out of range")
          + ": the worker's memory in bytes, at least 1 MiB (ram_total_bytes is accepted too)"));
    }
    if (!errors.isEmpty()) {
      throw new ApiException(400, "invalid", errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")), errors);
    }
    int cpu = (int) Math.min((long) r.cpuThreads() * 1000, Resources.MAX_CPU_MILLIS);
    int memory = (int) Math.min(ram / MIB, Resources.MAX_MEMORY_MB);
    Resources capacity = new Resources(cpu, memory, Boolean.TRUE.equals(r.hasGpu()) ? 1 : 0, null);
    // A later incarnation than the stored one even if this server's clock is behind the last registrar's.
    long incarnation = existing == null ? meta.atMs() : Math.max(meta.atMs(), existing.incarnation() + 1);
    return new RegisterNode(meta, nodeId(address), incarnation, null, labels(r, address, type, ram), type, capacity, null,
        ExecPolicy.DENIED, NodeRecord.HTTP);
  }

  /** The seed's labels that fit the label rule (the rest are dropped), {@code node_type}, and the hardware facts. */
  static SortedMap<String, String> labels(Registration r, String address, String type, long ram) {
    TreeMap<String, String> facts = new TreeMap<>();
    facts.put(FACT_PREFIX + "address", address);
    facts.put(FACT_PREFIX + "ram_bytes", Long.toString(ram));
    putFact(facts, "cpu_model", r.cpuModel());
    putFact(facts, "gpu_type", r.gpuType());
    if (r.gpuCapabilities() != null && !r.gpuCapabilities().isEmpty()) {
      putFact(facts, "gpu_capabilities", r.gpuCapabilities().stream().filter(c -> c != null && !c.isBlank())
          .map(String::trim).collect(Collectors.joining(",")));
    }
    TreeMap<String, String> out = new TreeMap<>();
    if (type != null) {
      out.put("node_type", type);
    }
    if (r.labels() != null) {
      new TreeMap<>(r.labels()).forEach((k, v) -> {
        if (k != null && v != null && StreamSpecParser.KEY.matcher(k).matches() && !k.startsWith(FACT_PREFIX) && v.length() <= 256
            && out.size() < MAX_LABELS - facts.size()) {
          out.put(k, v);
        }
      });
    }
    out.putAll(facts);
    return out;
  }

  private static void putFact(TreeMap<String, String> facts, String name, String value) {
    if (value != null && !value.isBlank()) {
      String v = value.trim();
      facts.put(FACT_PREFIX + name, v.length() > 256 ? v.substring(0, 256) : v);
    }
  }

  /** The node as the seed shows it; agents too (their type is their node class). */
  public static SeedNode view(ClusterState s, NodeRecord n) {
    Map<String, String> labels = n.labels();
    TreeMap<String, String> own = new TreeMap<>();
    labels.forEach((k, v) -> {
      if (!k.startsWith(FACT_PREFIX)) {
        own.put(k, v);
      }
    });
    long ram = parseLong(labels.get(FACT_PREFIX + "ram_bytes"), n.capacity().memoryMb() * MIB);
    String caps = labels.get(FACT_PREFIX + "gpu_capabilities");
    List<JobRecord> active = s.jobsOn(n.id());
    NodeState state = n.effectiveState();
    String status = state == NodeState.DOWN || state == NodeState.DRAINED ? "offline" : active.isEmpty() ? "available" : "busy";
    Long seen = n.isHttpWorker() ? s.httpWorkerSeenMs(n.id()) : null;
    return new SeedNode(n.id(), labels.getOrDefault(FACT_PREFIX + "address", n.id()), n.nodeClass(), n.capacity().cpuMillis() / 1000,
        labels.get(FACT_PREFIX + "cpu_model"), n.capacity().gpu() > 0, labels.get(FACT_PREFIX + "gpu_type"),
        caps == null ? null : Arrays.asList(caps.split(",")), ram, ram, own, status, time(n.registeredMs()),
        seen == null ? null : time(seen), active.isEmpty() ? null : active.get(0).id(), n.isHttpWorker() ? NodeRecord.HTTP : "agent",
        state.wireName());
  }

  /** RFC 3339 in UTC, as Go's {@code time.Time} reads it; null for 0 (never). */
  static String time(long ms) {
    return ms <= 0 ? null : Instant.ofEpochMilli(ms).toString();
  }

  private static long parseLong(String value, long fallback) {
    try {
      return value == null ? fallback : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
