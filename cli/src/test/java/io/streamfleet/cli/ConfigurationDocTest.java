package io.streamfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/configuration.md documents every flag of the long-running commands. */
class ConfigurationDocTest {
  @ParameterizedTest
  @ValueSource(strings = {"server", "agent", "dev"})
  void everyFlagIsInTheConfigurationReference(String command) throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    CommandLine cmd = new CommandLine(new Main()).getSubcommands().get(command);
    for (OptionSpec option : cmd.getCommandSpec().options()) {
      if (option.usageHelp() || option.versionHelp() || option.hidden()) {
        continue;
      }
      assertThat(doc).as("docs/configuration.md mentions " + command + " " + option.longestName())
          .contains("`" + option.longestName() + "`");
    }
  }
}
