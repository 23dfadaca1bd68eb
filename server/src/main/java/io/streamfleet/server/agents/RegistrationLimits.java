package io.streamfleet.server.agents;

import io.streamfleet.model.Ids;
import io.streamfleet.protocol.v1.Register;
import java.util.Map;

/**
 * What a registration may contain. An agent is trusted to describe its own machine, not to make
 * the state huge or nonsensical: a message outside these limits is refused whole and changes
 * nothing.
 */
final class RegistrationLimits {
  static final int MAX_LABELS = 64;
  static final int MAX_TEXT = 256;
  static final int MAX_PROGRAMS = 64;
  static final int MAX_PATH = 4096;

  private RegistrationLimits() {}

  /** Why {@code r} is refused, or null. */
  static String problem(Register r) {
    var c = r.getCapacity();
    if (c.getCpuMillis() < 0 || c.getMemoryMb() < 0 || c.getGpu() < 0) {
      return "capacity must not be negative (cpu_millis " + c.getCpuMillis() + ", memory_mb " + c.getMemoryMb() + ", gpu " + c.getGpu() + ")";
    }
    if (c.getAccelerator().length() > MAX_TEXT) {
      return "accelerator is longer than " + MAX_TEXT + " characters";
    }
    if (!r.getZone().isEmpty() && !Ids.isValid(r.getZone())) {
      return "zone is invalid; " + Ids.RULE;
    }
    if (r.getNodeClass().length() > MAX_TEXT || r.getAgentVersion().length() > MAX_TEXT || r.getRpcAddress().length() > MAX_TEXT) {
      return "node_class, agent_version and rpc_address must each be at most " + MAX_TEXT + " characters";
    }
    if (r.getLabelsCount() > MAX_LABELS) {
      return r.getLabelsCount() + " labels; at most " + MAX_LABELS;
    }
    for (Map.Entry<String, String> e : r.getLabelsMap().entrySet()) {
      if (e.getKey().isEmpty() || e.getKey().length() > MAX_TEXT || e.getValue().length() > MAX_TEXT) {
        return "label keys must be 1 to " + MAX_TEXT + " characters and values at most " + MAX_TEXT;
      }
    }
    if (r.getExecProgramsCount() > MAX_PROGRAMS || r.getExecProgramsList().stream().anyMatch(p -> p.isEmpty() || p.length() > MAX_PATH)) {
      return "exec_programs: at most " + MAX_PROGRAMS + " paths of 1 to " + MAX_PATH + " characters";
    }
    return null;
  }
}
