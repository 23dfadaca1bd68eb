package io.streamfleet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTemplateTest {
  private static final Map<String, String> VALUES = Map.of(
      "stream.id", "cam-1",
      "stream.url", "rtsp://camera-1.local/stream",
      "epoch", "7",
      "node.id", "edge-3",
      "data.dir", "/var/lib/streamfleet/streams/cam-1",
      "param.threshold", "0.4");

  private static final String KNOWN =
      "known: {stream.id}, {stream.url}, {epoch}, {node.id}, {data.dir}, {param.NAME}";

  @ParameterizedTest
  @CsvSource({
      "{stream.id}, cam-1",
      "{stream.url}, rtsp://camera-1.local/stream",
      "{epoch}, 7",
      "{node.id}, edge-3",
      "{data.dir}, /var/lib/streamfleet/streams/cam-1",
      "{param.threshold}, 0.4"})
  void replacesEachKnownPlaceholderWithItsValue(String arg, String expected) {
    assertThat(CommandTemplate.expand(arg, VALUES)).isEqualTo(expected);
  }

  @Test
  void replacesSeveralPlaceholdersInsideOneArgument() {
    assertThat(CommandTemplate.expand("--out={data.dir}/{stream.id}-{epoch}.jsonl", VALUES))
        .isEqualTo("--out=/var/lib/streamfleet/streams/cam-1/cam-1-7.jsonl");
  }

  @Test
  void leavesAnArgumentWithoutBracesUnchanged() {
    assertThat(CommandTemplate.expand("-hide_banner", VALUES)).isEqualTo("-hide_banner");
    assertThat(CommandTemplate.expand("", VALUES)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "'{{', '{'",
      "'}}', '}'",
      "'{{stream.id}}', '{stream.id}'",
      "'{{{stream.id}}}', '{cam-1}'",
      "'select=eq(n\\,0)+{{x}}', 'select=eq(n\\,0)+{x}'"})
  void treatsDoubledBracesAsLiteralBraces(String arg, String expected) {
    assertThat(CommandTemplate.expand(arg, VALUES)).isEqualTo(expected);
  }

  @Test
  void writesJsonWithDoubledBraces() {
    assertThat(CommandTemplate.expand("{{\"id\": \"{stream.id}\"}}", VALUES)).isEqualTo("{\"id\": \"cam-1\"}");
  }

  @Test
  void readsASingleBraceInJsonAsTheStartOfAPlaceholder() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandTemplate.expand("{\"id\": \"{stream.id}\"}", VALUES))
        .withMessageStartingWith("unknown placeholder {\"id\": \"{stream.id}");
  }

  @Test
  void insertsValuesVerbatimWithoutExpandingBracesInsideThem() {
    Map<String, String> values = Map.of("stream.url", "http://x/{epoch}}{");

    assertThat(CommandTemplate.expand("{stream.url}", values)).isEqualTo("http://x/{epoch}}{");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{stream.name}", "{streamid}", "{STREAM.ID}", "{ epoch }", "{}", "{param}", "{param.}",
      "{param.Threshold}", "{param.-x}", "{param.x-}", "{env.HOME}"})
  void rejectsAnUnknownPlaceholderNamingItAndListingTheKnownOnes(String placeholder) {
    String arg = "--x=" + placeholder;

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandTemplate.expand(arg, VALUES))
        .withMessage("unknown placeholder " + placeholder + " in '" + arg + "'; " + KNOWN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{stream.id", "--out={data.dir/x", "{", "x{{{"})
  void rejectsAnUnclosedBraceSuggestingTheEscape(String arg) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandTemplate.expand(arg, VALUES))
        .withMessage("'" + arg + "' has an unclosed '{'; write {{ for a literal brace");
  }

  @ParameterizedTest
  @ValueSource(strings = {"}", "a}b", "{stream.id}}", "}}}"})
  void rejectsAStrayClosingBraceSuggestingTheEscape(String arg) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandTemplate.expand(arg, VALUES))
        .withMessage("'" + arg + "' has a stray '}'; write }} for a literal brace");
  }

  @Test
  void rejectsAKnownPlaceholderThatHasNoValueNamingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CommandTemplate.expand("--gpu={param.gpu}", VALUES))
        .withMessage("no value for placeholder {param.gpu} in '--gpu={param.gpu}'");
  }

  @Test
  void problemIsEmptyForAWellFormedTemplateEvenWithoutValues() {
    assertThat(CommandTemplate.problem("--x={param.anything}/{stream.id}{{}}")).isEmpty();
  }

  @Test
  void problemDescribesWhatIsWrongWithAMalformedTemplate() {
    assertThat(CommandTemplate.problem("{nope}")).hasValue("unknown placeholder {nope} in '{nope}'; " + KNOWN);
    assertThat(CommandTemplate.problem("{epoch")).hasValue("'{epoch' has an unclosed '{'; write {{ for a literal brace");
    assertThat(CommandTemplate.problem("epoch}")).hasValue("'epoch}' has a stray '}'; write }} for a literal brace");
  }

  @Test
  void expandAllExpandsEveryArgumentInOrder() {
    List<String> command = List.of("ffmpeg", "-i", "{stream.url}", "-metadata", "epoch={epoch}", "{data.dir}/out.mp4");

    assertThat(CommandTemplate.expandAll(command, VALUES)).containsExactly("ffmpeg", "-i",
        "rtsp://camera-1.local/stream", "-metadata", "epoch=7", "/var/lib/streamfleet/streams/cam-1/out.mp4");
  }

  @Test
  void theKnownFieldsArePinned() {
    assertThat(CommandTemplate.FIELDS).containsExactly("stream.id", "stream.url", "epoch", "node.id", "data.dir");
  }

  /** Doubling every brace is how a user writes literal text; expansion must give the text back. */
  @Property
  void anyTextWithItsBracesDoubledExpandsToItself(@ForAll String text) {
    String escaped = text.replace("{", "{{").replace("}", "}}");

    assertThat(CommandTemplate.expand(escaped, VALUES)).isEqualTo(text);
    assertThat(CommandTemplate.problem(escaped)).isEmpty();
  }
}
