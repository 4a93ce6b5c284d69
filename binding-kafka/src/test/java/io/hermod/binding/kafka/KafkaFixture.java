package io.hermod.binding.kafka;

import io.hermod.tck.BrokerFixture;
import io.hermod.tck.PlainClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The TCK fixture of the Kafka binding: the JVM-wide {@link KafkaBroker}, shared by every test
 * class so it starts once. {@link #stop()} leaves it running for the next class; it is killed and
 * its data deleted when the test JVM exits. Not thread-safe beyond what the kit needs.
 */
public final class KafkaFixture implements BrokerFixture {

  private KafkaBroker broker;

  @Override
  public String bindingName() {
    return "kafka";
  }

  @Override
  public void start() throws Exception {
    broker = KafkaBroker.shared();
  }

  @Override
  public void stop() {
    // The broker is shared by the test JVM; its shutdown hook stops it and deletes its data.
  }

  @Override
  public Map<String, String> config() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("hermod.binding", "kafka");
    c.put("hermod.kafka.bootstrap-servers", broker().bootstrapServers());
    return c;
  }

  @Override
  public Optional<Map<String, String>> unreachableConfig() {
    Map<String, String> c = new LinkedHashMap<>(config());
    c.put("hermod.kafka.bootstrap-servers", broker().unreachableServers());
    return Optional.of(c);
  }

  @Override
  public boolean canRestart() {
    return true;
  }

  @Override
  public void stopBroker() throws Exception {
    broker().kill();
  }

  @Override
  public void startBroker() throws Exception {
    broker().start();
  }

  @Override
  public Optional<Map<String, String>> compactWireOverrides() {
    return Optional.of(Map.of("hermod.kafka.wire-format", "compact"));
  }

  @Override
  public Optional<Map<String, String>> tlsConfig() {
    return Optional.of(secureConfig(KafkaBroker.PASSWORD));
  }

  @Override
  public Optional<Map<String, String>> wrongCredentialsConfig() {
    return Optional.of(secureConfig("not-the-password"));
  }

  @Override
  public Optional<PlainClient> plainClient() {
    return Optional.of(new KafkaPlainClient(broker().bootstrapServers()));
  }

  private Map<String, String> secureConfig(String password) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("hermod.binding", "kafka");
    c.put("hermod.kafka.bootstrap-servers", broker().secureBootstrapServers());
    c.put("hermod.kafka.tls.enabled", "true");
    c.put("hermod.kafka.tls.truststore-location", broker().truststore().toString());
    c.put("hermod.kafka.tls.truststore-password", KafkaBroker.STORE_PASSWORD);
    c.put("hermod.kafka.auth.mechanism", "plain");
    c.put("hermod.kafka.username", KafkaBroker.USER);
    c.put("hermod.kafka.password", password);
    return c;
  }

  private KafkaBroker broker() {
    if (broker == null) {
      throw new IllegalStateException("fixture not started");
    }
    return broker;
  }
}
