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
