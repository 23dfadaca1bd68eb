package io.streamfleet.agent.metrics;

import io.streamfleet.agent.hardware.GpuUsage;
import io.streamfleet.protocol.v1.ProcessorUsage;
import java.util.List;
import java.util.Locale;

/**
 * The agent's metrics in Prometheus' text format: this process, its node (CPU, memory, disk, GPUs),
 * its event outbox, and each processor instance it runs. Read from a {@link Source} when scraped.
 * Instance series carry {@code stream} (one per stream this node runs; a stream being handed over
 * shows twice for a moment, with {@code stopping="true"} on the old one).
 */
public final class AgentMetrics {
  /** What is measured, read at each scrape. */
  public interface Source {
    String nodeId();

    String version();

    /** This process's CPU time so far, in seconds. */
    double processCpuSeconds();

    long processResidentBytes();

    /** The node's CPU and memory use, 0 to 1. */
    double[] nodeCpuAndMemoryRatio();

    /** Free and total bytes of the file system holding the data directory. */
    long[] dataDiskFreeAndTotalBytes();

    int gpus();

    /** How busy each GPU is now (none when the node has none, or its driver does not say). */
    default List<GpuUsage> gpuUsage() {
      return List.of();
    }

    long outboxPending();

    long outboxDropped();

    /** Whether the agent holds a registered session with the leader now. */
    boolean connected();

    List<ProcessorUsage> instances();
  }

  private final Source source;

  public AgentMetrics(Source source) {
    this.source = source;
  }

  public String scrape() {
    StringBuilder out = new StringBuilder(4096);
    String node = label(source.nodeId());
    gauge(out, "streamfleet_agent_info", "The agent's node id and version (always 1)",
        "{node=\"" + node + "\",version=\"" + label(source.version()) + "\"}", 1);
    gauge(out, "streamfleet_agent_connected", "1 while the agent holds a registered session with the leader", "", source.connected() ? 1 : 0);
    counter(out, "streamfleet_agent_process_cpu_seconds_total", "CPU time of the agent's JVM", "", source.processCpuSeconds());
    gauge(out, "streamfleet_agent_process_resident_memory_bytes", "Resident memory of the agent's JVM", "", source.processResidentBytes());
    double[] cm = source.nodeCpuAndMemoryRatio();
    gauge(out, "streamfleet_agent_node_cpu_ratio", "The node's CPU use, 0 to 1", "", cm[0]);
    gauge(out, "streamfleet_agent_node_memory_ratio", "The node's memory use, 0 to 1", "", cm[1]);
    long[] disk = source.dataDiskFreeAndTotalBytes();
    gauge(out, "streamfleet_agent_data_disk_free_bytes", "Free bytes on the file system of the agent's data directory", "", disk[0]);
    gauge(out, "streamfleet_agent_data_disk_size_bytes", "Size of the file system of the agent's data directory", "", disk[1]);
    gauge(out, "streamfleet_agent_gpus", "GPUs detected on the node", "", source.gpus());
    List<GpuUsage> gpuUsage = source.gpuUsage();
    gpuMetric(out, gpuUsage, "streamfleet_agent_gpu_utilization_ratio", "Share of the last sample period the GPU was busy, 0 to 1",
        GpuUsage::utilizationRatio);
    gpuMetric(out, gpuUsage, "streamfleet_agent_gpu_memory_used_bytes", "Video memory in use", u -> u.memoryUsedBytes());
    gpuMetric(out, gpuUsage, "streamfleet_agent_gpu_memory_total_bytes", "Video memory in all", u -> u.memoryTotalBytes());
    gauge(out, "streamfleet_agent_outbox_pending_events", "Events in the outbox not yet acknowledged by every sink", "", source.outboxPending());
    counter(out, "streamfleet_agent_outbox_dropped_events_total", "Events dropped from the full outbox since the agent started", "",
        source.outboxDropped());
    List<ProcessorUsage> instances = source.instances();
    gauge(out, "streamfleet_agent_instances", "Processor instances alive on this node (stopping ones included)", "", instances.size());
    instanceMetric(out, instances, "streamfleet_agent_instance_fps", "gauge", "Frames per second the instance processes", ProcessorUsage::getFps);
    instanceMetric(out, instances, "streamfleet_agent_instance_frame_latency_p99_seconds", "gauge",
        "99th percentile frame latency, decode to analysis end, over the last 2 s", u -> u.getLatencyMsP99() / 1000);
    instanceMetric(out, instances, "streamfleet_agent_instance_frames_processed_total", "counter", "Frames the instance has processed",
        u -> u.getFramesProcessed());
    instanceMetric(out, instances, "streamfleet_agent_instance_frames_dropped_total", "counter",
        "Frames the instance skipped because its analysis fell behind", u -> u.getFramesDropped());
    instanceMetric(out, instances, "streamfleet_agent_instance_cpu_ratio", "gauge", "CPU of the instance's process tree, in cores",
        u -> u.getCpuPercent() / 100);
    instanceMetric(out, instances, "streamfleet_agent_instance_memory_bytes", "gauge", "Resident memory of the instance's process tree",
        u -> u.getRssBytes());
    return out.toString();
  }

  private interface Value {
    double of(ProcessorUsage u);
  }

  private static void instanceMetric(StringBuilder out, List<ProcessorUsage> instances, String name, String type, String help, Value value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    for (ProcessorUsage u : instances) {
      out.append(name).append("{stream=\"").append(label(u.getStreamId())).append("\",epoch=\"").append(u.getEpoch()).append('"')
          .append(u.getStopping() ? ",stopping=\"true\"" : "").append("} ").append(number(value.of(u))).append('\n');
    }
  }

  /** One gauge per GPU, labelled {@code gpu} and {@code name}; a GPU whose driver does not say (NaN, -1) is left out. */
  private static void gpuMetric(StringBuilder out, List<GpuUsage> gpus, String name, String help,
      java.util.function.ToDoubleFunction<GpuUsage> value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(" gauge\n");
    for (GpuUsage g : gpus) {
      double v = value.applyAsDouble(g);
      if (!Double.isNaN(v) && v >= 0) {
        out.append(name).append("{gpu=\"").append(label(g.gpu())).append("\",name=\"").append(label(g.name())).append("\"} ")
            .append(number(v)).append('\n');
      }
    }
  }

  private static void gauge(StringBuilder out, String name, String help, String labels, double value) {
    sample(out, name, "gauge", help, labels, value);
  }

  private static void counter(StringBuilder out, String name, String help, String labels, double value) {
    sample(out, name, "counter", help, labels, value);
  }

  private static void sample(StringBuilder out, String name, String type, String help, String labels, double value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(' ').append(type)
        .append('\n').append(name).append(labels).append(' ').append(number(value)).append('\n');
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
  }

  /** A label value as the text format wants it: backslash, quote and newline escaped. */
  static String label(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
