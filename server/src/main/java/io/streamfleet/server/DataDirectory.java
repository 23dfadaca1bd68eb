package io.streamfleet.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfleet.model.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * A server's data directory: {@code streamfleet.json} (which server and cluster the data belongs
 * to), {@code raft/} (Ratis log and snapshots) and a {@code LOCK} held while the server runs.
 *
 * <p>Guarantee: opening never starts empty over existing data. A directory with Raft data but
 * no identity file, an identity file that cannot be read or names another server, or an
 * identity file whose Raft data is gone, makes {@link #open} fail with a message naming the file
 * and the remedy.
 */
public final class DataDirectory implements AutoCloseable {
  static final String IDENTITY = "streamfleet.json";
  static final int FORMAT = 1;

  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  public Path root() {
    return root;
  }

  public Path raftDir() {
    return root.resolve("raft");
  }

  public static DataDirectory open(Path dir, String serverId, String clusterName) throws StartupException {
    Path root = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new StartupException("cannot create data directory " + root + ": " + e.getMessage() + "; choose another --data-dir or fix its permissions");
    }
    if (!Files.isDirectory(root) || !Files.isWritable(root)) {
      throw new StartupException("data directory " + root + " is not a writable directory; choose another --data-dir or fix its permissions");
    }
    FileChannel ch;
    FileLock lock;
    try {
      ch = FileChannel.open(root.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = ch.tryLock();
    } catch (IOException e) {
      throw new StartupException("cannot lock " + root.resolve("LOCK") + ": " + e.getMessage());
    }
    if (lock == null) {
      closeQuietly(ch);
      throw new StartupException("data directory " + root + " is in use by another running Streamfleet server; stop that server or choose another --data-dir");
    }
    DataDirectory dd = new DataDirectory(root, ch, lock);
    try {
      dd.checkIdentity(serverId, clusterName);
      return dd;
    } catch (StartupException e) {
      dd.close();
      throw e;
    }
  }

  private void checkIdentity(String serverId, String clusterName) throws StartupException {
    Path identity = root.resolve(IDENTITY);
    boolean hasRaftData = hasEntries(raftDir());
    if (!Files.exists(identity)) {
      if (hasRaftData) {
        throw new StartupException(identity + " is missing but " + raftDir() + " holds Raft data. Refusing to start: the data's owner is unknown. Restore " + IDENTITY + " from a backup, or move the directory away to start a new, empty server.");
      }
      if (hasOtherEntries()) {
        throw new StartupException("data directory " + root + " is not empty and is not a Streamfleet data directory (no " + IDENTITY + "); choose an empty or new --data-dir");
      }
      writeIdentity(identity, serverId, clusterName);
      return;
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(Files.readAllBytes(identity));
    } catch (IOException e) {
      throw new StartupException(identity + " is unreadable (" + e.getMessage().lines().findFirst().orElse("") + "). It identifies which server this data belongs to; restore it from a backup. Refusing to start.");
    }
    if (node == null || !node.isObject() || !node.path("server_id").isTextual()) {
      throw new StartupException(identity + " is corrupt (no server_id). Restore it from a backup. Refusing to start.");
    }
    int format = node.path("format").asInt(-1);
    if (format < 1 || format > FORMAT) {
      throw new StartupException(identity + " has data format " + format + "; this build reads format 1.." + FORMAT + ". Use a Streamfleet build that matches the data.");
    }
    String storedId = node.path("server_id").asText();
    String storedCluster = node.path("cluster_name").asText();
    if (!storedId.equals(serverId)) {
      throw new StartupException("data directory " + root + " belongs to server '" + storedId + "', not '" + serverId + "'; start with --id " + storedId + " or choose another --data-dir");
    }
    if (!storedCluster.equals(clusterName)) {
      throw new StartupException("data directory " + root + " belongs to cluster '" + storedCluster + "', not '" + clusterName + "'; start with --cluster-name " + storedCluster + " or choose another --data-dir");
    }
    if (!hasRaftData) {
      throw new StartupException(raftDir() + " is missing or empty although " + identity + " says this directory holds server '" + storedId + "'s data. Refusing to start empty over lost data: restore the directory from a backup, or delete " + root + " entirely to start this server anew.");
    }
  }

  private void writeIdentity(Path identity, String serverId, String clusterName) throws StartupException {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("format", FORMAT);
    node.put("server_id", serverId);
    node.put("cluster_name", clusterName);
    Path tmp = identity.resolveSibling(IDENTITY + ".tmp");
    try {
      Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, identity, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StartupException("cannot write " + identity + ": " + e.getMessage());
    }
  }

  private boolean hasOtherEntries() throws StartupException {
    try (Stream<Path> s = Files.list(root)) {
      // tls/ may already hold the cluster CA a joining server fetched (--join) before its first start
      return s.map(p -> p.getFileName().toString()).anyMatch(n -> !n.equals("LOCK") && !n.equals(IDENTITY + ".tmp") && !n.equals("tls"));
    } catch (IOException e) {
      throw new StartupException("cannot list " + root + ": " + e.getMessage());
    }
  }

  private static boolean hasEntries(Path dir) throws StartupException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isPresent();
    } catch (IOException e) {
      throw new StartupException("cannot list " + dir + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel close below releases it anyway
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing useful to do on close failure of a lock file
    }
  }
}
