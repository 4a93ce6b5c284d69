package io.hermod.binding.artemis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.spi.Binding;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS mistakes are reported as TLS mistakes: each error names the TLS setting, its value and the
 * cause, and a start that cannot succeed returns within the connect timeout (5 s here).
 */
class ArtemisTlsErrorsTest {

  private static final Logger LOG = LoggerFactory.getLogger(ArtemisTlsErrorsTest.class);

  private static Map<String, String> tls() {
    return new LinkedHashMap<>(ArtemisFixture.shared().tlsConfig().orElseThrow());
  }

  @Test
  @DisplayName("a missing trust store file fails at creation naming the key and the path")
  void missingTrustStore() {
    Map<String, String> c = tls();
    c.put("hermod.artemis.tls.trust-store", "/nowhere/trust.p12");
    Throwable t = catchThrowable(() -> SpiSupport.create(c, Duration.ofSeconds(5)));
    assertThat(t).isInstanceOf(ConfigurationException.class);
    assertThat(((ConfigurationException) t).problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("hermod.artemis.tls.trust-store=/nowhere/trust.p12")
                    .contains("no such file"));
  }

  @Test
  @DisplayName(
      "a wrong trust store password fails at creation naming the password key, not the secret")
  void wrongTrustStorePassword() {
    Map<String, String> c = tls();
    c.put("hermod.artemis.tls.trust-store-password", "not-the-store-password");
    Throwable t = catchThrowable(() -> SpiSupport.create(c, Duration.ofSeconds(5)));
    assertThat(t).isInstanceOf(ConfigurationException.class);
    assertThat(((ConfigurationException) t).problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("hermod.artemis.tls.trust-store")
                    .contains("hermod.artemis.tls.trust-store-password")
                    .contains("password"));
    assertThat(t.getMessage()).doesNotContain("not-the-store-password");
  }

  @Test
  @DisplayName("a trust store of the wrong type fails at creation naming the type key")
  void wrongTrustStoreType() {
    Map<String, String> c = tls();
    c.put("hermod.artemis.tls.trust-store-type", "JCEKS");
    Throwable t = catchThrowable(() -> SpiSupport.create(c, Duration.ofSeconds(5)));
    assertThat(t).isInstanceOf(ConfigurationException.class);
    assertThat(((ConfigurationException) t).problems())
        .anySatisfy(p -> assertThat(p).contains("hermod.artemis.tls.trust-store-type=JCEKS"));
  }

  @Test
  @DisplayName("a missing key store file fails at creation naming the key")
  void missingKeyStore() {
    Map<String, String> c = tls();
    c.put("hermod.artemis.tls.key-store", "/nowhere/client.p12");
    c.put("hermod.artemis.tls.key-store-password", "x");
    Throwable t = catchThrowable(() -> SpiSupport.create(c, Duration.ofSeconds(5)));
    assertThat(t).isInstanceOf(ConfigurationException.class);
    assertThat(((ConfigurationException) t).problems())
        .anySatisfy(
            p -> assertThat(p).contains("hermod.artemis.tls.key-store=/nowhere/client.p12"));
  }

  @Test
  @DisplayName(
      "a trust store without the broker's certificate: start names the trust store and PKIX")
  void trustStoreWithoutBrokerCertificate() {
    Map<String, String> c = tls();
    String other = ArtemisFixture.shared().otherTrustStore().toString();
    c.put("hermod.artemis.tls.trust-store", other);
    Binding b = SpiSupport.create(c, Duration.ofSeconds(5));
    long t0 = System.nanoTime();
    Throwable t = catchThrowable(b::start);
    LOG.info("wrong trust store: start failed after {} ms", (System.nanoTime() - t0) / 1_000_000);
    b.close();
    assertThat(t).isInstanceOf(ConnectionException.class);
    assertThat(t.getMessage())
        .contains("hermod.artemis.tls.trust-store=" + other)
        .contains("does not contain")
        .contains("PKIX")
        .doesNotContain("that the broker is running")
        .doesNotContain(ArtemisFixture.storePassword());
  }

  @Test
  @DisplayName("TLS to a plaintext acceptor: start says so and returns within the connect timeout")
  void tlsToPlaintextAcceptor() {
    Map<String, String> c = tls();
    c.put("hermod.artemis.url", "tcp://127.0.0.1:" + ArtemisFixture.shared().port());
    Binding b = SpiSupport.create(c, Duration.ofSeconds(5));
    long t0 = System.nanoTime();
    Throwable t = catchThrowable(b::start);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    // Measured, logged, and bounded only loosely (timeout 5 s + a wide margin for a loaded
    // machine):
    // before the fix it took two full timeouts.
    LOG.info("TLS to a plaintext acceptor: start failed after {} ms (connect timeout 5 s)", ms);
    b.close();
    assertThat(t).isInstanceOf(ConnectionException.class);
    assertThat(t.getMessage())
        .contains("hermod.artemis.tls.enabled=true")
        .contains("not a TLS acceptor")
        .contains("hermod.artemis.url");
    assertThat(ms).isLessThan(9_000);
  }

  @Test
  @DisplayName("plaintext to a TLS acceptor: start says the acceptor may want TLS")
  void plaintextToTlsAcceptor() {
    Map<String, String> c = tls();
    c.remove("hermod.artemis.tls.enabled");
    c.remove("hermod.artemis.tls.trust-store");
    c.remove("hermod.artemis.tls.trust-store-password");
    Binding b = SpiSupport.create(c, Duration.ofSeconds(5));
    long t0 = System.nanoTime();
    Throwable t = catchThrowable(b::start);
    LOG.info(
        "plaintext to a TLS acceptor: start failed after {} ms",
        (System.nanoTime() - t0) / 1_000_000);
    b.close();
    assertThat(t).isInstanceOf(ConnectionException.class);
    assertThat(t.getMessage()).contains("hermod.artemis.tls.enabled");
  }
}
