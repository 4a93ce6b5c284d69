package io.hermod.binding.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hermod.api.AuthenticationException;
import io.hermod.api.ChannelSpec;
import io.hermod.api.ConfigurationException;
import io.hermod.api.ConnectionException;
import io.hermod.binding.kafka.KafkaBroker;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings that kafka-clients would reject, or report under its own names, are reported with the
 * Hermod key, the value and the fix; TLS handshake failures name the TLS settings, never the
 * credentials. Against the real broker where a broker is involved.
 */
class KafkaSettingsAndTlsErrorsTest {

  private static KafkaBroker broker;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.shared();
  }

  @AfterEach
  void closeResources() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private static BindingContext context(Map<String, String> settings, Duration sendTimeout) {
    return SpiBindings.context(settings, sendTimeout);
  }

  /** Creates and starts a binding, as core does; the exception of either step is what we test. */
  private void createAndStart(Map<String, String> settings, Duration sendTimeout) {
    SpiBindings.started(context(settings, sendTimeout), resources);
  }

  private void createAndStart(Map<String, String> settings) {
    createAndStart(settings, Duration.ofSeconds(30));
  }

  private static Map<String, String> servers(String value) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap-servers", value);
    return s;
  }

  @Test
  void aSendTimeoutBeyondKafkasIntMillisecondsNamesHermodsKeyNotRequestTimeoutMs() {
    // P30D passes core; kafka-clients' timeouts are int milliseconds (at most about 24.8 days).
    assertThatThrownBy(
            () -> createAndStart(servers(broker.bootstrapServers()), Duration.ofDays(30)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.send-timeout must be at most 2147483647 ms")
        .hasMessageContaining("was PT720H")
        .hasMessageContaining("set a shorter duration")
        .hasMessageNotContaining("request.timeout.ms")
        .hasMessageNotContaining("-1702967296");
  }

  @Test
  void aSendTimeoutJustWithinTheBoundStarts() {
    // The longest accepted send timeout: every derived int property must stay valid (no overflow).
    createAndStart(servers(broker.bootstrapServers()), Duration.ofMillis(Integer.MAX_VALUE));
  }

  @Test
  void bootstrapEntriesThatAreNotHostAndPortAreNamedOneByOne() {
    assertThatThrownBy(() -> createAndStart(servers("not a host and port")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "hermod.kafka.bootstrap-servers entry 1 of 1 'not a host and port' has no port")
        .hasMessageContaining("write each broker as host:port")
        .hasMessageNotContaining("KafkaAdminClient");
    assertThatThrownBy(() -> createAndStart(servers("localhost")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.kafka.bootstrap-servers entry 1 of 1 'localhost' has no port")
        .hasMessageContaining("e.g. broker-1:9092,broker-2:9092");
    assertThatThrownBy(
            () -> createAndStart(servers("ok-host:9092, bad host:1,other:0,x:99999,,y:z")))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).problems())
                    .containsExactly(
                        "hermod.kafka.bootstrap-servers entry 2 of 6 'bad host:1' has a host with characters a host name cannot have (only letters, digits, '.', '-' and '_'): write each broker as host:port, separated by commas, e.g. broker-1:9092,broker-2:9092",
                        "hermod.kafka.bootstrap-servers entry 3 of 6 'other:0' has port 0, outside 1-65535: write each broker as host:port, separated by commas, e.g. broker-1:9092,broker-2:9092",
                        "hermod.kafka.bootstrap-servers entry 4 of 6 'x:99999' has port 99999, outside 1-65535: write each broker as host:port, separated by commas, e.g. broker-1:9092,broker-2:9092",
                        "hermod.kafka.bootstrap-servers entry 5 of 6 is empty: write each broker as host:port, separated by commas, e.g. broker-1:9092,broker-2:9092",
                        "hermod.kafka.bootstrap-servers entry 6 of 6 'y:z' has a port that is not a number ('z'): write each broker as host:port, separated by commas, e.g. broker-1:9092,broker-2:9092"));
  }

  @Test
  void minInsyncReplicasAboveTheReplicationFactorIsNamedWithBothKeysAndTheFix() {
    Map<String, String> s = servers(broker.bootstrapServers());
    s.put("replication-factor", "2");
    s.put("min-insync-replicas", "3");
    assertThatThrownBy(() -> createAndStart(s))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "hermod.kafka.min-insync-replicas must not exceed hermod.kafka.replication-factor, was"
                + " 3 with a replication factor of 2")
        .hasMessageContaining("lower it, or raise the replication factor");
    Map<String, String> zero = servers(broker.bootstrapServers());
    zero.put("min-insync-replicas", "0");
    assertThatThrownBy(() -> createAndStart(zero))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "hermod.kafka.min-insync-replicas must be -1 (broker default) or >= 1, was 0");
  }

  @Test
  void minInsyncReplicasIsSetOnTheTopicsHermodCreates() throws Exception {
    Map<String, String> s = servers(broker.bootstrapServers());
    s.put("min-insync-replicas", "1");
    Binding b = SpiBindings.started(context(s, Duration.ofSeconds(30)), resources);
    String topic = "settings-min-isr-" + System.nanoTime();
    b.provision(ChannelSpec.queue(topic).build());
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config =
          admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
      ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
      assertThat(entry.value()).isEqualTo("1");
      assertThat(entry.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }
  }

  @Test
  void aReplicationFactorAboveTheBrokerCountNamesTheKeyWhenATopicIsCreated() {
    Map<String, String> s = servers(broker.bootstrapServers());
    s.put("replication-factor", "3");
    Binding b = SpiBindings.started(context(s, Duration.ofSeconds(30)), resources);
    assertThatThrownBy(
            () -> b.provision(ChannelSpec.queue("settings-rf-" + System.nanoTime()).build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.kafka.replication-factor asks for more replicas than")
        .hasMessageContaining("set it to at most the number of brokers");
  }

  @Test
  void validBootstrapFormsAreAccepted() {
    for (String ok :
        List.of("127.0.0.1:9092", "a:1,b.example.com:65535", "[::1]:9092", "SASL_SSL://h:9093")) {
      assertThat(
              SpiBindings.settings(context(servers(ok), Duration.ofSeconds(30))).bootstrapServers())
          .isEqualTo(ok);
    }
  }

  private Map<String, String> tls(String truststore, String password) {
    Map<String, String> s = servers(broker.secureBootstrapServers());
    s.put("tls.enabled", "true");
    s.put("tls.truststore-location", truststore);
    s.put("tls.truststore-password", password);
    s.put("username", KafkaBroker.USER);
    s.put("password", KafkaBroker.PASSWORD);
    return s;
  }

  @Test
  void aMissingTrustStoreFileNamesTheKeyAndThePath() {
    String missing = dir.resolve("no-such-truststore.p12").toString();
    assertThatThrownBy(() -> createAndStart(tls(missing, KafkaBroker.STORE_PASSWORD)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("hermod.kafka.tls.truststore-location=" + missing + ": no such file")
        .hasMessageContaining("set it to the path of the trust store holding the CA certificate")
        .hasMessageNotContaining("KafkaAdminClient");
  }

  @Test
  void aWrongTrustStorePasswordNamesThePasswordKeyButNotThePassword() {
    String store = broker.truststore().toString();
    assertThatThrownBy(() -> createAndStart(tls(store, "not-the-store-password")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "hermod.kafka.tls.truststore-location="
                + store
                + " does not open with hermod.kafka.tls.truststore-password: the password is wrong")
        .hasMessageNotContaining("not-the-store-password")
        .hasMessageNotContaining("KafkaAdminClient");
  }

  @Test
  void aTrustStoreOfTheWrongTypeNamesTheTypeKey() throws IOException {
    Path notAStore =
        Files.writeString(dir.resolve("truststore.txt"), "not a key store", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> createAndStart(tls(notAStore.toString(), KafkaBroker.STORE_PASSWORD)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "hermod.kafka.tls.truststore-location="
                + notAStore
                + " cannot be read as hermod.kafka.tls.truststore-type=PKCS12")
        .hasMessageContaining(
            "check the type (PKCS12 or JKS) and hermod.kafka.tls.truststore-password");
  }

  @Test
  void aNativePropertyKafkaRejectsIsReportedUnderTheHermodKeyThatSetIt() {
    Map<String, String> s = servers(broker.bootstrapServers());
    s.put("admin.request.timeout.ms", "99999999999");
    assertThatThrownBy(() -> createAndStart(s))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "hermod.kafka.admin.request.timeout.ms: kafka-clients rejected it creating the admin client")
        .hasMessageContaining("99999999999")
        .hasMessageContaining("correct or remove it");
  }

  @Test
  void aTrustStoreWithoutTheBrokersCaIsReportedAsATlsFailureNotAsCredentials() throws Exception {
    Path foreign = foreignTrustStore();
    long start = System.nanoTime();
    assertThatThrownBy(() -> createAndStart(tls(foreign.toString(), KafkaBroker.STORE_PASSWORD)))
        .isInstanceOf(ConnectionException.class)
        .isNotInstanceOf(AuthenticationException.class)
        .hasMessageContaining(
            "the TLS handshake with the Kafka broker at "
                + broker.secureBootstrapServers()
                + " failed")
        .hasMessageContaining("PKIX path building failed")
        .hasMessageContaining("hermod.kafka.tls.truststore-location")
        .hasMessageContaining("holds the CA certificate that signed the broker's certificate")
        .hasMessageNotContaining("refused the credentials")
        .hasMessageNotContaining("hermod.kafka.username");
    // Within the connect timeout (10 s) and its one second of slack.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(12));
  }

  @Test
  void wrongSaslCredentialsOverTlsStayAnAuthenticationError() {
    Map<String, String> s = tls(broker.truststore().toString(), KafkaBroker.STORE_PASSWORD);
    s.put("password", "wrong-password-123");
    assertThatThrownBy(() -> createAndStart(s))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("refused the credentials")
        .hasMessageContaining("hermod.kafka.username")
        .hasMessageNotContaining("wrong-password-123");
  }

  /**
   * A valid PKCS12 trust store holding a self-signed CA that did not sign the broker's certificate.
   */
  private Path foreignTrustStore() throws Exception {
    Path keystore = dir.resolve("other-ca.p12");
    Path cert = dir.resolve("other-ca.crt");
    Path truststore = dir.resolve("other-truststore.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "other-ca",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=Not the broker's CA",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        KafkaBroker.STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "other-ca",
        "-keystore",
        keystore.toString(),
        "-storepass",
        KafkaBroker.STORE_PASSWORD,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "other-ca",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        truststore.toString(),
        "-storepass",
        KafkaBroker.STORE_PASSWORD);
    return truststore;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + out);
    }
  }
}
