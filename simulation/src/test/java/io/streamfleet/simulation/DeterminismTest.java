package io.streamfleet.simulation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A seed is a reproduction: the same seed gives the same run, event for event. */
class DeterminismTest {
  @Test
  void theSameSeedGivesTheSameTraceTwice() {
    for (long seed : new long[] {3, 4242, 987_654_321}) {
      Simulation.Result first = Simulation.run(ScheduleGenerator.random(seed), Simulation.Options.QUIET);
      Simulation.Result second = Simulation.run(ScheduleGenerator.random(seed), Simulation.Options.QUIET);

      assertThat(second).as("seed %d", seed).isEqualTo(first);
    }
  }

  @Test
  void differentSeedsGiveDifferentRuns() {
    long a = Simulation.run(ScheduleGenerator.random(11), Simulation.Options.QUIET).traceHash();
    long b = Simulation.run(ScheduleGenerator.random(12), Simulation.Options.QUIET).traceHash();

    assertThat(a).isNotEqualTo(b);
  }

  /**
   * Checked, not hoped for: simulation code reads no wall clock, starts no thread, and draws
   * randomness only from generators it seeds. (Test classes may time themselves for the report.)
   */
  @Test
  void simulationCodeUsesOnlySimulatedTimeAndSeededRandomness() {
    JavaClasses simulation = new ClassFileImporter().importPackages("io.streamfleet.simulation");
    ArchRule rule = noClasses().that().haveSimpleNameNotEndingWith("Test")
        .should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(Instant.class, "now")
        .orShould().callMethod(Clock.class, "systemUTC")
        .orShould().callMethod(Clock.class, "systemDefaultZone")
        .orShould().callMethod(Math.class, "random")
        .orShould().callConstructor(Random.class) // the unseeded constructor; new Random(seed) is fine
        .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
        // the controllers' Executor port is an interface the simulation implements with its event loop
        .orShould().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("a concurrency class other than Executor",
            (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("java.util.concurrent")
                && !c.getName().equals("java.util.concurrent.Executor") && !c.getName().equals("java.util.concurrent.atomic.LongAdder")))
        .because("a run must be a function of its seed");

    rule.check(simulation);
  }
}
