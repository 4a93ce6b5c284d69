package io.hermod.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {

  private static final ConfigKey<Boolean> ENABLED =
      ConfigKey.bool("tls.enabled", false, "whether to connect with TLS");

  private static Settings of(Map<String, String> values) {
    List<ConfigKey<?>> keys = new ArrayList<>(TlsSettings.STORE_KEYS);
    keys.add(ENABLED);
    return Settings.of("binding 'x'", "hermod.x.", values, keys);
  }

  @Test
  void storesWithTlsOffAreAProblemNamingTheSwitch() {
    Settings s = of(Map.of("tls.trust-store", "/nowhere.p12"));
    TlsSettings tls = TlsSettings.read(s, ENABLED, s.get(ENABLED), "=true");
    assertThat(tls.enabled()).isFalse();
    assertThat(s.problems())
        .containsExactly(
            "hermod.x.tls.trust-store / hermod.x.tls.key-store are set but hermod.x.tls.enabled"
                + " is not true: set hermod.x.tls.enabled=true to use them");
  }

  @Test
  void withTlsOnAStoreThatDoesNotOpenIsAProblemNamingItsKey(@TempDir Path dir) throws Exception {
    Path empty = dir.resolve("empty.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, "secret".toCharArray());
    try (var out = Files.newOutputStream(empty)) {
      ks.store(out, "secret".toCharArray());
    }
    Settings s =
        of(
            Map.of(
                "tls.enabled",
                "true",
                "tls.trust-store",
                empty.toString(),
                "tls.trust-store-password",
                "secret",
                "tls.key-store",
                dir.resolve("missing.p12").toString()));
    TlsSettings tls = TlsSettings.read(s, ENABLED, s.get(ENABLED), "=true");
    assertThat(tls.enabled()).isTrue();
    assertThat(tls.trustStoreType()).isEqualTo("PKCS12");
    assertThat(tls.verifyHost()).isTrue();
    assertThat(s.problems()).hasSize(2);
    assertThat(s.problems().get(0)).contains("hermod.x.tls.trust-store");
    assertThat(s.problems().get(1)).contains("hermod.x.tls.key-store");
    assertThat(tls.toString()).doesNotContain("secret");
  }

  @Test
  void nothingSetIsNoTlsAndNoProblem() {
    Settings s = of(Map.of());
    TlsSettings tls = TlsSettings.read(s, ENABLED, s.get(ENABLED), "=true");
    assertThat(tls).hasToString("none");
    assertThat(s.problems()).isEmpty();
  }
}
