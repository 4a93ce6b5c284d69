package io.hermod.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The scenario catalogue of tck/README.md is the one the kit generates. */
class ScenarioCatalogueTest {

  private static final Path README = Path.of("README.md");
  private static final String UPDATE = "io.hermod.tck.catalogue";

  @Test
  void readmeCatalogueIsGenerated() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String fresh = ScenarioCatalogue.markdown();
    if (ScenarioCatalogue.section(readme).equals(fresh)) {
      return;
    }
    if ("update".equals(System.getProperty(UPDATE))) {
      Files.writeString(README, ScenarioCatalogue.withFreshSection(readme), StandardCharsets.UTF_8);
      return;
    }
    fail(
        "tck/README.md's scenario catalogue differs from the kit's scenarios. Regenerate it with\n"
            + "  ./mvnw -pl tck -am verify -Dtest=ScenarioCatalogueTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D"
            + UPDATE
            + "=update\n"
            + "or replace the lines between "
            + ScenarioCatalogue.START
            + " and "
            + ScenarioCatalogue.END
            + " with:\n\n"
            + fresh);
  }

  @Test
  void everyIdTheReadmeNamesIsAScenario() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Set<String> ids =
        ScenarioCatalogue.rows().stream()
            .map(ScenarioCatalogue.Row::id)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> named = new TreeSet<>();
    Matcher m = Pattern.compile("\\b[A-H]\\d{2}\\b").matcher(readme);
    while (m.find()) {
      named.add(m.group());
    }
    assertThat(ids).as("scenario ids of the kit").containsAll(named);
  }

  @Test
  void measuredNamesAreCountNames() {
    for (ScenarioCatalogue.Row row : ScenarioCatalogue.rows()) {
      for (String name : row.scenario().measures()) {
        assertThat(name).as(row.id() + " measures").matches("[a-z][a-z0-9_]{0,63}");
      }
    }
  }
}
