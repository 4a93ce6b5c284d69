package io.hermod.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.ConfigurationException;
import org.junit.jupiter.api.Test;

/** The key list and environment mapping other configuration sources (Spring's) read through. */
class ConfigurationReferenceKeysTest {

  @Test
  void keysAreTheDeclarationsUnderTheirFullNames() {
    assertThat(ConfigurationReference.keys())
        .extracting(ConfigurationReference.Key::name)
        .contains("hermod.binding", "hermod.send-timeout", "hermod.channels.<name>.kind");
  }

  @Test
  void environmentVariablesMapAsFromConfigMapsThem() {
    assertThat(ConfigurationReference.keyOfEnvironmentVariable("HERMOD_SEND_TIMEOUT"))
        .contains("hermod.send-timeout");
    assertThat(ConfigurationReference.keyOfEnvironmentVariable("HERMOD_CHANNELS_MY_ORDERS_KIND"))
        .contains("hermod.channels.my-orders.kind");
    assertThat(ConfigurationReference.keyOfEnvironmentVariable("HERMOD_CONFIG")).isEmpty();
    assertThat(ConfigurationReference.keyOfEnvironmentVariable("PATH")).isEmpty();
  }

  @Test
  void aPropertyWithAnOriginSaysWhereItWasSet() {
    assertThatThrownBy(
            () ->
                Hermod.builder()
                    .property("hermod.send-timout", "5s", "application.yaml line 3")
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.send-timout")
        .hasMessageContaining("(set by application.yaml line 3)");
  }
}
