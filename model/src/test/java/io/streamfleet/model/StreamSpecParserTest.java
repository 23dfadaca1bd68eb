package io.streamfleet.model;

import static io.streamfleet.model.StreamRequestBuilder.aStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamSpecParserTest {
  private static final Resources MOTION_DEFAULTS = Resources.of(250, 128);
  private static final Resources YOLO_DEFAULTS = new Resources(2000, 1024, 1, "hailo");
  /** The processors the cluster knows, as {@link StreamSpecParser#parse} looks them up. */
  private static final Function<String, Resources> PROCESSORS =
      Map.of("motion", MOTION_DEFAULTS, "yolo-hailo", YOLO_DEFAULTS)::get;

  private static StreamSpec parse(StreamRequestBuilder request) {
    return StreamSpecParser.parse(request.build(), null, PROCESSORS);
  }

  private static List<FieldError> errorsOf(StreamRequestBuilder request) {
    return errorsOf(request, null);
  }

  private static List<FieldError> errorsOf(StreamRequestBuilder request, String pathId) {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> StreamSpecParser.parse(request.build(), pathId, PROCESSORS));
    assertThat(e).as("expected %s to be rejected", request.build()).isNotNull();
    return e.errors();
  }

  /** The one error a request with one bad field gets. */
  private static FieldError onlyErrorOf(StreamRequestBuilder request) {
    List<FieldError> errors = errorsOf(request);
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }

  @Test
  void aCompleteRequestBecomesACanonicalSpec() {
    StreamSpec spec = parse(aStream()
        .withId("cam-1")
        .withUrl("rtsp://camera-1.local:554/stream")
        .withProcessor("yolo-hailo")
        .withZone("zone-a")
        .withResources(1500, 512, 0, "coral")
        .withLabel("site", "north")
        .withLabel("app.example.com/tier", "gold")
        .withPriority(80)
        .withHandover("exclusive")
        .withSpreadGroup("lobby")
        .withParams(Map.of("threshold", "0.4")));

    assertThat(spec).isEqualTo(new StreamSpec("cam-1", "rtsp://camera-1.local:554/stream", "yolo-hailo", "zone-a",
        new Resources(1500, 512, 0, "coral"), new TreeMap<>(Map.of("site", "north", "app.example.com/tier", "gold")),
        80, HandoverPolicy.EXCLUSIVE, "lobby", new TreeMap<>(Map.of("threshold", "0.4"))));
  }

  @Test
  void aMinimalRequestGetsDefaultPriorityHandoverAndNoOptionalFields() {
    StreamSpec spec = parse(aStream());

    assertThat(spec.priority()).isEqualTo(StreamSpecParser.DEFAULT_PRIORITY).isEqualTo(50);
    assertThat(spec.handover()).isEqualTo(HandoverPolicy.OVERLAP);
    assertThat(spec.zone()).isNull();
    assertThat(spec.spreadGroup()).isNull();
    assertThat(spec.labels()).isEmpty();
    assertThat(spec.params()).isEmpty();
  }

  @Test
  void aMissingBodyIsRejectedWithAHintAboutWhatToSend() {
    assertThatThrownBy(() -> StreamSpecParser.parse(null, null, PROCESSORS))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).singleElement()
            .satisfies(err -> {
              assertThat(err.field()).isEqualTo("body");
              assertThat(err.message()).contains("send a JSON object with at least id, url and processor");
            }));
  }

  @Nested
  class Id {
    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "cam-1", "cam_1", "cam.1", "9-_.", "a-",
        "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0"})
    void acceptsIdsMatchingTheSharedRule(String id) {
      assertThat(id.length()).isLessThanOrEqualTo(63);
      assertThat(parse(aStream().withId(id)).id()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Cam-1", "-cam", "_cam", ".cam", "cam 1", "cam/1", "cäm", "cam-1\n",
        "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01"})
    void rejectsIdsOutsideTheSharedRuleQuotingThemAndStatingTheRule(String id) {
      FieldError error = onlyErrorOf(aStream().withId(id));

      assertThat(error.field()).isEqualTo("id");
      assertThat(error.message()).isEqualTo("'" + id + "' is invalid; " + Ids.RULE);
    }

    @Test
    void isRequiredWhenNeitherBodyNorUrlPathHasOne() {
      FieldError error = onlyErrorOf(aStream().withId(null));

      assertThat(error.field()).isEqualTo("id");
      assertThat(error.message()).isEqualTo("is required; " + Ids.RULE);
    }

    @Test
    void comesFromTheUrlPathWhenTheBodyLeavesItOut() {
      StreamSpec spec = StreamSpecParser.parse(aStream().withId(null).build(), "cam-7", PROCESSORS);

      assertThat(spec.id()).isEqualTo("cam-7");
    }

    @Test
    void mayRepeatTheUrlPathIdInTheBody() {
      StreamSpec spec = StreamSpecParser.parse(aStream().withId("cam-7").build(), "cam-7", PROCESSORS);

      assertThat(spec.id()).isEqualTo("cam-7");
    }

    @Test
    void inTheBodyMustMatchTheUrlPathIdAndTheMessageNamesBoth() {
      List<FieldError> errors = errorsOf(aStream().withId("cam-1"), "cam-2");

      assertThat(errors).singleElement().satisfies(e -> {
        assertThat(e.field()).isEqualTo("id");
        assertThat(e.message()).isEqualTo(
            "'cam-1' does not match the id in the URL ('cam-2'); leave it out or make them equal");
      });
    }

    @Test
    void fromAnInvalidUrlPathIsReportedAsInvalid() {
      List<FieldError> errors = errorsOf(aStream().withId(null), "Bad Id");

      assertThat(errors).singleElement().satisfies(e -> {
        assertThat(e.field()).isEqualTo("id");
        assertThat(e.message()).startsWith("'Bad Id' is invalid; ");
      });
    }
  }

  @Nested
  class Url {
    @ParameterizedTest
    @ValueSource(strings = {
        "rtsp://camera-1.local/stream",
        "rtsps://camera-1.local:322/stream",
        "http://10.0.0.7:8080/video.mjpg",
        "https://cams.example.com/live/1.m3u8",
        "file:///var/videos/lobby.mp4",
        "synthetic://cam-1",
        "synthetic://cam-1?fps=10&width=640&height=480",
        "RTSP://camera-1.local/stream"})
    void acceptsEverySupportedScheme(String url) {
      assertThat(parse(aStream().withUrl(url)).url()).isEqualTo(url);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void isRequiredAndTheMessageGivesExamples(String missing) {
      FieldError error = onlyErrorOf(aStream().withUrl(missing));

      assertThat(error).isEqualTo(new FieldError("url",
          "is required, e.g. rtsp://camera-1.local/stream or synthetic://cam-1?fps=10"));
    }

    @ParameterizedTest
    @CsvSource({"ftp://camera-1.local/stream, ftp", "udp://239.0.0.1:1234, udp", "SRT://camera-1.local:9000, SRT"})
    void rejectsOtherSchemesListingTheSupportedOnes(String url, String scheme) {
      FieldError error = onlyErrorOf(aStream().withUrl(url));

      assertThat(error).isEqualTo(new FieldError("url",
          "scheme '" + scheme + "' is not supported; use one of rtsp, rtsps, http, https, file, synthetic"));
    }

    @Test
    void withoutASchemeIsRejectedListingTheSupportedOnes() {
      FieldError error = onlyErrorOf(aStream().withUrl("camera-1.local/stream"));

      assertThat(error.field()).isEqualTo("url");
      assertThat(error.message()).isEqualTo("'camera-1.local/stream' has no scheme; start it with rtsp://, rtsps://, http://, https://, file:// or synthetic://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rtsp", "rtsps", "http", "https"})
    void ofANetworkSchemeNeedsAHostAndTheMessageShowsTheExpectedShape(String scheme) {
      String url = scheme + ":///stream";
      FieldError error = onlyErrorOf(aStream().withUrl(url));

      assertThat(error.field()).isEqualTo("url");
      assertThat(error.message()).isEqualTo("'" + url + "' has no host; expected " + scheme + "://HOST[:PORT]/PATH");
    }

    @Test
    void ofSchemeFileNeedsAPath() {
      FieldError error = onlyErrorOf(aStream().withUrl("file:lobby.mp4"));

      assertThat(error.field()).isEqualTo("url");
      assertThat(error.message()).isEqualTo("'file:lobby.mp4' has no path; expected file:///absolute/path.mp4");
    }

    @Test
    void thatIsNotAUrlIsRejectedWithTheParserReason() {
      FieldError error = onlyErrorOf(aStream().withUrl("rtsp://camera 1/stream"));

      assertThat(error.field()).isEqualTo("url");
      assertThat(error.message()).startsWith("'rtsp://camera 1/stream' is not a valid URL (");
    }

    @Test
    void mayBeUpTo2048CharactersLong() {
      String url = "file:///" + "v".repeat(SourceUrls.MAX_LENGTH - "file:///".length());
      assertThat(url).hasSize(2048);

      assertThat(parse(aStream().withUrl(url)).url()).isEqualTo(url);
    }

    @Test
    void longerThan2048CharactersIsRejectedWithItsLengthAndTheLimit() {
      String url = "file:///" + "v".repeat(2049 - "file:///".length());

      FieldError error = onlyErrorOf(aStream().withUrl(url));

      assertThat(error.field()).isEqualTo("url");
      assertThat(error.message()).isEqualTo("is 2049 characters long; the limit is 2048");
    }

    @Test
    void acceptsANetworkHostWithAnUnderscore() {
      assertThat(parse(aStream().withUrl("rtsp://front_door.local/stream")).url())
          .isEqualTo("rtsp://front_door.local/stream");
    }
  }

  @Nested
  class SyntheticUrl {
    @ParameterizedTest
    @CsvSource({"fps, 1", "fps, 240", "width, 16", "width, 7680", "height, 16", "height, 4320"})
    void acceptsParametersAtTheirBounds(String param, int value) {
      String url = "synthetic://cam-1?" + param + "=" + value;

      assertThat(parse(aStream().withUrl(url)).url()).isEqualTo(url);
    }

    @ParameterizedTest
    @CsvSource({
        "fps, 0, 1, 240", "fps, 241, 1, 240", "fps, ten, 1, 240", "fps, '', 1, 240", "fps, 2.5, 1, 240",
        "width, 15, 16, 7680", "width, 7681, 16, 7680",
        "height, 15, 16, 4320", "height, 4321, 16, 4320"})
    void rejectsParametersOutOfRangeStatingTheRange(String param, String value, int min, int max) {
      FieldError error = onlyErrorOf(aStream().withUrl("synthetic://cam-1?" + param + "=" + value));

      assertThat(error.field()).isEqualTo("url");
      assertThat(error.message()).isEqualTo(param + "=" + value + " must be a whole number from " + min + " to " + max);
    }

    @Test
    void rejectsAnUnknownParameterListingTheAllowedOnes() {
      FieldError error = onlyErrorOf(aStream().withUrl("synthetic://cam-1?fps=10&framerate=30"));

      assertThat(error.field()).isEqualTo("url");
      assertThat(error.message())
          .isEqualTo("unknown synthetic parameter 'framerate'; allowed: fps, width, height, visit_every_s, visit_s, timeline");
    }

    @ParameterizedTest
    @ValueSource(strings = {"synthetic://cam-1?timeline=start", "synthetic://cam-1?fps=25&timeline=wall"})
    void acceptsEitherTimeline(String url) {
      assertThat(parse(aStream().withUrl(url)).url()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"WALL", "utc", "", "1"})
    void rejectsAnyOtherTimelineNamingTheTwoValues(String value) {
      FieldError error = onlyErrorOf(aStream().withUrl("synthetic://cam-1?timeline=" + value));

      assertThat(error.field()).isEqualTo("url");
      assertThat(error.message()).isEqualTo("timeline=" + value + " must be start (frame 0 is the first frame read, "
          + "the default) or wall (frame n is due n/fps seconds after the Unix epoch, so cameras of the same name "
          + "number the same instant the same)");
    }

    @Test
    void acceptsAFasterVisitCadenceButNotAVisitThatNeverEnds() {
      assertThat(parse(aStream().withUrl("synthetic://cam-1?visit_every_s=2&visit_s=1")).url()).contains("visit_every_s=2");
      assertThat(parse(aStream().withUrl("synthetic://cam-1?visit_every_s=2")).url()).as("the visit defaults to half the cycle").isNotNull();
      FieldError error = onlyErrorOf(aStream().withUrl("synthetic://cam-1?visit_every_s=3&visit_s=3"));
      assertThat(error.message()).isEqualTo("visit_s=3 must be shorter than visit_every_s=3 (the visitor must leave for motion to end)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"synthetic://Cam-1", "synthetic:///cam-1", "synthetic:cam-1"})
    void needsACameraNameFollowingTheIdRule(String url) {
      FieldError error = onlyErrorOf(aStream().withUrl(url));

      assertThat(error.field()).isEqualTo("url");
      assertThat(error.message()).isEqualTo("synthetic camera name must be " + Ids.RULE
          + "; expected synthetic://NAME?fps=N&width=W&height=H");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cam_1", "cam.1", "cam-"})
    void acceptsEveryCameraNameTheIdRuleAccepts(String name) {
      assertThat(Ids.isValid(name)).isTrue();

      assertThat(parse(aStream().withUrl("synthetic://" + name + "?fps=5")).url()).isEqualTo("synthetic://" + name + "?fps=5");
    }
  }

  @Nested
  class Processor {
    @Test
    void isRequiredAndTheMessageSaysWhereToFindOne() {
      FieldError error = onlyErrorOf(aStream().withProcessor(null));

      assertThat(error.field()).isEqualTo("processor");
      assertThat(error.message()).isEqualTo("is required; name a processor from GET /api/v1/processors, e.g. motion");
    }

    @Test
    void mustFollowTheIdRule() {
      FieldError error = onlyErrorOf(aStream().withProcessor("Motion Detector"));

      assertThat(error.field()).isEqualTo("processor");
      assertThat(error.message()).isEqualTo("'Motion Detector' is invalid; " + Ids.RULE);
    }

    @Test
    void mustExistAndTheMessageSaysHowToListOrCreateIt() {
      FieldError error = onlyErrorOf(aStream().withProcessor("people-counter"));

      assertThat(error.field()).isEqualTo("processor");
      assertThat(error.message()).isEqualTo("unknown processor 'people-counter'; list them with GET /api/v1/processors"
          + " or create it with PUT /api/v1/processors/people-counter");
    }
  }

  @Nested
  class ZoneAndSpreadGroup {
    @Test
    void areCopiedWhenValid() {
      StreamSpec spec = parse(aStream().withZone("eu-west.1a").withSpreadGroup("entrance_cams"));

      assertThat(spec.zone()).isEqualTo("eu-west.1a");
      assertThat(spec.spreadGroup()).isEqualTo("entrance_cams");
    }

    @Test
    void areEachCheckedAgainstTheIdRule() {
      List<FieldError> errors = errorsOf(aStream().withZone("Zone A").withSpreadGroup("-lobby"));

      assertThat(errors).containsExactlyInAnyOrder(
          new FieldError("zone", "'Zone A' is invalid; " + Ids.RULE),
          new FieldError("spread_group", "'-lobby' is invalid; " + Ids.RULE));
    }
  }

  @Nested
  class ResourceRequests {
    @Test
    void defaultToTheProcessorsResourcesWhenOmitted() {
      assertThat(parse(aStream().withProcessor("yolo-hailo")).resources()).isEqualTo(YOLO_DEFAULTS);
      assertThat(parse(aStream().withProcessor("motion")).resources()).isEqualTo(MOTION_DEFAULTS);
    }

    @Test
    void overrideTheProcessorsDefaultsFieldByField() {
      Resources onlyCpu = parse(aStream().withProcessor("yolo-hailo").withResources(3000, null, null, null)).resources();
      Resources onlyMemoryAndGpu = parse(aStream().withProcessor("yolo-hailo").withResources(null, 4096, 2, null)).resources();
      Resources onlyAccelerator = parse(aStream().withProcessor("yolo-hailo").withResources(null, null, null, "coral")).resources();

      assertThat(onlyCpu).isEqualTo(new Resources(3000, 1024, 1, "hailo"));
      assertThat(onlyMemoryAndGpu).isEqualTo(new Resources(2000, 4096, 2, "hailo"));
      assertThat(onlyAccelerator).isEqualTo(new Resources(2000, 1024, 1, "coral"));
    }

    @Test
    void anEmptyResourcesObjectMeansTheProcessorsDefaults() {
      assertThat(parse(aStream().withProcessor("yolo-hailo").withResources(null, null, null, null)).resources())
          .isEqualTo(YOLO_DEFAULTS);
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 0", "1024000, 16777216, 64"})
    void acceptAmountsAtTheirBounds(int cpu, int memory, int gpu) {
      assertThat(parse(aStream().withResources(cpu, memory, gpu, null)).resources())
          .isEqualTo(new Resources(cpu, memory, gpu, null));
    }

    @ParameterizedTest
    @CsvSource({
        "resources.cpu_millis, 0, 1, 1024000", "resources.cpu_millis, 1024001, 1, 1024000",
        "resources.cpu_millis, -500, 1, 1024000",
        "resources.memory_mb, 0, 1, 16777216", "resources.memory_mb, 16777217, 1, 16777216",
        "resources.gpu, -1, 0, 64", "resources.gpu, 65, 0, 64"})
    void outOfRangeAreRejectedWithTheValueAndTheRange(String field, int value, int min, int max) {
      StreamRequestBuilder request = switch (field) {
        case "resources.cpu_millis" -> aStream().withResources(value, null, null, null);
        case "resources.memory_mb" -> aStream().withResources(null, value, null, null);
        default -> aStream().withResources(null, null, value, null);
      };

      FieldError error = onlyErrorOf(request);

      assertThat(error).isEqualTo(new FieldError(field, value + " is out of range; use " + min + " to " + max));
    }

    @Test
    void acceleratorMustFollowTheIdRule() {
      FieldError error = onlyErrorOf(aStream().withResources(null, null, null, "Hailo 8"));

      assertThat(error).isEqualTo(new FieldError("resources.accelerator", "'Hailo 8' is invalid; " + Ids.RULE));
    }
  }

  /** Labels and params share key and size rules, except that param names (usable as {param.NAME}) have no '/'. */
  @Nested
  class LabelsAndParams {
    @ParameterizedTest
    @CsvSource({
        "labels, a", "labels, 0", "labels, app.example.com/tier", "labels, x-y_z.w", "params, a", "params, model.path",
        "labels, abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0",
        "params, abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0"})
    void acceptKeysOfOneTo63CharactersStartingAndEndingWithALetterOrDigit(String field, String key) {
      StreamSpec spec = parse(aStream().withMap(field, Map.of(key, "v")));

      assertThat(field.equals("labels") ? spec.labels() : spec.params()).containsExactly(Map.entry(key, "v"));
    }

    @ParameterizedTest
    @CsvSource({
        "labels, ''", "labels, Site", "labels, -site", "labels, site-", "labels, site/", "labels, 'site name'",
        "labels, abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01",
        "params, ''", "params, Threshold", "params, _threshold", "params, threshold.", "params, model/path",
        "params, abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01"})
    void rejectOtherKeysQuotingTheKeyAndStatingTheRule(String field, String key) {
      FieldError error = onlyErrorOf(aStream().withMap(field, Map.of(key, "v")));

      String slash = field.equals("labels") ? " or '/'" : "";
      assertThat(error).isEqualTo(new FieldError(field, "key '" + key + "' is invalid; keys are 1 to 63 lower-case"
          + " letters, digits, '-', '_', '.'" + slash + ", starting and ending with a letter or digit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"labels", "params"})
    void rejectANullKey(String field) {
      Map<String, String> map = new HashMap<>();
      map.put(null, "v");

      FieldError error = onlyErrorOf(aStream().withMap(field, map));

      assertThat(error.field()).isEqualTo(field);
      assertThat(error.message()).startsWith("key 'null' is invalid; ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"labels", "params"})
    void rejectANullValueNamingTheKeyAndSuggestingAnEmptyString(String field) {
      Map<String, String> map = new HashMap<>();
      map.put("site", null);

      FieldError error = onlyErrorOf(aStream().withMap(field, map));

      assertThat(error).isEqualTo(new FieldError(field + ".site", "is null; use a string (\"\" for empty)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"labels", "params"})
    void acceptValuesUpTo256CharactersIncludingEmptyOnes(String field) {
      Map<String, String> map = Map.of("long", "x".repeat(256), "empty", "");

      StreamSpec spec = parse(aStream().withMap(field, map));

      assertThat(field.equals("labels") ? spec.labels() : spec.params()).isEqualTo(map);
    }

    @ParameterizedTest
    @ValueSource(strings = {"labels", "params"})
    void rejectValuesLongerThan256CharactersNamingTheKeyAndTheLimit(String field) {
      FieldError error = onlyErrorOf(aStream().withMap(field, Map.of("note", "x".repeat(257))));

      assertThat(error).isEqualTo(new FieldError(field + ".note", "is 257 characters long; the limit is 256"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"labels", "params"})
    void acceptUpTo64Entries(String field) {
      assertThat(parse(aStream().withMap(field, entries(64))))
          .satisfies(spec -> assertThat(field.equals("labels") ? spec.labels() : spec.params()).hasSize(64));
    }

    @ParameterizedTest
    @ValueSource(strings = {"labels", "params"})
    void rejectMoreThan64EntriesWithTheCountAndTheLimit(String field) {
      FieldError error = onlyErrorOf(aStream().withMap(field, entries(65)));

      assertThat(error).isEqualTo(new FieldError(field, "has 65 entries; the limit is 64"));
    }

    @Test
    void areSortedByKeySoEqualSpecsSerializeIdentically() {
      Map<String, String> unsorted = new LinkedHashMap<>();
      unsorted.put("zeta", "1");
      unsorted.put("alpha", "2");
      unsorted.put("mid", "3");

      StreamSpec spec = parse(aStream().withLabels(unsorted).withParams(unsorted));

      assertThat(spec.labels().keySet()).containsExactly("alpha", "mid", "zeta");
      assertThat(spec.params().keySet()).containsExactly("alpha", "mid", "zeta");
    }

    private static Map<String, String> entries(int count) {
      Map<String, String> map = new HashMap<>();
      for (int i = 0; i < count; i++) {
        map.put("key-" + i, "value");
      }
      return map;
    }
  }

  @Nested
  class Priority {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 50, 99, 100})
    void acceptsZeroTo100(int priority) {
      assertThat(parse(aStream().withPriority(priority)).priority()).isEqualTo(priority);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void outsideZeroTo100IsRejectedStatingTheRangeAndTheDefault(int priority) {
      FieldError error = onlyErrorOf(aStream().withPriority(priority));

      assertThat(error).isEqualTo(new FieldError("priority",
          priority + " is out of range; use 0 (lowest) to 100 (highest), default 50"));
    }
  }

  @Nested
  class PlacementConstraints {
    @Test
    void overlapZonesAndNodeSelectorAreKeptSorted() {
      StreamSpec spec = parse(aStream().withZone("north").withOverlapZones("west", "east").withNodeSelector(Map.of("gpu", "nvidia")));

      assertThat(spec.overlapZones()).containsExactly("east", "west");
      assertThat(spec.nodeSelector()).containsExactly(Map.entry("gpu", "nvidia"));
    }

    @Test
    void anyZoneIsWrittenAsAStar() {
      assertThat(parse(aStream().withOverlapZones("*")).overlapZones()).containsExactly("*");
    }

    @Test
    void anOverlapZoneThatIsNotAnIdIsRejectedWithTheWildcardHint() {
      FieldError e = onlyErrorOf(aStream().withOverlapZones("North Zone"));
      assertThat(e.field()).isEqualTo("overlap_zones");
      assertThat(e.message()).contains("use zone ids, or \"*\" for any zone");
    }

    @Test
    void aNodeSelectorKeyIsCheckedLikeALabelKey() {
      FieldError e = onlyErrorOf(aStream().withNodeSelector(Map.of("Bad Key", "x")));
      assertThat(e.field()).isEqualTo("node_selector");
      assertThat(e.message()).contains("key 'Bad Key' is invalid");
    }
  }

  @Nested
  class Handover {
    @Test
    void defaultsToOverlap() {
      assertThat(parse(aStream().withHandover(null)).handover()).isEqualTo(HandoverPolicy.OVERLAP);
    }

    @ParameterizedTest
    @CsvSource({"overlap, OVERLAP", "exclusive, EXCLUSIVE"})
    void acceptsTheWireNamesOfThePolicies(String value, HandoverPolicy expected) {
      assertThat(parse(aStream().withHandover(value)).handover()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "none", "EXCLUSIVE", "Overlap", " overlap"})
    void rejectsAnythingElseListingTheChoices(String value) {
      FieldError error = onlyErrorOf(aStream().withHandover(value));

      assertThat(error).isEqualTo(new FieldError("handover",
          "'" + value + "' is not a handover policy; use overlap (default) or exclusive"));
    }
  }

  @Nested
  class ErrorReporting {
    private final StreamRequestBuilder everythingWrong = aStream()
        .withId("Cam 1")
        .withUrl("ftp://camera-1.local/stream")
        .withProcessor("people-counter")
        .withZone("Zone A")
        .withSpreadGroup("-lobby")
        .withResources(0, 0, 65, "Hailo 8")
        .withLabel("Site", "north")
        .withParams(Map.of("threshold", "x".repeat(300)))
        .withPriority(101)
        .withHandover("none");

    @Test
    void collectsAnErrorForEveryBadFieldNotOnlyTheFirst() {
      List<FieldError> errors = errorsOf(everythingWrong, "cam-1");

      assertThat(errors).extracting(FieldError::field).containsExactly(
          "id", "url", "processor", "zone", "spread_group",
          "resources.cpu_millis", "resources.memory_mb", "resources.gpu", "resources.accelerator",
          "labels", "params.threshold", "priority", "handover");
    }

    @Test
    void theExceptionMessageListsEveryErrorPrefixedByItsField() {
      InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
          () -> StreamSpecParser.parse(everythingWrong.build(), null, PROCESSORS));

      assertThat(e.getMessage()).isEqualTo(String.join("; ", e.errors().stream().map(FieldError::toString).toList()));
      assertThat(e.getMessage()).startsWith("id: 'Cam 1' is invalid; ").contains("; handover: 'none' is not a handover policy");
    }

    /**
     * Every message tells the user what to do: a rule to follow, the accepted values or range, an
     * example or a limit. Each phrase below is one of those remedies.
     */
    @Test
    void everyMessageStatesHowToFixTheValue() {
      List<String> remedies = List.of(Ids.RULE, "use ", "the limit is", "keys are 1 to 63",
          "list them with GET /api/v1/processors");

      assertThat(errorsOf(everythingWrong)).allSatisfy(e ->
          assertThat(remedies).as("remedy in %s", e).anyMatch(e.message()::contains));
    }
  }

  // ---- properties ----

  @Property
  void everyIdAcceptedByTheSharedRuleRoundTripsAsTheStreamId(@ForAll("validIds") String id) {
    assertThat(Ids.isValid(id)).as("generator stays inside the rule").isTrue();

    StreamSpec spec = StreamSpecParser.parse(aStream().withId(id).build(), null, PROCESSORS);

    assertThat(spec.id()).isEqualTo(id);
  }

  @Property
  void theParserAcceptsAnIdExactlyWhenTheSharedRuleDoes(@ForAll("validAndArbitraryIds") String id) {
    boolean accepted;
    try {
      StreamSpecParser.parse(aStream().withId(id).build(), null, PROCESSORS);
      accepted = true;
    } catch (InvalidInputException e) {
      assertThat(e.errors()).extracting(FieldError::field).containsExactly("id");
      accepted = false;
    }
    assertThat(accepted).isEqualTo(Ids.isValid(id));
  }

  /** Strings of the language of {@link Ids#PATTERN}: one of [a-z0-9], then 0..62 of [a-z0-9-_.]. */
  @Provide
  Arbitrary<String> validIds() {
    Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('0', '9');
    Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
        .withChars('-', '_', '.').ofMinLength(0).ofMaxLength(62);
    return Combinators.combine(first, rest).as((f, r) -> f + r);
  }

  @Provide
  Arbitrary<String> validAndArbitraryIds() {
    Arbitrary<String> nearMisses = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
        .withCharRange('0', '9').withChars('-', '_', '.', '/', ' ').ofMinLength(0).ofMaxLength(66);
    return Arbitraries.oneOf(validIds(), nearMisses, Arbitraries.strings().ofMaxLength(70));
  }
}
