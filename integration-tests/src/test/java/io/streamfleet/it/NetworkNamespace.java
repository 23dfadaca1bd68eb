package io.streamfleet.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace joined to the host by a veth pair, for real partitions: a process started
 * with {@link #exec()} reaches the host at {@link #hostAddress()}; {@link #cut()} takes the link
 * down (packets vanish, connections stay open: a silent partition) and {@link #heal()} brings it
 * back. Needs root and iproute2; {@link #available()} says whether this machine has them.
 */
final class NetworkNamespace implements AutoCloseable {
  private final String name;
  private final String hostVeth;
  private final String hostAddress;

  private NetworkNamespace(String name, String hostVeth, String hostAddress) {
    this.name = name;
    this.hostVeth = hostVeth;
    this.hostAddress = hostAddress;
  }

  static boolean available() {
    try {
      return "root".equals(System.getProperty("user.name")) && run(List.of("ip", "netns", "list")) == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  static NetworkNamespace create() {
    int n = ThreadLocalRandom.current().nextInt(1, 250);
    String name = "sf-it-" + n + "-" + ProcessHandle.current().pid();
    String hostVeth = "sfh" + n;
    String nsVeth = "sfn" + n;
    String subnet = "10.231." + n;
    NetworkNamespace ns = new NetworkNamespace(name, hostVeth, subnet + ".1");
    try {
      must(List.of("ip", "netns", "add", name));
      must(List.of("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", nsVeth));
      must(List.of("ip", "link", "set", nsVeth, "netns", name));
      must(List.of("ip", "addr", "add", subnet + ".1/30", "dev", hostVeth));
      must(List.of("ip", "link", "set", hostVeth, "up"));
      must(List.of("ip", "netns", "exec", name, "ip", "addr", "add", subnet + ".2/30", "dev", nsVeth));
      must(List.of("ip", "netns", "exec", name, "ip", "link", "set", nsVeth, "up"));
      must(List.of("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"));
    } catch (RuntimeException e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  /** The command prefix that runs a program inside the namespace. */
  List<String> exec() {
    return List.of("ip", "netns", "exec", name);
  }

  /** The host's address as seen from inside the namespace. */
  String hostAddress() {
    return hostAddress;
  }

  void cut() {
    must(List.of("ip", "link", "set", hostVeth, "down"));
  }

  void heal() {
    must(List.of("ip", "link", "set", hostVeth, "up"));
  }

  @Override
  public void close() {
    run(List.of("ip", "link", "del", hostVeth));
    run(List.of("ip", "netns", "del", name));
  }

  private static void must(List<String> cmd) {
    if (run(cmd) != 0) {
      throw new IllegalStateException("failed: " + String.join(" ", cmd));
    }
  }

  private static int run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
