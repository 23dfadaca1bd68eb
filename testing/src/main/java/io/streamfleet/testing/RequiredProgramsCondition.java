package io.streamfleet.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Evaluates {@link RequiresProgram}: skip with a loud message, or fail in CI. */
public final class RequiredProgramsCondition implements ExecutionCondition {
  private final Map<String, String> env;
  private final Predicate<String> onPath;

  public RequiredProgramsCondition() {
    this(System.getenv(), RequiredProgramsCondition::onPath);
  }

  RequiredProgramsCondition(Map<String, String> env, Predicate<String> onPath) {
    this.env = env;
    this.onPath = onPath;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RequiresProgram> needs = context.getElement()
        .flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresProgram.class));
    if (needs.isEmpty()) {
      return ConditionEvaluationResult.enabled("needs no external program");
    }
    return evaluate(needs.get().value(), needs.get().debianPackage());
  }

  /** The decision for these programs on this machine. */
  ConditionEvaluationResult evaluate(String[] programs, String debianPackage) {
    List<String> missing = new ArrayList<>();
    for (String p : programs) {
      if (!onPath.test(p)) {
        missing.add(p);
      }
    }
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("found " + String.join(", ", programs));
    }
    String message = "SKIPPED: this test needs " + String.join(", ", missing) + " on the PATH; install it with: apt-get install "
        + debianPackage + " (.ci/run does)";
    if ("true".equalsIgnoreCase(env.get("CI"))) {
      throw new IllegalStateException("CI=true but " + String.join(", ", missing) + " is missing: .ci/run must install "
          + debianPackage + " before the tests run");
    }
    System.err.println("*** " + message);
    return ConditionEvaluationResult.disabled(message);
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return true;
      }
    }
    return false;
  }
}
