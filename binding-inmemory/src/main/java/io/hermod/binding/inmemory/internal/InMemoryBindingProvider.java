package io.hermod.binding.inmemory.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;

/**
 * Provides the {@code inmemory} binding. Stateless and thread-safe; found by {@link
 * java.util.ServiceLoader}.
 */
public final class InMemoryBindingProvider implements BindingProvider {

  /** The name selected by {@code hermod.binding}. */
  public static final String NAME = "inmemory";

  /** For {@link java.util.ServiceLoader}. */
  public InMemoryBindingProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Binding create(BindingContext context) {
    InMemorySettings settings = InMemorySettings.read(context.settings());
    return new InMemoryBinding(context, settings);
  }
}
