package io.hermod.binding.inmemory.internal;

import io.hermod.spi.Binding;
import io.hermod.spi.BindingContext;
import io.hermod.spi.BindingProvider;

/**
 * Provides the {@code inmemory} binding: a real in-process broker, memory only. Stateless and
 * thread-safe; found by {@link java.util.ServiceLoader}.
 *
 * <p>Settings:
 *
 * <ul>
 *   <li>{@code hermod.inmemory.broker} (default {@code default}): the JVM-wide broker to attach to;
 *       every {@code Messaging} instance naming the same broker shares its channels.
 *   <li>{@code hermod.inmemory.max-payload-bytes} (default 1 MiB): the largest payload accepted.
 *   <li>{@code hermod.inmemory.topic-retention} (default 10000): how many messages a topic keeps
 *       for subscriptions that start from the earliest message; applies when the broker is created.
 * </ul>
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
