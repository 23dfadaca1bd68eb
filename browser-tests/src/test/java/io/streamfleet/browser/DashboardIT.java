package io.streamfleet.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.api.StreamView;
import io.streamfleet.testing.RequiresProgram;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The "done when", in a real browser: a new user runs {@code bin/streamfleet dev}, opens
 * the printed dashboard URL, sees three nodes and their streams, kills a node with the printed
 * command and watches its streams move on the page within 3 s, then drains another node from the
 * page (and sees its streams leave, those that have somewhere to go). Chromium and its driver are Debian's ({@code chromium}, {@code chromium-driver}); the
 * screenshots are kept in {@code target/dashboard-screenshots} as the run's artifacts.
 */
@Tag("integration")
@RequiresProgram(value = {"chromium", "chromedriver"}, debianPackage = "chromium chromium-driver")
class DashboardIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "streamfleet").toAbsolutePath().normalize();
  private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
  private static final Pattern DASHBOARD = Pattern.compile("dashboard\\s+(http://\\S+/)");
  private static final Pattern AGENT = Pattern.compile("agent\\s+(node-\\d+) \\((\\S+)\\) pid (\\d+)");
  private static final Pattern KILL = Pattern.compile("kill -9 (\\d+)");

  @TempDir Path tmp;
  private Process dev;
  private ChromeDriver browser;

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (dev != null) {
      dev.destroy(); // SIGTERM: dev stops its agents and servers as on Ctrl-C
      if (!dev.waitFor(30, TimeUnit.SECONDS)) {
        dev.destroyForcibly();
      }
    }
  }

  @Test
  void aNewUserSeesTheClusterWatchesAKilledNodesStreamsMoveAndDrainsAnotherNodeFromThePage() throws Exception {
    Path log = tmp.resolve("dev.log");
    dev = new ProcessBuilder("bash", LAUNCHER.toString(), "dev", "--http-port", Integer.toString(freePort()),
        "--data-dir", tmp.resolve("dev-data").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    await("dev prints its URLs").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
        .until(() -> Files.readString(log).contains("Ctrl-C stops everything") || !dev.isAlive());
    String printed = Files.readString(log);
    assertThat(dev.isAlive()).as(printed).isTrue();
    String url = find(DASHBOARD, printed).group(1);
    Map<String, Long> agentPids = AGENT.matcher(printed).results()
        .collect(Collectors.toMap(m -> m.group(1), m -> Long.parseLong(m.group(3))));
    Map<String, String> zoneOf = AGENT.matcher(printed).results().collect(Collectors.toMap(m -> m.group(1), m -> m.group(2)));
    long killPid = Long.parseLong(find(KILL, printed).group(1));
    String victim = agentPids.entrySet().stream().filter(e -> e.getValue() == killPid).findFirst().orElseThrow().getKey();
    StreamfleetClient api = new StreamfleetClient(URI.create(url));

    browser = chromium();
    browser.get(url);
    await("three nodes and every stream on the page").atMost(Duration.ofSeconds(20))
        .until(() -> pageLoaded() && nodeStates().size() == 3 && streamRows().size() == api.streams().size());
    assertThat(nodeStates()).containsOnlyKeys("node-1", "node-2", "node-3").allSatisfy((n, state) -> assertThat(state).isEqualTo("ready"));
    assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
    List<String> victimsStreams = api.streams().stream().filter(s -> victim.equals(s.status().node())).map(StreamView::id).toList();
    assertThat(victimsStreams).as("dev spreads its cameras over the three nodes").isNotEmpty();
    screenshot("1-three-nodes");

    // The printed command: kill -9 an agent. Its streams must show another node on the page within 3 s.
    long killedAt = System.nanoTime();
    new ProcessBuilder("kill", "-9", Long.toString(killPid)).inheritIO().start().waitFor();
    await("the killed node's streams shown running elsewhere").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          Map<String, List<String>> rows = streamRows();
          return victimsStreams.stream().allMatch(id -> rows.containsKey(id) && rows.get(id).get(0).equals("running")
              && !rows.get(id).get(1).startsWith(victim));
        });
    double movedAfterS = (System.nanoTime() - killedAt) / 1e9;
    await("the node shown down and the failover drawn").atMost(Duration.ofSeconds(5))
        .until(() -> "down".equals(nodeStates().get(victim))
            && !browser.findElements(By.cssSelector("#events li[data-type='failover']")).isEmpty());
    await("the failover says when all its streams ran again").atMost(Duration.ofSeconds(8))
        .until(() -> !browser.findElements(By.cssSelector("#events li[data-type='failover'] .running-after")).isEmpty());
    screenshot("2-failover");
    timelineScreenshot("2-failover-timeline");
    System.out.printf("the page showed %s's %d stream(s) running elsewhere %.2f s after kill -9%n", victim, victimsStreams.size(), movedAfterS);

    // Drain another node from the page: its Drain button, then the confirmation. Dev's cameras may
    // run in their zone or the next (a -> b -> c -> a), so with one node dead some of the drained
    // node's streams have nowhere to go: those stay, the rest move.
    String drained = agentPids.keySet().stream().filter(n -> !n.equals(victim)).sorted().findFirst().orElseThrow();
    List<String> zonesLeft = zoneOf.entrySet().stream().filter(e -> !e.getKey().equals(victim) && !e.getKey().equals(drained))
        .map(Map.Entry::getValue).toList();
    List<String> movable = api.streams().stream().filter(s -> drained.equals(s.status().node()))
        .filter(s -> zonesLeft.contains(s.zone()) || s.overlapZones().stream().anyMatch(zonesLeft::contains)).map(StreamView::id).toList();
    assertThat(movable).as("streams the drain can move").isNotEmpty();
    await("the Drain button clicked").atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> { // a redraw may replace it mid-click
      nodeCard(drained).findElement(By.cssSelector("button[data-action='drain']")).click();
      return true;
    });
    WebElement dialog = browser.findElement(By.id("confirm"));
    await("the confirmation").atMost(Duration.ofSeconds(5)).until(dialog::isDisplayed);
    assertThat(dialog.getText()).contains("Drain " + drained);
    screenshot("3-confirm-drain");
    browser.findElement(By.id("confirm-ok")).click();
    try {
      await("the node draining and its movable streams running elsewhere, on the page").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, List<String>> rows = streamRows();
            return "draining".equals(nodeStates().get(drained)) && movable.stream().allMatch(id -> rows.containsKey(id)
                && rows.get(id).get(0).equals("running") && !rows.get(id).get(1).startsWith(drained));
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      screenshot("4-draining-failed");
      throw new AssertionError("movable " + movable + "; page nodes " + nodeStates() + ", rows " + streamRows() + ", dialog error '"
          + browser.findElement(By.id("confirm-error")).getText() + "'; API node " + api.node(drained) + "; streams "
          + api.streams().stream().map(x -> x.id() + "=" + x.status()).toList(), e);
    }
    assertThat(api.node(drained).stateReason()).as("the card says why it is still draining").contains("left");
    assertThat(api.streams()).allSatisfy(s -> assertThat(s.status().state()).isEqualTo(AssignmentState.RUNNING));
    screenshot("4-draining");
    assertThat(browser.findElements(By.cssSelector("#events li[data-type='failover']"))).as("a drain is not drawn as a failover")
        .noneMatch(li -> li.getText().contains("left " + drained));

    // A new version of the cameras' processor: its rollout appears on the timeline as it starts.
    String v2 = "{\"driver\": \"builtin\", \"builtin\": \"motion\", \"resources\": {\"cpu_millis\": 300}}";
    assertThat(api.raw("PUT", "/api/v1/processors/motion", v2.getBytes(java.nio.charset.StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
    // ignoring a stale element: the list is redrawn on each event
    await("the rollout on the timeline").atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> browser.findElements(
        By.cssSelector("#events li[data-type='rollout']")).stream().anyMatch(li -> li.getText().contains("Rollout of motion v1 → v2 is running")));
    timelineScreenshot("4-rollout-timeline");
  }

  /**
   * Security on (a server from the launcher speaks HTTPS with its own CA and wants tokens): the
   * browser is sent to /login, signs in with a viewer token, and sees the cluster but no action;
   * an operator token gets the actions.
   */
  @Test
  void aViewerSignsInAndSeesTheClusterWithoutActionsAnOperatorGetsThem() throws Exception {
    Path data = tmp.resolve("server-data");
    int httpPort = freePort();
    Path log = tmp.resolve("server.log");
    dev = new ProcessBuilder("bash", LAUNCHER.toString(), "server", "--id", "s1", "--host", "127.0.0.1", "--data-dir", data.toString(),
        "--http-port", Integer.toString(httpPort), "--rpc-port", Integer.toString(freePort()), "--raft-port", Integer.toString(freePort()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path adminTokenFile = data.resolve("admin-token");
    Path ca = data.resolve("tls").resolve("ca.crt");
    await("the server's admin token and CA").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
        .until(() -> (Files.exists(adminTokenFile) && Files.exists(ca)) || !dev.isAlive());
    assertThat(dev.isAlive()).as(Files.readString(log)).isTrue();
    URI uri = URI.create("https://127.0.0.1:" + httpPort);
    StreamfleetClient admin = new StreamfleetClient(uri, new io.streamfleet.client.ClientCredentials(Files.readString(adminTokenFile).trim(),
        io.streamfleet.client.ClientCredentials.trusting(ca)));
    await("the API").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> "ok".equals(admin.health().status()));
    String viewer = admin.createToken(new io.streamfleet.model.api.TokenRequest("viewer", null, null, null, "browser test")).secret();
    String operator = admin.createToken(new io.streamfleet.model.api.TokenRequest("operator", null, null, null, "browser test")).secret();

    browser = chromium("--ignore-certificate-errors"); // the server's own CA; TLS itself is SecurityIT's
    signIn(uri, viewer);
    await("the dashboard, read only").atMost(Duration.ofSeconds(20)).until(this::pageLoaded);
    assertThat(browser.findElement(By.id("whoami")).getText()).contains("(viewer): read only");
    assertThat(browser.findElements(By.cssSelector(".operator")).stream().filter(WebElement::isDisplayed))
        .as("actions shown to a viewer").isEmpty();
    screenshot("5-viewer");
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844)); // a phone
    await("laid out for the phone").atMost(Duration.ofSeconds(5)).until(() -> (Boolean) browser.executeScript(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"));
    screenshot("6-phone");
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1100));

    browser.manage().deleteAllCookies();
    signIn(uri, operator);
    await("the dashboard with actions").atMost(Duration.ofSeconds(20)).until(this::pageLoaded);
    assertThat(browser.findElement(By.id("add-stream")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("rebalance")).isDisplayed()).isTrue();
  }

  private void signIn(URI server, String token) {
    browser.get(server + "/");
    await("sent to /login").atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().endsWith("/login"));
    browser.findElement(By.name("token")).sendKeys(token);
    browser.findElement(By.cssSelector("form button, form input[type=submit]")).click();
  }

  private ChromeDriver chromium(String... extraArguments) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(program("chromium"));
    // headless; no sandbox (CI runs as root, where Chromium's sandbox cannot start); a laptop-sized window
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1100");
    options.addArguments(extraArguments);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(program("chromedriver")))
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** The program's path on the PATH (Debian puts both in /usr/bin); Selenium must not go looking for a driver to download. */
  private static String program(String name) {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(name + " is not on the PATH (apt-get install chromium chromium-driver)");
  }

  private boolean pageLoaded() {
    return "true".equals(browser.findElement(By.tagName("body")).getAttribute("data-loaded"));
  }

  /**
   * Each node card's state (its badge's word), read in one script run: the page redraws as events
   * arrive, so elements found one call earlier may already be replaced.
   */
  @SuppressWarnings("unchecked")
  private Map<String, String> nodeStates() {
    return (Map<String, String>) browser.executeScript("const out = {};"
        + "document.querySelectorAll('#node-cards article[data-node]').forEach(c => out[c.dataset.node] ="
        + " c.querySelector('.badge').textContent.replace(/^\\S+ /, ''));"
        + "return out;");
  }

  private WebElement nodeCard(String node) {
    return browser.findElement(By.cssSelector("#node-cards article[data-node='" + node + "']"));
  }

  /** Each stream row: [state, node cell], read in one script run. */
  @SuppressWarnings("unchecked")
  private Map<String, List<String>> streamRows() {
    return (Map<String, List<String>>) browser.executeScript("const out = {};"
        + "document.querySelectorAll('#stream-table tbody tr[data-stream]').forEach(r => out[r.dataset.stream] ="
        + " [r.className.replace('state-', ''), r.querySelector('.node-cell').textContent]);"
        + "return out;");
  }

  /** A screenshot of the timeline ("What happened"), scrolled into view. */
  private void timelineScreenshot(String name) throws IOException {
    browser.executeScript("document.getElementById('events').scrollIntoView({block: 'start'})");
    screenshot(name);
    browser.executeScript("window.scrollTo(0, 0)");
  }

  private void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private static Matcher find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as("%s in dev's output:%n%s", pattern, text).isTrue();
    return m;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
