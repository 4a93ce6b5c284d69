package io.hermod.binding.artemis.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.support.AbstractBindingProvider;

/**
 * Provides the {@code artemis} binding: Hermod channels on ActiveMQ Artemis through Jakarta JMS.
 * Found by {@link java.util.ServiceLoader}; stateless and thread-safe.
 */
public final class ArtemisBindingProvider extends AbstractBindingProvider {

  /** The binding's name, selected by {@code hermod.binding=artemis}; its keys sit under it. */
  public static final String NAME = "artemis";

  /** For {@link java.util.ServiceLoader}. */
  public ArtemisBindingProvider() {
    super(NAME, ArtemisSettings.KEYS);
  }

  @Override
  public Binding create(BindingContext context) {
    return new ArtemisBinding(
        ArtemisSettings.read(context.settings()),
        context.sendTimeout(),
        context.connectTimeout(),
        context.traffic());
  }
}
