package io.streamfleet.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnitReference;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.streamfleet.server.state.fixture.ClockReferenceFixture;
import io.streamfleet.server.state.fixture.InjectedClockFixture;
import io.streamfleet.server.state.fixture.RandomSourceFixture;
import io.streamfleet.server.state.fixture.WallClockFixture;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Determinism is checked, not hoped for: code that applies the Raft log (the state machine), the
 * model it works on, and the scheduler must be deterministic functions of their inputs, so every
 * server applying the same log reaches the same state. They may not read a wall clock or a
 * random source; time comes from {@code CommandMeta.atMs} or an injected {@code Clock}.
 */
class DeterminismRulesTest {
  static final String[] DETERMINISTIC_PACKAGES = {
      "io.streamfleet.server.state..", "io.streamfleet.model..", "io.streamfleet.scheduler.."};

  /**
   * A method or constructor that reads the wall clock or a random source. Beyond the forms named
   * in STYLE.md this also covers their exact equivalents (every java.time {@code now(...)} without
   * a Clock argument, {@code Clock.system(zone)}, {@code InstantSource.system()}, {@code
   * Math.random()}, {@code SecureRandom.getInstance*}). A seeded {@code new Random(seed)} is
   * refused too: a seed has to come from the command, and then the scheduler should take it as a
   * value rather than build its own generator.
   */
  static final DescribedPredicate<AccessTarget> WALL_CLOCK_OR_RANDOM_SOURCE = DescribedPredicate.describe(
      "a wall clock or random source (Instant.now(), LocalDateTime.now(), System.currentTimeMillis(),"
          + " System.nanoTime(), Clock.systemUTC()/systemDefaultZone(), UUID.randomUUID(),"
          + " ThreadLocalRandom.current(), new Random(), new SecureRandom(), ...)",
      DeterminismRulesTest::readsWallClockOrRandomness);

  /** The rule, defined once; {@link #productionCodeReadsNoWallClockOrRandomSource} applies it to the build. */
  static final ArchRule NO_WALL_CLOCK_OR_RANDOMNESS_IN_DETERMINISTIC_CODE = noClasses()
      .that().resideInAnyPackage(DETERMINISTIC_PACKAGES)
      .should().callMethodWhere(JavaCall.Predicates.target(WALL_CLOCK_OR_RANDOM_SOURCE))
      .orShould().callConstructorWhere(JavaCall.Predicates.target(WALL_CLOCK_OR_RANDOM_SOURCE))
      .orShould().accessTargetWhere(referenceTo(WALL_CLOCK_OR_RANDOM_SOURCE))
      .because("applying the Raft log must give the same state on every server: take time from"
          + " CommandMeta.atMs() or an injected java.time.Clock, and randomness from a seed carried in the command");

  private static final Set<String> CLOCK_FACTORIES = Set.of("systemUTC", "systemDefaultZone", "system");

  private static boolean readsWallClockOrRandomness(AccessTarget target) {
    JavaClass owner = target.getOwner();
    String type = owner.getName();
    String name = target.getName();
    List<String> params = target instanceof CodeUnitAccessTarget unit
        ? unit.getRawParameterTypes().stream().map(JavaClass::getName).toList()
        : List.of();
    if (name.equals("<init>")) {
      return owner.isAssignableTo(Random.class);
    }
    return switch (type) {
      case "java.lang.System" -> name.equals("currentTimeMillis") || name.equals("nanoTime");
      case "java.time.Clock" -> CLOCK_FACTORIES.contains(name);
      case "java.time.InstantSource" -> name.equals("system");
      case "java.util.UUID" -> name.equals("randomUUID");
      case "java.util.concurrent.ThreadLocalRandom" -> name.equals("current");
      case "java.lang.Math", "java.lang.StrictMath" -> name.equals("random");
      case "java.security.SecureRandom" -> name.startsWith("getInstance");
      default -> owner.getPackageName().equals("java.time") && name.equals("now")
          && !params.contains("java.time.Clock");
    };
  }

  /** Method and constructor references ({@code Instant::now}) are accesses but not calls. */
  private static DescribedPredicate<JavaAccess<?>> referenceTo(DescribedPredicate<? super AccessTarget> target) {
    return DescribedPredicate.describe("reference " + target.getDescription(),
        access -> access instanceof JavaCodeUnitReference<?> && target.test(access.getTarget()));
  }

  @Test
  void productionCodeReadsNoWallClockOrRandomSource() {
    JavaClasses production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.streamfleet");
    assertThat(production.containPackage("io.streamfleet.server.state")).as("state machine imported").isTrue();
    assertThat(production.containPackage("io.streamfleet.model.command")).as("model imported").isTrue();

    NO_WALL_CLOCK_OR_RANDOMNESS_IN_DETERMINISTIC_CODE.check(production);
  }

  @Test
  void theRuleCatchesAWallClockReadInTheStateMachine() {
    EvaluationResult result = NO_WALL_CLOCK_OR_RANDOMNESS_IN_DETERMINISTIC_CODE.evaluate(
        new ClassFileImporter().importClasses(WallClockFixture.class));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).singleElement().asString()
        .contains(WallClockFixture.class.getName() + ".stampedNow()", "java.time.Instant.now()");
  }

  @Test
  void theRuleCatchesAConstructedRandomSource() {
    EvaluationResult result = NO_WALL_CLOCK_OR_RANDOMNESS_IN_DETERMINISTIC_CODE.evaluate(
        new ClassFileImporter().importClasses(RandomSourceFixture.class));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).singleElement().asString()
        .contains("java.security.SecureRandom.<init>()");
  }

  @Test
  void theRuleCatchesAMethodReferenceToTheWallClock() {
    EvaluationResult result = NO_WALL_CLOCK_OR_RANDOMNESS_IN_DETERMINISTIC_CODE.evaluate(
        new ClassFileImporter().importClasses(ClockReferenceFixture.class));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).singleElement().asString()
        .contains("java.time.Instant.now()");
  }

  @Test
  void theRuleAllowsAnInjectedClockAndACallerOwnedRandom() {
    EvaluationResult result = NO_WALL_CLOCK_OR_RANDOMNESS_IN_DETERMINISTIC_CODE.evaluate(
        new ClassFileImporter().importClasses(InjectedClockFixture.class));

    assertThat(result.hasViolation()).as("%s", result.getFailureReport()).isFalse();
  }
}
