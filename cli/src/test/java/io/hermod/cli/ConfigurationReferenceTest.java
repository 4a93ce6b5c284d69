package io.hermod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.hermod.core.ConfigurationReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference is the one generated from the key declarations of core,
 * channels and the four bindings (all on this module's class path).
 */
class ConfigurationReferenceTest {

  private static final Path README = Path.of("..", "README.md");
  private static final String UPDATE = "io.hermod.readme";

  @Test
  void theReadmeReferenceIsGeneratedFromTheDeclarations() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String fresh = ConfigurationReference.markdown();
    if (ConfigurationReference.section(readme).equals(fresh)) {
      return;
    }
    if ("update".equals(System.getProperty(UPDATE))) {
      int start = readme.indexOf(ConfigurationReference.START);
      int end = readme.indexOf(ConfigurationReference.END);
      assertThat(start).as("the README has the reference's start marker").isNotNegative();
      assertThat(end).as("the README has the reference's end marker").isGreaterThan(start);
      Files.writeString(
          README,
          readme.substring(0, start + ConfigurationReference.START.length())
              + "\n\n"
              + fresh
              + "\n"
              + readme.substring(end),
          StandardCharsets.UTF_8);
      return;
    }
    fail(
        "README.md's configuration reference differs from the key declarations. Regenerate it"
            + " with\n  ./mvnw -pl cli -am verify -Dtest=ConfigurationReferenceTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D"
            + UPDATE
            + "=update\nor replace the lines between the markers with the output of `hermod"
            + " config-reference`:\n\n"
            + fresh);
  }

  @Test
  void everyBindingAndEveryCoreKeyIsListed() {
    String fresh = ConfigurationReference.markdown();
    assertThat(fresh)
        .contains("### Binding `inmemory`", "### Binding `artemis`", "### Binding `kafka`")
        .contains("### Binding `sqs`", "`hermod.send-timeout`", "`HERMOD_SEND_TIMEOUT`")
        .contains("`hermod.kafka.bootstrap-servers`", "| property |", "`max-delivery-attempts`")
        .doesNotContain("chaos");
  }

  @Test
  void theCommandPrintsTheReference() {
    Cli.Result r = Cli.run("config-reference");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(ConfigurationReference.markdown());
  }
}
