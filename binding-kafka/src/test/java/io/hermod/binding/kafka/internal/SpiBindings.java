package io.hermod.binding.kafka.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.support.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * Kafka bindings made through the SPI the way core makes them, for the binding's own tests: one
 * provider lookup, one context shape, so the tests differ only in the settings they give.
 */
final class SpiBindings {

  /** Generous: the build machine is shared. */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private SpiBindings() {}

  /** A context for {@code hermod.kafka.*} settings (relative keys) and the default timeouts. */
  static BindingContext context(Map<String, String> settings) {
    return context(settings, SEND_TIMEOUT);
  }

  /** A context for {@code hermod.kafka.*} settings (relative keys) and a send timeout. */
  static BindingContext context(Map<String, String> settings, Duration sendTimeout) {
    return new BindingContext(
        "kafka",
        Settings.of("binding 'kafka'", "hermod.kafka.", settings),
        sendTimeout,
        Duration.ofSeconds(10),
        UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Creates a binding (not started) through the provider {@code ServiceLoader} finds, as core does.
   */
  static Binding create(BindingContext context) {
    return ServiceLoader.load(BindingProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("kafka"))
        .findFirst()
        .orElseThrow()
        .create(context);
  }

  /**
   * Creates and starts a binding, as core does, adding it to {@code resources} before starting so a
   * test closes it even when the start fails.
   */
  static Binding started(BindingContext context, List<AutoCloseable> resources) {
    Binding b = create(context);
    resources.add(b);
    b.start();
    return b;
  }
}
