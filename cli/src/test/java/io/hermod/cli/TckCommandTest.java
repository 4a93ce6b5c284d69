package io.hermod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TckCommandTest {

  @TempDir Path dir;

  @Test
  void runsTheSelectedScenariosPrintsTheTableAndWritesTheReport() throws Exception {
    Path report = dir.resolve("report.jsonl");

    Cli.Result r =
        Cli.run(
            "tck",
            "--binding",
            "inmemory",
            "--profile",
            "short",
            "--scenario",
            "A02,B05,F05",
            "--report",
            report.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("broker reachable: UP")
        .contains("running 3 scenarios")
        .contains("[ 1/3] A02  passed")
        .contains("| A02      | passed  |")
        .contains("| B05      | passed  |")
        .contains("| F05      | skipped | the inmemory fixture cannot restart its broker |")
        .contains("3 scenarios: 2 passed, 1 skipped, 0 failed");
    List<String> lines = Files.readAllLines(report);
    assertThat(lines).hasSize(3);
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"binding\":\"inmemory\"")
                    .contains("\"scenario\":\"A02\"")
                    .contains("\"result\":\"passed\""));
  }

  @Test
  void aScenarioSelectorThatIsNoIdIsAUsageError() {
    Cli.Result r = Cli.run("tck", "--binding", "inmemory", "--scenario", "Z9");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--scenario takes ids such as A02");
  }

  @Test
  void anUnknownTckKeyIsAConfigurationError() throws Exception {
    Path config =
        Files.writeString(dir.resolve("c.properties"), "hermod.binding=inmemory\ntck.scael=0.5\n");

    Cli.Result r = Cli.run("tck", "--config", config.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown key 'tck.scael'").contains("did you mean 'tck.scale'?");
  }
}
