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
        KafkaBindingProvider.NAME,
        Settings.of("binding 'kafka'", KafkaSettings.PREFIX, settings, KafkaSettings.KEYS),
        sendTimeout,
        Duration.ofSeconds(10),
        UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Creates a binding (not started) through the provider {@code ServiceLoader} finds, and validates
   * its settings, as core does.
   */
  static Binding create(BindingContext context) {
    Binding b =
        ServiceLoader.load(BindingProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals(KafkaBindingProvider.NAME))
            .findFirst()
            .orElseThrow()
            .create(context);
    context.settings().validate();
    return b;
  }

  /**
   * The settings a binding made from {@code context} would have, with every problem (its own and
   * core's unknown-key check) thrown at once, as core reports them.
   */
  static KafkaSettings settings(BindingContext context) {
    KafkaSettings k = KafkaSettings.read(context.settings());
    k.checkTimeouts(context.settings(), context.sendTimeout(), context.connectTimeout());
    context.settings().validate();
    return k;
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
