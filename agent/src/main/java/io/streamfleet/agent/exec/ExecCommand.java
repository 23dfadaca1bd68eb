package io.streamfleet.agent.exec;

import io.streamfleet.model.CommandTemplate;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.Processor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The final argv, environment and working directory of one exec instance, with every
 * placeholder expanded.
 *
 * @param argv the command, program first
 * @param env variables added to the agent's environment
 * @param workingDir where the process runs: the processor's {@code working_dir}, or its data dir
 * @param dataDir {@code <agent data dir>/<stream id>}, created by {@link #of}; {@code {data.dir}}
 */
public record ExecCommand(List<String> argv, Map<String, String> env, Path workingDir, Path dataDir) {
  public ExecCommand {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }

  /**
   * Expands {@code instance}'s command template and creates its data directory.
   *
   * @throws IllegalArgumentException for an empty command or an unknown placeholder (message from
   *     {@link CommandTemplate})
   * @throws IOException when the data directory cannot be created
   */
  public static ExecCommand of(DesiredInstance instance, String nodeId, Path agentDataDir) throws IOException {
    Processor p = instance.getProcessor();
    String streamId = instance.getStreamId();
    if (p.getCommandList().isEmpty()) {
      throw new IllegalArgumentException("exec processor '" + p.getName() + "' of stream " + streamId
          + " has no command; set processor.command, e.g. [\"my-detector\", \"{stream.url}\"]");
    }
    if (streamId.isEmpty() || streamId.contains("/") || streamId.startsWith(".")) {
      throw new IllegalArgumentException("stream id '" + streamId + "' cannot name a data directory");
    }
    Path dataDir = agentDataDir.resolve(streamId);
    Map<String, String> values = new HashMap<>();
    values.put("stream.id", streamId);
    values.put("stream.url", instance.getUrl());
    values.put("epoch", Long.toString(instance.getEpoch()));
    values.put("node.id", nodeId);
    values.put("data.dir", dataDir.toString());
    instance.getParamsMap().forEach((name, value) -> values.put("param." + name, value));

    List<String> argv = CommandTemplate.expandAll(p.getCommandList(), values);
    Map<String, String> env = new LinkedHashMap<>();
    // Fencing: a processor can stamp what it writes with its epoch, so a late write of a
    // superseded instance is recognisable downstream.
    env.put("STREAMFLEET_STREAM_ID", streamId);
    env.put("STREAMFLEET_EPOCH", Long.toString(instance.getEpoch()));
    env.put("STREAMFLEET_NODE_ID", nodeId);
    p.getEnvMap().forEach((name, value) -> env.put(name, CommandTemplate.expand(value, values)));
    Path workingDir = p.getWorkingDir().isEmpty() ? dataDir : Path.of(CommandTemplate.expand(p.getWorkingDir(), values));
    Files.createDirectories(dataDir);
    return new ExecCommand(argv, env, workingDir, dataDir);
  }

  /** The program, as written in the command. */
  public String program() {
    return argv.getFirst();
  }
}
