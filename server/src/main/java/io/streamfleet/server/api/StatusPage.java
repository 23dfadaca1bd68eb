package io.streamfleet.server.api;

import io.streamfleet.model.api.StreamView;
import io.streamfleet.server.state.StateStore;
import java.util.List;

/**
 * A plain server-rendered status page at {@code /status}: nodes and streams, refreshed every 2 s,
 * for a browser without JavaScript (the dashboard at {@code /} links to it).
 */
final class StatusPage {
  private StatusPage() {}

  static String render(StateStore store, String clusterName, Views views) {
    record Row(String id, String state, String node, long epoch, String reason) {}
    List<Row> rows = store.read(s -> s.streams().stream().map(x -> {
      StreamView v = views.stream(s, x);
      return new Row(v.id(), v.status().state().wireName(), v.status().node(), v.status().epoch(), v.status().reason());
    }).toList());
    List<String> nodes = store.read(s -> s.nodes().stream().map(n -> n.id() + " (" + n.effectiveState().wireName() + ", zone " + n.zone() + ")").toList());
    StringBuilder sb = new StringBuilder();
    sb.append("<!doctype html><html><head><meta charset=utf-8><meta http-equiv=refresh content=2>")
        .append("<title>Streamfleet ").append(esc(clusterName)).append("</title>")
        .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>")
        .append("</head><body><h1>Streamfleet: ").append(esc(clusterName)).append("</h1>")
        .append("<p>API: <a href=/api/v1/cluster>/api/v1/cluster</a> · <a href=/api/v1/nodes>nodes</a> · <a href=/api/v1/streams>streams</a> · <a href=/api/v1/processors>processors</a> · <a href=/metrics>metrics</a></p>")
        .append("<h2>Nodes (").append(nodes.size()).append(")</h2><ul>");
    nodes.forEach(n -> sb.append("<li>").append(esc(n)).append("</li>"));
    if (nodes.isEmpty()) {
      sb.append("<li>none yet: start an agent</li>");
    }
    sb.append("</ul><h2>Streams (").append(rows.size()).append(")</h2><table><tr><th>id</th><th>state</th><th>node</th><th>epoch</th><th>reason</th></tr>");
    for (Row r : rows) {
      sb.append("<tr><td>").append(esc(r.id())).append("</td><td>").append(esc(r.state())).append("</td><td>")
          .append(esc(r.node())).append("</td><td>").append(r.epoch()).append("</td><td>").append(esc(r.reason())).append("</td></tr>");
    }
    return sb.append("</table></body></html>").toString();
  }

  private static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
