package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ProcessStatTest {
  /** A real line from this kernel, for {@code cat}: 52 fields. */
  private static final String CAT_LINE =
      "16945 (cat) R 16934 16934 16257 0 -1 4194304 100 0 0 0 7 3 0 0 20 0 1 0 432968 3133440 384"
          + " 18446744073709551615 94478342778880 94478342798761 140737369385040 0 0 0 0 0 0 0 0 0 17 1"
          + " 0 0 0 0 0 94478342814768 94478342816384 94478966988800 140737369393693 140737369393713"
          + " 140737369393713 140737369395179 0\n";

  @Test
  void readsPidNameParentCpuTicksAndStartTime() {
    ProcessStat stat = ProcessStat.parse(CAT_LINE);

    assertThat(stat).isEqualTo(new ProcessStat(16945, "cat", 16934, 7 + 3, 432968));
  }

  @Test
  void aNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
    String line = CAT_LINE.replace("16945 (cat) R", "12 ((my proc) x) S");

    ProcessStat stat = ProcessStat.parse(line);

    assertThat(stat.pid()).isEqualTo(12);
    assertThat(stat.name()).isEqualTo("(my proc) x");
    assertThat(stat.ppid()).isEqualTo(16934);
    assertThat(stat.cpuTicks()).isEqualTo(10);
    assertThat(stat.startTicks()).isEqualTo(432968);
  }

  @Test
  void aNameThatLooksLikeFieldsIsStillJustAName() {
    String line = CAT_LINE.replace("16945 (cat) R", "13 (a) R 1 2 3) S");

    ProcessStat stat = ProcessStat.parse(line);

    assertThat(stat.name()).isEqualTo("a) R 1 2 3");
    assertThat(stat.ppid()).isEqualTo(16934);
  }

  @Test
  void anEmptyNameIsAccepted() {
    assertThat(ProcessStat.parse(CAT_LINE.replace("(cat)", "()")).name()).isEmpty();
  }

  @Test
  void rejectsALineWithoutAName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ProcessStat.parse("12 cat R 1"))
        .withMessage("not a /proc/PID/stat line (no \"(comm)\"): 12 cat R 1");
  }

  @Test
  void rejectsATruncatedLine() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ProcessStat.parse("12 (cat) R 1 12 12 0 -1"))
        .withMessageStartingWith("/proc/PID/stat line has 6 fields after comm; expected at least 20");
  }

  @Test
  void theIdentityIsPidAndStartTime() {
    assertThat(ProcessStat.parse(CAT_LINE).identity()).isEqualTo(new ProcessStat.Identity(16945, 432968));
  }

  @Property
  void anyCommandNameParsesBackUnchanged(
      @ForAll("commandNames") String name,
      @ForAll @LongRange(min = 1, max = 4_194_304) long pid,
      @ForAll @LongRange(min = 0, max = 4_194_304) long ppid,
      @ForAll @LongRange(min = 0, max = 1L << 40) long utime) {
    String line = "%d (%s) S %d 1 1 0 -1 0 0 0 0 0 %d 5 0 0 20 0 1 0 999 0 0 0\n".formatted(pid, name, ppid, utime);

    ProcessStat stat = ProcessStat.parse(line);

    assertThat(stat).isEqualTo(new ProcessStat(pid, name, ppid, utime + 5, 999));
  }

  /** What comm can hold: up to 15 bytes of anything but NUL and newline, brackets included. */
  @Provide
  Arbitrary<String> commandNames() {
    return Arbitraries.strings().withChars("()[] -_.:/aZ09").ofMinLength(0).ofMaxLength(15);
  }
}
