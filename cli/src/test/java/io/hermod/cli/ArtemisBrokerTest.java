package io.hermod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.binding.artemis.ArtemisFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against a real broker over the network: the embedded Artemis of the binding's own
 * tests (127.0.0.1, a random port, user and password), reached only through the {@code --config}
 * file, as a user's broker would be.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtemisBrokerTest {

  private Path dir;
  private String config;

  @BeforeAll
  void startBroker(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    String properties =
        ArtemisFixture.shared().config().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n"));
    config = Files.writeString(dir.resolve("artemis.properties"), properties).toString();
  }

  @Test
  void sendThenTailThroughTheBroker() throws IOException {
    Cli.Result sent =
        Cli.run(
            "send",
            "--config",
            config,
            "--channel",
            "cli.orders",
            "--key",
            "k1",
            "--header",
            "tenant=acme",
            "hello artemis");
    assertThat(sent.exitCode()).as(sent.err()).isZero();
    assertThat(sent.out()).contains("to queue cli.orders on artemis");

    Cli.Result tail =
        Cli.run(
            "tail",
            "--config",
            config,
            "--channel",
            "cli.orders",
            "--count",
            "1",
            "--timeout",
            "30s");

    assertThat(tail.exitCode()).as(tail.err()).isZero();
    assertThat(tail.out())
        .contains("key:          k1")
        .contains("headers:      tenant=acme")
        .contains("payload:      hello artemis");
  }

  @Test
  void theDemoRunsUnchangedOnArtemis() {
    Cli.Result r = Cli.run("demo", "--config", config);

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("Hermod demo on the 'artemis' binding")
        .contains("All 8 steps completed on the 'artemis' binding.");
  }

  @Test
  void theKitRunsAgainstABrokerItCannotRestart() {
    Path report = dir.resolve("artemis-tck.jsonl");

    Cli.Result r =
        Cli.run(
            "tck",
            "--config",
            config,
            "--profile",
            "short",
            "--scenario",
            "A01,A07,B02,H04",
            "--report",
            report.toString());

    assertThat(r.out())
        .contains("hermod tck: binding artemis")
        .contains("running 4 scenarios")
        // A01 removes the address key the generic fixture knows for artemis; A07 uses the
        // unreachable address it derives from it.
        .contains("| A01      | passed  |")
        .contains("| A07      | passed  |")
        .contains("| B02      | passed  |")
        .contains("| H04      | skipped | the artemis fixture cannot restart its broker |");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(report).exists();
  }
}
