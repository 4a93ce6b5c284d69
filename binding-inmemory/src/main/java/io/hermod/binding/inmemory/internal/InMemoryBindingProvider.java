package io.hermod.binding.inmemory.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.support.ConfigKey;
import java.util.List;

/**
 * Provides the {@code inmemory} binding: a real in-process broker, memory only. Stateless and
 * thread-safe; found by {@link java.util.ServiceLoader}. Its settings are declared in {@link
 * InMemorySettings#KEYS}.
 */
public final class InMemoryBindingProvider implements BindingProvider {

  /** The name selected by {@code hermod.binding}; the one place it is written. */
  public static final String NAME = "inmemory";

  /** For {@link java.util.ServiceLoader}. */
  public InMemoryBindingProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return InMemorySettings.KEYS;
  }

  @Override
  public Binding create(BindingContext context) {
    return new InMemoryBinding(context, InMemorySettings.read(context.settings()));
  }
}
