package io.hermod.spi;

import io.hermod.spi.support.ConfigKey;
import java.util.List;

/**
 * The entry point of a binding, found with {@link java.util.ServiceLoader}. Register the
 * implementation in {@code META-INF/services/io.hermod.spi.BindingProvider} and in {@code
 * module-info} ({@code provides io.hermod.spi.BindingProvider with ...}). Implementations live in
 * an {@code internal} package and have a public no-argument constructor.
 *
 * @since 0.1
 */
public interface BindingProvider {

  /**
   * The name selected by {@code hermod.binding}, lower case, e.g. {@code kafka}. Settings of the
   * binding live under {@code hermod.<name>.*}.
   *
   * @return the name, never {@code null}
   */
  String name();

  /**
   * The Maven coordinates that provide this binding, named in discovery errors.
   *
   * @return e.g. {@code io.hermod:hermod-binding-kafka}
   */
  default String artifact() {
    return "io.hermod:hermod-binding-" + name();
  }

  /**
   * Every key this binding reads under {@code hermod.<name>.}, declared once (conventionally as
   * constants of the binding's {@code <Broker>Settings} class). Core builds the binding's {@link
   * io.hermod.spi.support.Settings} from them, maps environment variables with them, rejects every
   * present key they do not cover (naming the closest declared one), redacts the secret ones, and
   * generates the configuration reference from them.
   *
   * @return the declarations, never {@code null}
   * @since 0.2
   */
  List<ConfigKey<?>> configKeys();

  /**
   * Creates a binding. Must not connect yet ({@link Binding#start()} does). Reads its settings
   * through {@link BindingContext#settings()} and records problems there (including checks across
   * keys, with {@link io.hermod.spi.support.Settings#problem}) rather than throwing: core calls
   * {@link io.hermod.spi.support.Settings#validate()} when this returns and reports every problem
   * at once, and the binding is then discarded unstarted. So a missing required value reads as
   * {@code null} here and must not fail creation.
   *
   * @param context the settings and shared parameters
   * @return a new, unstarted binding, never {@code null}
   */
  Binding create(BindingContext context);
}
