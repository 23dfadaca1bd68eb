package io.streamfleet.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (or test class) that needs external programs from the machine's packages, such as
 * {@code ffmpeg}. Outside CI a machine without them skips the test and says loudly what to
 * install; in CI (environment variable {@code CI=true}) a missing program fails the test instead,
 * so CI can never pass by skipping.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiredProgramsCondition.class)
public @interface RequiresProgram {
  /** Program names looked up on the PATH, e.g. {@code "ffmpeg"}. */
  String[] value();

  /** The Debian package that provides them, named in the message. */
  String debianPackage();
}
