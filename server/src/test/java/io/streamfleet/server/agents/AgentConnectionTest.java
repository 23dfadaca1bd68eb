package io.streamfleet.server.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import io.streamfleet.model.NodeState;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.Heartbeat;
import io.streamfleet.protocol.v1.Register;
import io.streamfleet.protocol.v1.Resources;
import io.streamfleet.protocol.v1.ServerMessage;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.testing.ManualClock;
import io.streamfleet.server.failover.ManualTimers;
import io.streamfleet.server.leader.Leader;
import io.streamfleet.server.leader.LeaderPorts;
import io.streamfleet.server.placement.RebalancePolicy;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC edge over the real leader, with manual ports: every step runs inline. */
class AgentConnectionTest {
  private final ManualClock clock = new ManualClock(1_000_000);
  private final StateStore store = new StateStore();
  private final AtomicLong index = new AtomicLong();
  private final WritePort writes = c -> store.apply(c, index.incrementAndGet());
  private final AgentRegistry registry = new AgentRegistry();
  private Leader leader;
  private AgentServices services;

  @BeforeEach
  void leadingServer() {
    leader = Leader.create(store, DetectorSettings.DEFAULTS, new RebalancePolicy(0.25, 0, 15_000),
        new LeaderPorts(clock, clock, name -> Runnable::run, name -> new ManualTimers(clock), writes, registry, () -> true));
    leader.leadershipGained();
    services = new AgentServices("s1", clock, writes, leader, registry, store, new LongAdder(), () -> true, () -> true, () -> "s1",
        () -> "127.0.0.1:7070", 250, 1500);
  }

  @Test
  void aRejectedRegistrationLeavesTheNodesRealSessionWatched() {
    Session current = connect("n1", 20);
    assertThat(leader.detector().verdict("n1", 20)).isEqualTo(NodeState.READY);

    Session stale = connect("n1", 10); // an older agent process of the same node

    assertThat(stale.received).anyMatch(m -> m.hasRefused() && m.getRefused().getReason().contains("newer agent (incarnation 20 > 10)"));
    assertThat(leader.detector().verdict("n1", 20)).as("the real session is still watched").isEqualTo(NodeState.READY);
    current.connection.onNext(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSentAtMonoMs(5)).build());
    assertThat(current.received).as("and its heartbeats still renew its lease").anyMatch(ServerMessage::hasHeartbeatAck);
  }

  @Test
  void eventsOfAnInstanceThatIsNotTheStreamsCurrentOneAreDropped() {
    Session agent = connect("n1", 20);
    agent.connection.onNext(AgentMessage.newBuilder().setEvent(io.streamfleet.protocol.v1.ProcessorEvent.newBuilder()
        .setStreamId("cam-1").setEpoch(3).setSequence(1).setKind("motion")).build());
    assertThat(services.staleEvents().sum()).as("no such stream at that epoch on n1: a zombie's event").isEqualTo(1);
  }

  @Test
  void hostileRegistrationsAreRefusedWholeAndChangeNothing() {
    List<Register.Builder> hostile = List.of(
        register("n1", 1).setCapacity(Resources.newBuilder().setCpuMillis(-1).setMemoryMb(4096)),
        register("n1", 1).setCapacity(Resources.newBuilder().setCpuMillis(1000).setMemoryMb(Integer.MIN_VALUE)),
        register("n1", 1).setZone("Not A Zone!"),
        register("n1", 1).setNodeClass("x".repeat(100_000)),
        register("n1", 1).putLabels("k", "v".repeat(1000)),
        register("n1", 1).addExecPrograms(""),
        register("../etc", 1),
        register("x".repeat(10_000), 1));
    for (Register.Builder r : hostile) {
      Session s = new Session();
      s.connection = new AgentConnection(s, services, Runnable::run);
      s.connection.onNext(AgentMessage.newBuilder().setRegister(r).build());
      assertThat(s.received).as(r.toString().substring(0, Math.min(200, r.toString().length())))
          .anyMatch(m -> m.hasRefused() && !m.getRefused().getReason().contains("x".repeat(300)));
    }
    int nodes = store.read(st -> st.nodes().size());
    assertThat(nodes).isZero();
    assertThat(index.get()).as("not one command was written").isZero();
  }

  @Test
  void aNodeCertificateRegistersOnlyItsOwnNodeAndOnlyWhileListed() {
    Session s = new Session();
    NodeAuthentication alphaCert = NodeAuthentication.byCertificate(new PeerCertificate("alpha", "0a"), store);
    s.connection = new AgentConnection(s, services, Runnable::run, alphaCert);
    s.connection.onNext(AgentMessage.newBuilder().setRegister(register("beta", 1)).build());
    assertThat(s.received).anyMatch(m -> m.hasRefused() && m.getRefused().getReason().contains("belongs to node 'alpha'; it cannot register as 'beta'"));

    Session unlisted = new Session();
    unlisted.connection = new AgentConnection(unlisted, services, Runnable::run, alphaCert);
    unlisted.connection.onNext(AgentMessage.newBuilder().setRegister(register("alpha", 1)).build());
    assertThat(unlisted.received).anyMatch(m -> m.hasRefused() && m.getRefused().getReason().contains("no longer counts"));

    Session none = new Session();
    none.connection = new AgentConnection(none, services, Runnable::run, NodeAuthentication.byCertificate(null, store));
    none.connection.onNext(AgentMessage.newBuilder().setRegister(register("alpha", 1)).build());
    assertThat(none.received).anyMatch(m -> m.hasRefused() && m.getRefused().getReason().contains("presented no node certificate"));
    int nodes = store.read(st -> st.nodes().size());
    assertThat(nodes).isZero();
  }

  private static Register.Builder register(String node, long incarnation) {
    return Register.newBuilder().setNodeId(node).setIncarnation(incarnation)
        .setCapacity(Resources.newBuilder().setCpuMillis(4000).setMemoryMb(4096)).setNodeClass("server");
  }

  private Session connect(String node, long incarnation) {
    Session s = new Session();
    s.connection = new AgentConnection(s, services, Runnable::run);
    s.connection.onNext(AgentMessage.newBuilder().setRegister(Register.newBuilder().setNodeId(node).setIncarnation(incarnation)
        .setCapacity(Resources.newBuilder().setCpuMillis(4000).setMemoryMb(4096)).setNodeClass("server")).build());
    return s;
  }

  /** What the server sent one agent. */
  private static final class Session implements StreamObserver<ServerMessage> {
    final List<ServerMessage> received = new ArrayList<>();
    AgentConnection connection;

    @Override
    public void onNext(ServerMessage m) {
      received.add(m);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
