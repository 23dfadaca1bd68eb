package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** bin/streamfleet finds a JDK >= 21 or says exactly what it needs. */
@Tag("integration")
class LauncherIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "streamfleet").toAbsolutePath().normalize();

  @Test
  void refusesWithAClearMessageWhenNoJdk21IsFound() throws Exception {
    Path fakeJdk = Files.createTempDirectory("old-jdk");
    Path bin = Files.createDirectories(fakeJdk.resolve("bin"));
    Path java = bin.resolve("java");
    // A stand-in for an old JDK: answers like Java 17 does.
    Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
    java.toFile().setExecutable(true);
    ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "--version");
    pb.environment().put("JAVA_HOME", fakeJdk.toString());
    pb.environment().put("PATH", bin + ":" + toolsOnlyPathDir());
    pb.environment().put("STREAMFLEET_JVM_DIRS", fakeJdk.resolve("none").toString());
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(out).contains("needs a JDK 21 or newer").contains(java + " -> Java 17").contains("JAVA_HOME");
  }

  @Test
  void runsTheCliWithAJdk21OrNewer() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "--version");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("streamfleet").contains("Java " + Runtime.version().feature());
  }

  @Test
  void aUsageErrorReachesTheTerminalThroughTheLauncherWithExitCode2() throws Exception {
    Run run = launch("stream", "ls", "extra");
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stderr()).contains("Unmatched argument").contains("'extra'").contains("Usage: streamfleet stream ls");
  }

  @Test
  void anUnreachableServerIsReportedOnStderrWithExitCode1() throws Exception {
    Run run = launch("stream", "ls", "--server", "http://127.0.0.1:1");
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    assertThat(run.stderr()).contains("cannot reach a Streamfleet server at http://127.0.0.1:1");
  }

  @Test
  void aMalformedOtlpEndpointIsRefusedBeforeAnythingStarts() throws Exception {
    Path dataDir = Files.createTempDirectory("otlp-refused").resolve("data");

    Run run = launch("server", "--insecure", "--data-dir", dataDir.toString(), "--otlp-endpoint", "collector:4318");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stderr()).contains("--otlp-endpoint 'collector:4318' must be an http:// or https:// URL")
        .contains("e.g. http://127.0.0.1:4318");
    assertThat(dataDir).doesNotExist();
  }

  /** What the launcher printed on each stream, and its exit code. */
  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run launch(String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("bash", LAUNCHER.toString()));
    cmd.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Path err = Files.createTempFile("launcher", ".err");
    Process p = pb.redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, Files.readString(err));
  }

  /** A PATH entry holding only the tools the launcher script needs besides java. */
  private static Path toolsOnlyPathDir() throws Exception {
    Path dir = Files.createTempDirectory("path");
    for (String tool : new String[] {"sed", "head", "ls", "sort", "dirname", "readlink", "find", "env", "cat"}) {
      for (String root : new String[] {"/usr/bin/", "/bin/"}) {
        Path src = Path.of(root + tool);
        if (Files.exists(src) && !Files.exists(dir.resolve(tool))) {
          Files.createSymbolicLink(dir.resolve(tool), src);
        }
      }
    }
    return dir;
  }
}
