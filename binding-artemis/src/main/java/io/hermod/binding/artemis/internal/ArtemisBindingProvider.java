package io.hermod.binding.artemis.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;

/**
 * Provides the {@code artemis} binding: Hermod channels on ActiveMQ Artemis through Jakarta JMS.
 * Found by {@link java.util.ServiceLoader}; stateless and thread-safe.
 */
public final class ArtemisBindingProvider implements BindingProvider {

  /** For {@link java.util.ServiceLoader}. */
  public ArtemisBindingProvider() {}

  @Override
  public String name() {
    return Errors.BINDING;
  }

  @Override
  public Binding create(BindingContext context) {
    return new ArtemisBinding(ArtemisSettings.read(context));
  }
}
