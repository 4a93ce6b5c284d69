package io.hermod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HelpTest {

  @ParameterizedTest
  @ValueSource(strings = {"demo", "tck", "send", "tail"})
  void everyCommandHasHelp(String command) {
    Cli.Result r = Cli.run(command, "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: hermod " + command).contains("--binding").contains("Exit codes:");
  }

  @Test
  void theTopLevelHelpListsTheCommands() {
    Cli.Result r = Cli.run("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: hermod").contains("demo").contains("tck").contains("send").contains("tail");
  }

  @Test
  void theHelpCommandShowsACommandsHelp() {
    Cli.Result r = Cli.run("help", "tail");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: hermod tail").contains("--subscription");
  }

  @Test
  void noCommandIsAUsageError() {
    Cli.Result r = Cli.run();

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Usage: hermod");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Cli.Result r = Cli.run("demo", "--no-such-option");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--no-such-option");
  }
}
