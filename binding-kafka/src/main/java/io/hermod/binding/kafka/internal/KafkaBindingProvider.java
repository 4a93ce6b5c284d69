package io.hermod.binding.kafka.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.support.AbstractBindingProvider;

/**
 * Provides the {@code kafka} binding. Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class KafkaBindingProvider extends AbstractBindingProvider {

  /** The name selected by {@code hermod.binding=kafka}: the one place it is written. */
  public static final String NAME = "kafka";

  /** For {@link java.util.ServiceLoader}. */
  public KafkaBindingProvider() {
    super(NAME, KafkaSettings.KEYS);
  }

  /** Reads the settings, recording their problems for core to report; does not connect. */
  @Override
  public Binding create(BindingContext context) {
    KafkaSettings settings = KafkaSettings.read(context.settings());
    settings.checkTimeouts(context.settings(), context.sendTimeout(), context.connectTimeout());
    return new KafkaBinding(
        settings,
        context.sendTimeout(),
        context.connectTimeout(),
        settings.clientId().orElse("hermod-" + context.instanceId()),
        context.traffic());
  }
}
