package io.streamfleet.agent.exec;

import io.streamfleet.agent.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphansTest {
  @TempDir Path dataDir;
  final ProcessLauncher launcher = new ProcessLauncher(Duration.ofMillis(500));
  Process child;

  @AfterEach
  void cleanUp() {
    if (child != null && child.isAlive()) {
      launcher.killGroup(child.pid(), "KILL");
    }
    launcher.close();
  }

  Process sleeper() throws Exception {
    child = launcher.launch(new ExecCommand(List.of("sleep", "60"), Map.of(), dataDir, dataDir));
    return child;
  }

  static String comm(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Test
  void reapStopsARecordedGroupLeftBehindAndDeletesItsRecord() throws Exception {
    Process p = sleeper();
    new Orphans(dataDir).record("cam-1", p.pid());
    assertThat(dataDir.resolve(".pids/cam-1")).exists();

    // A new agent starts over the same data dir.
    List<String> reaped = new Orphans(dataDir).reap(launcher);

    assertThat(reaped).containsExactly("cam-1");
    Eventually.await(Duration.ofSeconds(5), "sleep gone", () -> !ProcStat.isLive(p.pid()));
    assertThat(dataDir.resolve(".pids/cam-1")).doesNotExist();
  }

  @Test
  void reapLeavesAProcessAloneWhoseStartTimeDiffers() throws Exception {
    Process p = sleeper();
    Files.createDirectories(dataDir.resolve(".pids"));
    Files.writeString(dataDir.resolve(".pids/cam-1"), p.pid() + " 1\n"); // the pid was reused

    assertThat(new Orphans(dataDir).reap(launcher)).isEmpty();

    assertThat(ProcStat.isLive(p.pid())).isTrue();
    assertThat(dataDir.resolve(".pids/cam-1")).doesNotExist();
  }

  @Test
  void theChildRunsInItsOwnProcessGroupLedByItself() throws Exception {
    Process p = sleeper();
    Eventually.await(Duration.ofSeconds(5), "own group", () -> ProcStat.of(p.pid()).map(s -> s.processGroup() == p.pid()).orElse(false));
  }

  @Test
  void childrenDieWhenTheLaunchThreadEnds() throws Exception {
    Process p = sleeper();
    assertThat(launcher.parentDeathSignal()).isTrue();
    // setpriv arms PDEATHSIG only when it runs; a parent gone before that is not noticed.
    Eventually.await(Duration.ofSeconds(5), "setpriv has exec'd sleep", () -> comm(p.pid()).equals("sleep"));
    launcher.close(); // the launch thread exits, like the agent dying

    Eventually.await(Duration.ofSeconds(5), "child killed by PDEATHSIG", () -> !ProcStat.isLive(p.pid()));
  }
}
