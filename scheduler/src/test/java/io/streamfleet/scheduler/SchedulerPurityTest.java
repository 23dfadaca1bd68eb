package io.streamfleet.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The scheduler is a pure function of its snapshot: it may use the JDK and the shared model and
 * nothing else, and even within the JDK no I/O, threads, clocks or random sources. (The server's
 * DeterminismRulesTest also forbids clock and random calls here; this test keeps the module honest
 * on its own build.)
 */
class SchedulerPurityTest {
  private static final JavaClasses SCHEDULER = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.streamfleet.scheduler");

  @Test
  void dependsOnNothingButTheJdkAndTheModel() {
    classes().that().resideInAPackage("io.streamfleet.scheduler..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.streamfleet.model..", "io.streamfleet.scheduler..")
        .because("the scheduler must run the same inside the server, the CLI and tests")
        .check(SCHEDULER);
  }

  @Test
  void doesNoIoStartsNoThreadsAndReadsNoClockOrRandomness() {
    noClasses().that().resideInAPackage("io.streamfleet.scheduler..")
        .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..", "java.util.concurrent..",
            "java.time..", "java.util.random..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.System")
        .because("a plan must be a deterministic function of the snapshot (same input, equal plan)")
        .check(SCHEDULER);
  }
}
