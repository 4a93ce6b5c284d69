package io.hermod.core;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.core.internal.BindingDiscovery;
import io.hermod.core.internal.Bootstrap;
import io.hermod.core.internal.ConfigSources;
import io.hermod.core.internal.LayeredConfig;
import io.hermod.spi.BindingProvider;
import io.hermod.spi.PayloadCodec;
import io.hermod.spi.observation.MessagingObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
   * A {@link Messaging} configured from the environment; the same as {@code
   * builder().withExternalConfig().build()}.
   *
   * <p>Sources, later ones winning:
   *
   * <ol>
   *   <li>{@code hermod.properties} or {@code hermod.yaml} on the class path (YAML flat or nested:
   *       {@code hermod: {binding: kafka}});
   *   <li>the {@code .properties} or {@code .yaml} file named by the {@code HERMOD_CONFIG}
   *       environment variable or the {@code hermod.config} system property;
   *   <li>environment variables, each the upper-cased form of a declared key with {@code .} and
   *       {@code -} as {@code _} (the configuration reference lists them): {@code HERMOD_BINDING},
   *       {@code HERMOD_SEND_TIMEOUT}, {@code HERMOD_KAFKA_BOOTSTRAP_SERVERS}; under a binding's
   *       pass-through prefix the rest keeps the client's dots ({@code
   *       HERMOD_KAFKA_PRODUCER_LINGER_MS} is {@code hermod.kafka.producer.linger.ms}); {@code
   *       HERMOD_CHANNELS_<NAME>_<PROPERTY>} is {@code hermod.channels.<name>.<property>};
   *   <li>{@code hermod.*} system properties.
   * </ol>
   *
   * <p>Channels may be declared there too: {@code hermod.channels.orders.kind=queue} (see {@link
   * Builder#declare(ChannelSpec)} for the code form).
   *
   * @return a started facade, never {@code null}
   * @throws io.hermod.api.ConfigurationException listing every configuration problem, each naming
   *     the key, the value (never a secret's), the fix and where the key was set
   */
  public static Messaging fromConfig() {
    return builder().withExternalConfig().build();
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
   * Builds a {@link Messaging} from what it is given and nothing else, so tests and embedded uses
   * are isolated from the environment; {@link #withExternalConfig()} opts in to the sources {@link
   * Hermod#fromConfig()} reads, beneath the builder's own properties. Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> origins = new java.util.HashMap<>();
    private final List<PayloadCodec> codecs = new ArrayList<>();
    private final List<ChannelSpec> channels = new ArrayList<>();
    private final List<MessagingObserver> observers = new ArrayList<>();
    private boolean external;
    private @org.jspecify.annotations.Nullable BindingProvider provider;

    private Builder() {}

    /**
     * Also reads the external sources of {@link Hermod#fromConfig()} (class-path file, {@code
     * HERMOD_CONFIG} file, environment variables, system properties); properties set on this
     * builder still win over them.
     *
     * @return this builder
     */
    public Builder withExternalConfig() {
      this.external = true;
      return this;
    }

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
      origins.remove(key);
      return this;
    }

    /**
     * Sets one {@code hermod.*} property read from a source outside the code, so that a problem
     * with it says where it was set, as problems with {@link #withExternalConfig() external}
     * configuration do.
     *
     * @param key the full key
     * @param value the value
     * @param origin where it was set, e.g. {@code class path resource [application.yaml] - 3:11}
     * @return this builder
     * @since 0.4
     */
    public Builder property(String key, String value, String origin) {
      properties.put(key, value);
      origins.put(key, java.util.Objects.requireNonNull(origin, "origin"));
      return this;
    }

    /**
     * Sets several {@code hermod.*} properties.
     *
     * @param values full keys and values
     * @return this builder
     */
    public Builder config(Map<String, String> values) {
      values.forEach(this::property);
      return this;
    }

    /**
     * Uses this binding provider instead of discovering one on the class path: for a binding that
     * wraps another (such as the compatibility kit's fault-injecting one), or one an application
     * builds itself. Its settings are {@code hermod.<its name>.*} as usual.
     *
     * @param bindingProvider the provider
     * @return this builder
     * @since 0.2
     */
    public Builder bindingProvider(BindingProvider bindingProvider) {
      this.provider = java.util.Objects.requireNonNull(bindingProvider, "bindingProvider");
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
     * Declares a channel at start, after the channels declared in configuration ({@code
     * hermod.channels.<name>.*}); declaring one both ways is fine if the declarations are equal.
     *
     * @param spec the declaration
     * @return this builder
     */
    public Builder declare(ChannelSpec spec) {
      channels.add(spec);
      return this;
    }

    /**
     * Installs an observer of everything the facade does: sends, deliveries, requests, broker
     * traffic (for metrics, {@code hermod-micrometer}; for traces, {@code hermod-opentelemetry}).
     * Several may be installed; each sees every event, in the order installed. Without any, nothing
     * is observed and observing costs nothing.
     *
     * @param observer the observer
     * @return this builder
     * @since 0.3
     */
    public Builder observer(MessagingObserver observer) {
      observers.add(java.util.Objects.requireNonNull(observer, "observer"));
      return this;
    }

    /**
     * Validates the configuration, finds the binding, starts it and declares the channels (those in
     * the configuration first).
     *
     * @return a started facade, never {@code null}
     */
    public Messaging build() {
      BindingDiscovery discovery =
          provider != null
              ? new BindingDiscovery(List.of(provider))
              : BindingDiscovery.fromServiceLoader();
      LayeredConfig merged = new LayeredConfig();
      if (external) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ConfigSources.readInto(
            merged,
            loader != null ? loader : Hermod.class.getClassLoader(),
            System.getenv(),
            System.getProperties(),
            discovery.configKeys());
      }
      properties.forEach((k, v) -> merged.put(k, v, origins.get(k)));
      return Bootstrap.start(merged, discovery, codecs, channels, List.copyOf(observers));
    }
  }
}
