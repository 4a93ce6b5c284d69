package io.hermod.core.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.support.ConfigKey;
import java.util.List;

/** {@link TestBindings.Kafka} in the shape {@link java.util.ServiceLoader} needs (public). */
public final class ServiceLoadedKafka implements BindingProvider {

  private final BindingProvider delegate = new TestBindings.Kafka();

  /** Called by {@link java.util.ServiceLoader}. */
  public ServiceLoadedKafka() {}

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return delegate.configKeys();
  }

  @Override
  public Binding create(BindingContext context) {
    return delegate.create(context);
  }
}
