package io.hermod.spi;

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
   * Creates a binding. Must not connect yet ({@link Binding#start()} does), but must validate every
   * setting and report all problems at once with {@link io.hermod.api.ConfigurationException}.
   *
   * @param context the settings and shared parameters
   * @return a new, unstarted binding, never {@code null}
   */
  Binding create(BindingContext context);
}
