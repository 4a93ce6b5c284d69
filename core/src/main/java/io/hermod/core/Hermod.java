package io.hermod.core;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.core.internal.BindingDiscovery;
import io.hermod.core.internal.Bootstrap;
import io.hermod.core.internal.ConfigSources;
import io.hermod.spi.PayloadCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Creates {@link Messaging} instances: from configuration ({@link #fromConfig()}) or in code
 * ({@link #builder()}).
 *
 * <pre>{@code
 * try (Messaging messaging = Hermod.builder()
 *     .binding("kafka")
 *     .property("hermod.kafka.bootstrap-servers", "localhost:9092")
 *     .declare(ChannelSpec.queue("orders").build())
 *     .build()) {
 *   messaging.publisher("orders", Order.class).send(order);
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class Hermod {

  private Hermod() {}

  /**
   * A {@link Messaging} configured from {@code hermod.properties} on the class path, environment
   * variables ({@code HERMOD_*}) and system properties ({@code hermod.*}), later sources winning.
   *
   * <p>Environment variables: {@code HERMOD_BINDING} is {@code hermod.binding}; {@code
   * HERMOD_<BINDING>_<REST>} (for a binding on the class path) is {@code
   * hermod.<binding>.<rest>} lower-cased with {@code _} as {@code -}, e.g. {@code
   * HERMOD_KAFKA_BOOTSTRAP_SERVERS}; core keys are upper-cased with {@code .} and {@code -} as
   * {@code _}, e.g. {@code HERMOD_SEND_TIMEOUT}, {@code HERMOD_DEDUP_MAX_IDS}.
   *
   * @return a started facade, never {@code null}
   * @throws io.hermod.api.ConfigurationException listing every configuration problem
   */
  public static Messaging fromConfig() {
    return builder().build();
  }

  /**
   * Starts a builder with nothing configured.
   *
   * @return a builder, never {@code null}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link Messaging}. Properties given to the builder win over the external sources
   * {@link Hermod#fromConfig()} reads ({@code hermod.properties}, environment, system
   * properties), which are read too. Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<PayloadCodec> codecs = new ArrayList<>();
    private final List<ChannelSpec> channels = new ArrayList<>();

    private Builder() {}

    /**
     * Selects the binding by name ({@code hermod.binding}).
     *
     * @param name e.g. {@code kafka}
     * @return this builder
     */
    public Builder binding(String name) {
      properties.put("hermod.binding", name);
      return this;
    }

    /**
     * Sets one {@code hermod.*} property.
     *
     * @param key the full key
     * @param value the value
     * @return this builder
     */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /**
     * Sets several {@code hermod.*} properties.
     *
     * @param values full keys and values
     * @return this builder
     */
    public Builder config(Map<String, String> values) {
      properties.putAll(values);
      return this;
    }

    /**
     * Adds a payload codec, consulted before the built-in ones.
     *
     * @param codec the codec
     * @return this builder
     */
    public Builder codec(PayloadCodec codec) {
      codecs.add(codec);
      return this;
    }

    /**
     * Declares a channel at start.
     *
     * @param spec the declaration
     * @return this builder
     */
    public Builder declare(ChannelSpec spec) {
      channels.add(spec);
      return this;
    }

    /**
     * Validates the configuration, finds the binding, starts it and declares the channels.
     *
     * @return a started facade, never {@code null}
     */
    public Messaging build() {
      BindingDiscovery discovery = BindingDiscovery.fromServiceLoader();
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Map<String, String> merged =
          new TreeMap<>(
              ConfigSources.read(
                  loader != null ? loader : Hermod.class.getClassLoader(),
                  System.getenv(),
                  System.getProperties(),
                  discovery.names()));
      merged.putAll(properties);
      return Bootstrap.start(merged, discovery, codecs, channels);
    }
  }
}
