package io.streamfleet.model.command;

import io.streamfleet.model.security.NodeCertificate;
import java.util.Objects;

/**
 * Records a node certificate before it is handed out. With a {@code tokenId} it spends one use
 * of that join token (rejected if the token is unusable at {@code meta.atMs}, is not an agent
 * token, or is bound to another node id); without one it is a renewal by a node that already
 * holds a valid certificate.
 */
public record IssueNodeCertificate(CommandMeta meta, NodeCertificate certificate) implements Command {
  public IssueNodeCertificate {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(certificate, "certificate");
  }

  @Override
  public String target() {
    return certificate.nodeId();
  }
}
