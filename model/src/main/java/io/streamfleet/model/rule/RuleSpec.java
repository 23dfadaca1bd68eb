package io.streamfleet.model.rule;

/**
 * A zone consensus rule (the wildfire seed's "require detections from multiple nodes"): when at
 * least {@code minCameras} distinct cameras on at least {@code minNodes} distinct nodes report
 * {@code eventKind} with confidence of at least {@code minConfidence} within {@code windowMs}, in
 * zone {@code zone} (cameras whose overlap zones include it count) or spread group
 * {@code spreadGroup}, the leader fires the action: it publishes {@code actionPayload} to
 * {@code actionTopic}, and {@code stopPayload} when the action ends — after {@code maxActionMs}
 * unless detections re-confirm it. No second firing within {@code cooldownMs} of the last one.
 *
 * <p>A rule fires only while its zone has a quorum of live nodes: at least
 * max({@code quorumMinNodes}, floor(total × {@code quorumFraction})), the seed's max(2, 51 %).
 *
 * @param id the rule's id
 * @param zone the zone whose cameras vote, or null when {@code spreadGroup} is set
 * @param spreadGroup the spread group whose cameras vote, or null when {@code zone} is set
 * @param actionPayload the message that starts the action (e.g. {@code ON}; the firing's JSON when null)
 * @param stopPayload the message that ends it, or null for none
 */
public record RuleSpec(
    String id,
    String zone,
    String spreadGroup,
    String eventKind,
    double minConfidence,
    int minCameras,
    int minNodes,
    long windowMs,
    int quorumMinNodes,
    double quorumFraction,
    String actionTopic,
    String actionPayload,
    String stopPayload,
    long cooldownMs,
    long maxActionMs) {

  /** What the rule's quorum requires of a zone with {@code total} nodes. */
  public int quorumOf(int total) {
    return Math.max(quorumMinNodes, (int) Math.floor(total * quorumFraction));
  }
}
