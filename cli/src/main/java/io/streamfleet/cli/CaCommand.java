package io.streamfleet.cli;

import io.streamfleet.protocol.tls.GrpcTls;
import io.streamfleet.server.security.ClusterCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code streamfleet ca create --out DIR}: one CA for a cluster of several servers. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "The cluster's certificate authority.",
    subcommands = {CaCommand.Create.class})
final class CaCommand {
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a CA (ca.crt, ca.key) to copy to every server of a new cluster and pass as --tls-ca-dir.")
  static final class Create implements Runnable {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write ca.crt and ca.key (owner-only) into; must not hold a CA yet.")
    Path out;
    @Option(names = "--cluster-name", description = "Cluster name, shown in the CA's subject (default: ${DEFAULT-VALUE}).")
    String clusterName = "streamfleet";
    @Spec CommandSpec spec;

    @Override
    public void run() {
      if (Files.exists(out.resolve("ca.key"))) {
        throw new CliException(out.resolve("ca.key") + " already exists; refusing to replace a CA (every certificate it signed would stop working)");
      }
      ClusterCa ca = ClusterCa.create(clusterName, Clock.systemUTC(), new SecureRandom());
      try {
        ca.save(out);
      } catch (IOException e) {
        throw new CliException("cannot write the CA to " + out + ": " + e.getMessage());
      }
      spec.commandLine().getOut().println("CA written to " + out.toAbsolutePath() + " (pin " + GrpcTls.pin(ca.certificate()) + ")."
          + " Copy the directory to every server over a trusted channel and start each with --tls-ca-dir " + out + ".");
    }
  }
}
