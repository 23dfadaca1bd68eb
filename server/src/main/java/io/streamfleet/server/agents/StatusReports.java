package io.streamfleet.server.agents;

import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.command.ReportStatuses;
import io.streamfleet.protocol.v1.ProcessorStatus;

/** Agent status messages as state-machine report items (shared with the failover simulation). */
public final class StatusReports {
  private StatusReports() {}

  /**
   * The report as an item of {@code assignment.statuses}, or null for a state the server does not
   * track. Reasons often quote a processor's stderr, which may name the camera URL: its password
   * is masked before it reaches the replicated state.
   */
  public static ReportStatuses.Item toItem(ProcessorStatus s) {
    AssignmentState state = switch (s.getState()) {
      case STARTING -> AssignmentState.STARTING;
      case RUNNING -> AssignmentState.RUNNING;
      case FAILED -> AssignmentState.FAILED;
      case DEGRADED -> AssignmentState.DEGRADED;
      case STOPPED -> AssignmentState.STOPPING;
      default -> null;
    };
    return state == null ? null
        : new ReportStatuses.Item(s.getStreamId(), s.getEpoch(), state, s.getReason().isEmpty() ? null : io.streamfleet.model.Redaction.text(s.getReason()), s.getRestarts());
  }
}
