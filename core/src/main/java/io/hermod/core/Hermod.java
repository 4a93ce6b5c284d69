package io.hermod.core;

import io.hermod.api.ChannelSpec;
import io.hermod.api.Messaging;
import io.hermod.spi.PayloadCodec;
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
   * A {@link Messaging} configured from {@code hermod.properties} on the class path, environment
   * variables ({@code HERMOD_*}) and system properties ({@code hermod.*}), later sources winning.
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

  /** Builds a {@link Messaging}. Not thread-safe. */
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
      // Replaced by the runtime (issue #2, core): kept compiling so the TCK and bindings can build.
      throw new UnsupportedOperationException("core runtime not yet built");
    }
  }
}
