package io.streamfleet.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One test camera for benchmarks and manual tries:
 * {@code java -cp CLASSPATH io.streamfleet.testing.TestCameraMain --dir D --width 640 --height 360 --fps 29 [--format mpegts|mjpeg|rtmp | --rtsp]}
 * prints the camera's URL on stdout, then reads commands from stdin, one a line: {@code drop},
 * {@code back}, {@code stall}, {@code resume} (not for RTSP), {@code quit} (or end of input); it
 * answers each with {@code ok} or a line starting {@code error:}.
 *
 * <p>CLASSPATH: this module's classes or jar plus awaitility and hamcrest (junit is not needed),
 * e.g. {@code testing/target/classes:$M/org/awaitility/awaitility/4.3.0/awaitility-4.3.0.jar:$M/org/hamcrest/hamcrest/2.1/hamcrest-2.1.jar}
 * with {@code M=~/.m2/repository}. The camera's processes end with it (quit, end of input, or a
 * signal: a shutdown hook kills them).
 */
public final class TestCameraMain {
  private TestCameraMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>(Map.of("--dir", "test-camera", "--width", "640", "--height", "360", "--fps", "29",
        "--format", "mpegts"));
    boolean rtsp = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rtsp")) {
        rtsp = true;
      } else if (options.containsKey(args[i]) && i + 1 < args.length) {
        options.put(args[i], args[++i]);
      } else {
        System.err.println("usage: TestCameraMain [--dir D] [--width W] [--height H] [--fps F] [--format mpegts|mjpeg|rtmp | --rtsp];"
            + " unknown: " + args[i]);
        System.exit(2);
      }
    }
    Path dir = Path.of(options.get("--dir"));
    int width = Integer.parseInt(options.get("--width"));
    int height = Integer.parseInt(options.get("--height"));
    int fps = Integer.parseInt(options.get("--fps"));

    AutoCloseable camera;
    String url;
    Map<String, Runnable> commands;
    if (rtsp) {
      RtspTestCamera rtspCamera = RtspTestCamera.start(dir, width, height, fps);
      camera = rtspCamera;
      url = rtspCamera.url();
      commands = Map.of("drop", rtspCamera::drop, "back", rtspCamera::comeBack);
    } else {
      TestCamera httpCamera = TestCamera.start(dir, format(options.get("--format")), width, height, fps);
      camera = httpCamera;
      url = httpCamera.url();
      commands = Map.of("drop", httpCamera::drop, "back", httpCamera::comeBack, "stall", httpCamera::stall, "resume", httpCamera::resume);
    }
    try (camera) {
      System.out.println(url);
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.strip().equals("quit"); line = in.readLine()) {
        Runnable command = commands.get(line.strip());
        if (command == null) {
          System.out.println("error: unknown command '" + line.strip() + "'; known: " + String.join(", ", new TreeSet<>(commands.keySet()))
              + ", quit");
          continue;
        }
        try {
          command.run();
          System.out.println("ok");
        } catch (RuntimeException e) {
          System.out.println("error: " + (e.getMessage() == null ? e : e.getMessage().lines().findFirst().orElse("")));
          e.printStackTrace(); // the whole story (with the camera's log) on stderr
        }
      }
    }
    System.out.println("ok");
  }

  private static TestCamera.Format format(String name) {
    return switch (name) {
      case "mpegts" -> TestCamera.Format.MPEG_TS;
      case "mjpeg" -> TestCamera.Format.MJPEG;
      case "rtmp" -> TestCamera.Format.RTMP;
      default -> {
        System.err.println("unknown --format '" + name + "'; known: mpegts, mjpeg, rtmp");
        System.exit(2);
        yield null;
      }
    };
  }
}
