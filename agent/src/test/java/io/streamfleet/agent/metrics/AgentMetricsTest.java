package io.streamfleet.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.agent.hardware.GpuUsage;
import io.streamfleet.protocol.v1.ProcessorUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {
  private static final class Fixed implements AgentMetrics.Source {
    List<ProcessorUsage> instances = List.of();
    List<GpuUsage> gpuUsage = List.of();

    @Override
    public List<GpuUsage> gpuUsage() {
      return gpuUsage;
    }

    public String nodeId() {
      return "edge-\"1\"";
    }

    public String version() {
      return "0.1.0";
    }

    public double processCpuSeconds() {
      return 12.5;
    }

    public long processResidentBytes() {
      return 150_000_000;
    }

    public double[] nodeCpuAndMemoryRatio() {
      return new double[] {0.25, 0.5};
    }

    public long[] dataDiskFreeAndTotalBytes() {
      return new long[] {10, 100};
    }

    public int gpus() {
      return 1;
    }

    public long outboxPending() {
      return 7;
    }

    public long outboxDropped() {
      return 0;
    }

    public boolean connected() {
      return true;
    }

    public List<ProcessorUsage> instances() {
      return instances;
    }
  }

  @Test
  void writesPrometheusTextWithBaseUnitsOneSeriesPerInstanceAndEscapedLabels() {
    Fixed source = new Fixed();
    source.instances = List.of(
        ProcessorUsage.newBuilder().setStreamId("cam-1").setEpoch(3).setFps(29.5).setLatencyMsP99(40).setFramesProcessed(1000)
            .setFramesDropped(2).setCpuPercent(50).setRssBytes(1024).build(),
        ProcessorUsage.newBuilder().setStreamId("cam-1").setEpoch(2).setStopping(true).build());

    String text = new AgentMetrics(source).scrape();

    assertThat(text).contains("streamfleet_agent_info{node=\"edge-\\\"1\\\"\",version=\"0.1.0\"} 1\n")
        .contains("# TYPE streamfleet_agent_process_cpu_seconds_total counter\nstreamfleet_agent_process_cpu_seconds_total 12.5000\n")
        .contains("streamfleet_agent_connected 1\n")
        .contains("streamfleet_agent_node_memory_ratio 0.500000\n")
        .contains("streamfleet_agent_outbox_pending_events 7\n")
        .contains("streamfleet_agent_instances 2\n")
        .contains("streamfleet_agent_instance_fps{stream=\"cam-1\",epoch=\"3\"} 29.5000\n")
        .contains("streamfleet_agent_instance_fps{stream=\"cam-1\",epoch=\"2\",stopping=\"true\"} 0\n")
        .contains("streamfleet_agent_instance_frame_latency_p99_seconds{stream=\"cam-1\",epoch=\"3\"} 0.0400000\n")
        .contains("streamfleet_agent_instance_frames_processed_total{stream=\"cam-1\",epoch=\"3\"} 1000\n")
        .contains("streamfleet_agent_instance_cpu_ratio{stream=\"cam-1\",epoch=\"3\"} 0.500000\n");
    assertLinesAreWellFormed(text);
  }

  @Test
  void eachGpuHasItsUtilizationAndMemoryAndAValueTheDriverDoesNotGiveIsLeftOut() {
    Fixed source = new Fixed();
    source.gpuUsage = List.of(new GpuUsage("0", "Tesla T4", 0.37, 1L << 30, 16L << 30),
        new GpuUsage("renderD128", "i915", Double.NaN, -1, -1));

    String text = new AgentMetrics(source).scrape();

    assertThat(text).contains("streamfleet_agent_gpu_utilization_ratio{gpu=\"0\",name=\"Tesla T4\"} 0.370000\n")
        .contains("streamfleet_agent_gpu_memory_used_bytes{gpu=\"0\",name=\"Tesla T4\"} 1073741824\n")
        .contains("streamfleet_agent_gpu_memory_total_bytes{gpu=\"0\",name=\"Tesla T4\"} 17179869184\n")
        .doesNotContain("renderD128");
    assertLinesAreWellFormed(text);
  }

  private static void assertLinesAreWellFormed(String text) {
    for (String line : text.split("\n")) {
      assertThat(line).as("every line a comment or a sample").matches("# (HELP|TYPE) .*|streamfleet_[a-z0-9_]+(\\{.*\\})? -?[0-9.e+-]+");
    }
  }
}
