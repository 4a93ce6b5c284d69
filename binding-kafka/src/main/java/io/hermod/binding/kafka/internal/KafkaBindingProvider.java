package io.hermod.binding.kafka.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;

/**
 * Provides the {@code kafka} binding. Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class KafkaBindingProvider implements BindingProvider {

  /** The name selected by {@code hermod.binding=kafka}. */
  static final String NAME = "kafka";

  /** For {@link java.util.ServiceLoader}. */
  public KafkaBindingProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Binding create(BindingContext context) {
    KafkaConfig config = KafkaConfig.read(context);
    return new KafkaBinding(context.bindingName(), config);
  }
}
