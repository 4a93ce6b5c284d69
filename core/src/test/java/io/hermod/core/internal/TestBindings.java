package io.hermod.core.internal;

import io.hermod.api.Capabilities;
import io.hermod.api.Capability;
import io.hermod.api.ChannelSpec;
import io.hermod.api.Health;
import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.Inbound;
import io.hermod.spi.InboundHandler;
import io.hermod.spi.Outbound;
import io.hermod.spi.SubscriptionSpec;
import io.hermod.spi.support.ConfigKey;
import java.util.List;

/** Small providers for discovery and configuration tests; their bindings never start anything. */
final class TestBindings {

  private TestBindings() {}

  static final ConfigKey<String> HOST =
      ConfigKey.required(
          "host", "set it to the broker's host name, e.g. localhost", "the broker's host");
  static final ConfigKey<Integer> PORT = ConfigKey.integer("port", 1234, 1, 65535, "its port");
  static final ConfigKey<String> PASSWORD = ConfigKey.secret("password", "the password");
  static final ConfigKey<java.util.Map<String, String>> CLIENT =
      ConfigKey.passThrough("client.", "native client properties");

  /**
   * A provider with a fixed name whose binding reads {@code host} (required), {@code port}, {@code
   * password} and {@code client.*}.
   */
  static class Named implements BindingProvider {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
      return List.of(HOST, PORT, PASSWORD, CLIENT);
    }

    @Override
    public Binding create(BindingContext context) {
      // Reads only the host: core validates the others (and every unknown key) after create.
      context.settings().get(HOST);
      return new Idle();
    }
  }

  static final class Kafka extends Named {
    Kafka() {
      super("kafka");
    }
  }

  static final class Sqs extends Named {
    Sqs() {
      super("sqs");
    }
  }

  static final class InMemory extends Named {
    InMemory() {
      super("inmemory");
    }
  }

  static final class OtherKafka extends Named {
    OtherKafka() {
      super("kafka");
    }
  }

  /** A binding that does nothing; enough to get past start in configuration tests. */
  static final class Idle implements Binding {
    @Override
    public Capabilities capabilities() {
      return Capabilities.of(1024, Capability.TTL);
    }

    @Override
    public void start() {}

    @Override
    public void provision(ChannelSpec channel) {}

    @Override
    public void provisionSubscription(ChannelSpec channel, SubscriptionSpec subscription) {}

    @Override
    public Outbound outbound(ChannelSpec channel) {
      throw new UnsupportedOperationException("idle test binding");
    }

    @Override
    public Inbound inbound(
        ChannelSpec channel, SubscriptionSpec subscription, InboundHandler handler) {
      throw new UnsupportedOperationException("idle test binding");
    }

    @Override
    public Health health() {
      return Health.up("idle");
    }

    @Override
    public void close() {}
  }
}
