package io.hermod.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hermod.api.ConfigurationException;
import io.hermod.api.Messaging;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfirmSettingsTest {

  private static final BindingDiscovery KAFKA_ONLY =
      new BindingDiscovery(List.of(new TestBindings.Kafka()));

  private static Map<String, String> with(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("hermod.binding", "kafka");
    m.put("hermod.kafka.host", "localhost");
    m.put(key, value);
    return m;
  }

  @Test
  void keysAreReadIntoTheSettings() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("hermod.confirm.instance", "billing-7");
    config.put(
        "hermod.confirm.signing-key",
        Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
    config.put(
        "hermod.confirm.verify-keys.billing",
        Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    List<String> problems = new ArrayList<>();
    ConfirmSettings s = ConfirmSettings.read(config, problems);
    assertThat(problems).isEmpty();
    assertThat(s.instance()).isEqualTo("billing-7");
    assertThat(s.signingKey()).isEqualTo(pair.getPrivate());
    assertThat(s.verifyKeys()).containsEntry("billing", pair.getPublic());
    assertThat(s.toString())
        .doesNotContain(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
  }

  @Test
  void aMalformedKeyFailsAtStartNamingTheKeyButNotItsValue() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                Bootstrap.start(
                    with("hermod.confirm.signing-key", "c2VjcmV0LW5vdC1hLWtleQ=="),
                    KAFKA_ONLY,
                    List.of(),
                    List.of()));
    assertThat(e.getMessage())
        .contains("hermod.confirm.signing-key", "PKCS#8")
        .doesNotContain("c2VjcmV0LW5vdC1hLWtleQ==");
    ConfigurationException v =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                Bootstrap.start(
                    with("hermod.confirm.verify-keys.billing", "nope"),
                    KAFKA_ONLY,
                    List.of(),
                    List.of()));
    assertThat(v.getMessage()).contains("hermod.confirm.verify-keys.billing", "X.509");
  }

  @Test
  void anUnknownConfirmKeyFailsAtStartNamingIt() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                Bootstrap.start(
                    with("hermod.confirm.instanse", "x"), KAFKA_ONLY, List.of(), List.of()));
    assertThat(e.getMessage()).contains("hermod.confirm.instanse");
  }

  @Test
  void withoutConfirmKeysTheFacadeStarts() {
    try (Messaging m =
        Bootstrap.start(with("hermod.send-timeout", "5s"), KAFKA_ONLY, List.of(), List.of())) {
      assertThat(m.bindingName()).isEqualTo("kafka");
    }
  }
}
