package io.hermod.binding.inmemory;

import static io.hermod.binding.inmemory.internal.InMemoryBindingProvider.NAME;

import io.hermod.binding.inmemory.internal.BrokerClient;
import io.hermod.tck.BrokerFixture;
import io.hermod.tck.PlainClient;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The TCK fixture of the in-memory binding: a broker of its own name, removed at stop. */
final class InMemoryFixture implements BrokerFixture {

  private final String brokerName = "tck-" + UUID.randomUUID();

  @Override
  public String bindingName() {
    return NAME;
  }

  @Override
  public void start() {
    // The broker is created by the first binding that attaches to it.
  }

  @Override
  public void stop() {
    BrokerClient.removeBroker(brokerName);
  }

  @Override
  public boolean canRestart() {
    return true;
  }

  /** A simulated outage: the broker keeps its messages, as a restart on the same data would. */
  @Override
  public void stopBroker() {
    try (BrokerClient client = BrokerClient.of(brokerName)) {
      client.stopBroker();
    }
  }

  @Override
  public void startBroker() {
    try (BrokerClient client = BrokerClient.of(brokerName)) {
      client.startBroker();
    }
  }

  /**
   * The broker lives in this JVM's heap: a consumer in a child JVM would start a broker of its own.
   */
  @Override
  public boolean reachableFromAnotherJvm() {
    return false;
  }

  @Override
  public Map<String, String> config() {
    return Map.of("hermod.binding", NAME, "hermod." + NAME + ".broker", brokerName);
  }

  @Override
  public Optional<PlainClient> plainClient() {
    return Optional.of(new InMemoryPlainClient(BrokerClient.of(brokerName)));
  }
}
