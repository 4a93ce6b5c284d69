package io.hermod.binding.inmemory.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.support.AbstractBindingProvider;

/**
 * Provides the {@code inmemory} binding: a real in-process broker, memory only. Stateless and
 * thread-safe; found by {@link java.util.ServiceLoader}. Its settings are declared in {@link
 * InMemorySettings#KEYS}.
 */
public final class InMemoryBindingProvider extends AbstractBindingProvider {

  /** The name selected by {@code hermod.binding}; the one place it is written. */
  public static final String NAME = "inmemory";

  /** For {@link java.util.ServiceLoader}. */
  public InMemoryBindingProvider() {
    super(NAME, InMemorySettings.KEYS);
  }

  @Override
  public Binding create(BindingContext context) {
    return new InMemoryBinding(context, InMemorySettings.read(context.settings()));
  }
}
