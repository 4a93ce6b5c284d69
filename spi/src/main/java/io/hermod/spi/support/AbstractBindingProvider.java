package io.hermod.spi.support;

import io.hermod.spi.BindingProvider;
import java.util.List;
import java.util.Objects;

/**
 * The part of a {@link BindingProvider} every binding shares: its name and its declared keys, given
 * once to the constructor. A binding's provider passes its {@code NAME} constant and its {@code
 * <Broker>Settings.KEYS} and fills in {@link BindingProvider#create}.
 *
 * @since 0.2
 */
public abstract class AbstractBindingProvider implements BindingProvider {

  private final String name;
  private final List<ConfigKey<?>> keys;

  /**
   * For subclasses, which keep a public no-argument constructor for {@link
   * java.util.ServiceLoader}.
   *
   * @param name the binding's name, lower case, e.g. {@code kafka}
   * @param keys every key the binding reads under {@code hermod.<name>.}
   */
  protected AbstractBindingProvider(String name, List<ConfigKey<?>> keys) {
    this.name = Objects.requireNonNull(name, "name");
    this.keys = List.copyOf(keys);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final List<ConfigKey<?>> configKeys() {
    return keys;
  }
}
