package io.hermod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.cli.internal.DemoCommand;
import io.hermod.cli.internal.SendCommand;
import io.hermod.cli.internal.TailCommand;
import io.hermod.cli.internal.TckCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class HelpTest {

  @ParameterizedTest
  @ValueSource(strings = {"demo", "tck", "send", "tail"})
  void everyCommandHasHelp(String command) {
    Cli.Result r = Cli.run(command, "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("Usage: hermod " + command)
        .contains("--binding")
        .contains("Exit codes:");
  }

  @Test
  void theTopLevelHelpListsTheCommands() {
    Cli.Result r = Cli.run("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("Usage: hermod")
        .contains("demo")
        .contains("tck")
        .contains("send")
        .contains("tail");
  }

  @ParameterizedTest
  @ValueSource(
      classes = {DemoCommand.class, TckCommand.class, SendCommand.class, TailCommand.class})
  void theTopLevelHelpSummarisesEachCommandInAWholeSentence(Class<?> command) {
    // The list shows the first line of each command's description: it must be a whole sentence.
    String summary = new CommandLine(command).getCommandSpec().usageMessage().description()[0];

    assertThat(summary).endsWith(".");
    assertThat(commandsSection(Cli.run("--help").out())).contains(summary);
  }

  @Test
  void theTopLevelHelpShowsTheseSummaries() {
    String commands = commandsSection(Cli.run("--help").out());

    assertThat(commands)
        .contains(
            "demo Show the messaging patterns at work on a binding, narrating what each consumer received.")
        .contains("tck Check a running broker against the Hermod compatibility kit (the TCK).")
        .contains("send Publish one text message to a channel and print the broker's receipt.")
        .contains("tail Watch a channel and print each message as it arrives.");
  }

  /** The "Commands:" section of the top-level help, its wrapped lines joined by single spaces. */
  private static String commandsSection(String help) {
    String section = help.substring(help.indexOf("Commands:"), help.indexOf("Exit codes:"));
    return section.replaceAll("\\s+", " ");
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
    assertThat(r.err().lines())
        .containsExactly(
            "hermod demo: unknown option '--no-such-option'", "see 'hermod demo --help'");
  }

  @Test
  void aMisspelledOptionGetsTheClosestName() {
    Cli.Result r = Cli.run("demo", "--step-timout", "5s");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            "hermod demo: unknown option '--step-timout'; did you mean '--step-timeout'?",
            "see 'hermod demo --help'");
  }

  @Test
  void aMisspelledOptionWithItsValueAttachedGetsTheClosestName() {
    Cli.Result r =
        Cli.run("send", "--binding", "inmemory", "--channel", "c", "--conect-timeout=5s", "hi");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines().findFirst())
        .contains(
            "hermod send: unknown option '--conect-timeout'; did you mean '--connect-timeout'?");
  }

  @Test
  void aMisspelledRequiredOptionIsNamedRatherThanReportedMissing() {
    Cli.Result r = Cli.run("tail", "--binding", "inmemory", "--chanel", "orders");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines().findFirst())
        .contains(
            "hermod tail: unknown option '--chanel'; did you mean '--channel'?"
                + " (Missing required option: '--channel=NAME')");
  }

  @Test
  void aMisspelledCommandGetsTheClosestName() {
    Cli.Result r = Cli.run("dmeo");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            "hermod: unknown command 'dmeo'; did you mean 'demo'?", "see 'hermod --help'");
  }

  @Test
  void anUnknownCommandFarFromAnyIsNamedWithoutAGuess() {
    Cli.Result r = Cli.run("publish-everything");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly("hermod: unknown command 'publish-everything'", "see 'hermod --help'");
  }
}
