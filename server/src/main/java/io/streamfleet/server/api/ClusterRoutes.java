package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.api.ClusterView;
import io.streamfleet.model.api.HealthView;
import io.streamfleet.model.api.NodeView;
import io.streamfleet.server.raft.AppliedIndex;
import io.streamfleet.server.raft.RaftNode;
import io.streamfleet.server.state.StateStore;
import java.io.IOException;
import java.util.List;
import org.apache.ratis.server.DivisionInfo;

/** Health, cluster membership, nodes and the audit trail. */
final class ClusterRoutes {
  private final StateStore store;
  private final RaftNode raft;
  private final AppliedIndex applied;
  private final String clusterName;
  private final Views views;

  ClusterRoutes(StateStore store, RaftNode raft, AppliedIndex applied, String clusterName, Views views) {
    this.store = store;
    this.raft = raft;
    this.applied = applied;
    this.clusterName = clusterName;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/health", this::health, Access.PUBLIC);
    routes.get("/api/v1/cluster", this::cluster, Access.VIEWER);
    routes.get("/api/v1/nodes", this::nodes, Access.VIEWER);
    routes.get("/api/v1/nodes/{id}", this::node, Access.VIEWER);
    routes.get("/api/v1/audit", this::audit, Access.VIEWER);
  }

  private void health(Context ctx) {
    DivisionInfo info = info();
    String leader = info.getLeaderId() == null ? null : info.getLeaderId().toString();
    String role = info.getCurrentRole().name().toLowerCase(java.util.Locale.ROOT);
    String self = raft.selfId().toString();
    if (!info.isAlive()) {
      ctx.status(503).json(new HealthView("unavailable", self, role, leader, applied.get(), "the Raft server is not running"));
    } else if (leader == null) {
      ctx.status(503).json(new HealthView("unavailable", self, role, null, applied.get(), "no leader elected; writes wait until a majority of servers is up"));
    } else {
      ctx.json(new HealthView("ok", self, role, leader, applied.get(), null));
    }
  }

  private void cluster(Context ctx) {
    DivisionInfo info = info();
    String self = raft.selfId().toString();
    String role = info.getCurrentRole().name().toLowerCase(java.util.Locale.ROOT);
    List<ClusterView.ServerView> servers = raft.group().getPeers().stream()
        .map(p -> new ClusterView.ServerView(p.getId().toString(), p.getAddress(),
            p.getId().toString().equals(self) ? role : null))
        .toList();
    long commit;
    try {
      commit = raft.commitIndex();
    } catch (IOException e) {
      commit = -1;
    }
    ClusterView.Counts counts = store.read(s -> new ClusterView.Counts(
        s.nodes().size(),
        (int) s.nodes().stream().filter(n -> n.effectiveState() == NodeState.READY).count(),
        s.streams().size(),
        (int) s.countStreams(AssignmentState.RUNNING),
        (int) s.countStreams(AssignmentState.PENDING),
        s.processors().size()));
    ctx.json(new ClusterView(clusterName, self, servers,
        info.getLeaderId() == null ? null : info.getLeaderId().toString(),
        info.getCurrentTerm(), commit, applied.get(), counts));
  }

  private void nodes(Context ctx) {
    List<NodeView> all = store.read(s -> s.nodes().stream().map(n -> views.node(s, n)).toList());
    ctx.json(all);
  }

  private void node(Context ctx) {
    String id = ctx.pathParam("id");
    NodeView view = store.read(s -> {
      NodeRecord n = s.node(id);
      return n == null ? null : views.node(s, n);
    });
    if (view == null) {
      throw ApiException.notFound("node", id);
    }
    ctx.json(view);
  }

  private void audit(Context ctx) {
    int limit = 100;
    String q = ctx.queryParam("limit");
    if (q != null) {
      try {
        limit = Integer.parseInt(q);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 10_000) {
        throw new ApiException(400, "invalid", "query parameter limit=" + q + " must be a whole number from 1 to 10000");
      }
    }
    int n = limit;
    ctx.json(store.read(s -> s.audit(n)));
  }

  private DivisionInfo info() {
    try {
      return raft.info();
    } catch (IOException e) {
      throw ApiException.unavailable("the Raft group is not available on this server: " + e.getMessage());
    }
  }
}
