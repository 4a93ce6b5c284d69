package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hermod.api.ConfigurationException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jackson-dataformat-yaml is optional: in a JVM without it, properties files still work and a YAML
 * file fails with the artifact to add.
 */
class YamlWithoutJacksonYamlTest {

  @Test
  void aYamlFileWithoutTheYamlModuleNamesTheArtifactToAdd(@TempDir Path dir) throws Exception {
    Path yaml = Files.writeString(dir.resolve("app.yaml"), "hermod.send-timeout: 5s\n");
    Path props = Files.writeString(dir.resolve("app.properties"), "hermod.send-timeout=6s\n");
    String classPath =
        String.join(
            File.pathSeparator,
            Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("jackson-dataformat-yaml") && !e.contains("snakeyaml"))
                .toList());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", classPath, Reader.class.getName(), props.toString()));
    command.add(yaml.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child JVM finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(out)
        .contains(props + ": {hermod.send-timeout=6s}")
        .contains(
            yaml
                + ": invalid configuration of "
                + yaml
                + ": reading "
                + yaml.toUri().toURL()
                + " needs YAML support, which is optional: add"
                + " com.fasterxml.jackson.dataformat:jackson-dataformat-yaml");
  }

  /** The child JVM: reads each file named and prints its keys or its error. */
  public static final class Reader {
    private Reader() {}

    /**
     * Reads each file.
     *
     * @param args configuration files
     */
    public static void main(String[] args) {
      for (String file : args) {
        Properties system = new Properties();
        system.setProperty(ConfigSources.CONFIG_PROPERTY, file);
        try {
          Map<String, String> read =
              ConfigSources.read(Reader.class.getClassLoader(), Map.of(), system, Map.of());
          System.out.println(file + ": " + read);
        } catch (ConfigurationException e) {
          System.out.println(file + ": " + e.getMessage());
        }
      }
    }
  }
}
