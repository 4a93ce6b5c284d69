package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigSourcesTest {

  private static final List<String> BINDINGS = List.of("kafka", "inmemory");

  @Test
  void environmentVariablesMapToKeys() {
    assertThat(ConfigSources.keyOf("HERMOD_BINDING", BINDINGS)).isEqualTo("hermod.binding");
    assertThat(ConfigSources.keyOf("HERMOD_SEND_TIMEOUT", BINDINGS)).isEqualTo("hermod.send-timeout");
    assertThat(ConfigSources.keyOf("HERMOD_DEDUP_MAX_IDS", BINDINGS)).isEqualTo("hermod.dedup.max-ids");
    assertThat(ConfigSources.keyOf("HERMOD_CIRCUIT_BREAKER_WAIT_IN_OPEN", BINDINGS))
        .isEqualTo("hermod.circuit-breaker.wait-in-open");
    assertThat(ConfigSources.keyOf("HERMOD_KAFKA_BOOTSTRAP_SERVERS", BINDINGS))
        .isEqualTo("hermod.kafka.bootstrap-servers");
    assertThat(ConfigSources.keyOf("HERMOD_SEND_TIMOUT", BINDINGS)).isEqualTo("hermod.send-timout");
    assertThat(ConfigSources.keyOf("PATH", BINDINGS)).isNull();
    assertThat(ConfigSources.keyOf("HERMOD_", BINDINGS)).isNull();
  }

  @Test
  void theClassPathFileIsReadFirst(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("hermod.properties"), "hermod.send-timeout=1s\nhermod.request-timeout=9s\n");
    try (java.net.URLClassLoader loader =
        new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, null)) {
      Map<String, String> merged =
          ConfigSources.read(loader, Map.of("HERMOD_SEND_TIMEOUT", "2s"), new Properties(), BINDINGS);
      assertThat(merged)
          .containsEntry("hermod.send-timeout", "2s")
          .containsEntry("hermod.request-timeout", "9s");
    }
  }

  @Test
  void laterSourcesWin() {
    Properties system = new Properties();
    system.setProperty("hermod.send-timeout", "3s");
    system.setProperty("java.version", "17");
    Map<String, String> merged =
        ConfigSources.read(
            getClass().getClassLoader(),
            Map.of("HERMOD_SEND_TIMEOUT", "2s", "HERMOD_CONNECT_TIMEOUT", "1s"),
            system,
            BINDINGS);
    assertThat(merged)
        .containsEntry("hermod.send-timeout", "3s")
        .containsEntry("hermod.connect-timeout", "1s")
        .doesNotContainKey("java.version");
  }
}
