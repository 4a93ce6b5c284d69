package io.hermod.micrometer;

import io.hermod.micrometer.internal.MetricsConfig;
import io.hermod.micrometer.internal.MicrometerObserver;
import io.hermod.spi.observation.MessagingObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.Objects;

/**
 * Micrometer meters for every channel: makes the {@link MessagingObserver} to install with {@code
 * Hermod.builder().observer(...)}.
 *
 * <pre>{@code
 * MeterRegistry registry = ...;
 * try (Messaging messaging = Hermod.builder()
 *     .binding("kafka")
 *     .observer(HermodMetrics.observer(registry))
 *     .build()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Meters follow the OpenTelemetry messaging semantic conventions where they define one ({@code
 * messaging.client.sent.messages}, {@code messaging.client.operation.duration}, {@code
 * messaging.client.consumed.messages}, {@code messaging.process.duration}); Hermod's own are named
 * {@code hermod.*}. The module's README lists every meter with its tags.
 *
 * <p>An observer is thread-safe and may be shared by several {@code Messaging} instances; when one
 * closes, the observer removes the gauges it registered for that instance's binding name.
 *
 * @since 0.3
 */
public final class HermodMetrics {

  private HermodMetrics() {}

  /**
   * An observer with the defaults: no extra tags, no percentile histograms.
   *
   * @param registry where the meters go
   * @return the observer, never {@code null}
   */
  public static MessagingObserver observer(MeterRegistry registry) {
    return builder(registry).build();
  }

  /**
   * Starts configuring an observer.
   *
   * @param registry where the meters go
   * @return a builder, never {@code null}
   */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Configures an observer; each {@link #build()} makes an independent observer from an immutable
   * copy of the configuration. Not thread-safe.
   *
   * @since 0.3
   */
  public static final class Builder {

    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private boolean percentileHistograms;

    private Builder(MeterRegistry registry) {
      this.registry = registry;
    }

    /**
     * Adds a tag to every meter, for example the application's name. A key Hermod sets itself
     * ({@code messaging.system}, {@code hermod.binding}, ...) is rejected by {@link #build()}.
     *
     * @param key the tag's key
     * @param value the tag's value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      tags = tags.and(key, value);
      return this;
    }

    /**
     * Adds tags to every meter, as {@link #tag(String, String)} does for each.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = this.tags.and(tags);
      return this;
    }

    /**
     * Whether the timers publish percentile histograms (buckets a backend such as Prometheus
     * aggregates into percentiles across instances). Off by default: histograms multiply the time
     * series per timer.
     *
     * @param enabled {@code true} to publish them
     * @return this builder
     */
    public Builder percentileHistograms(boolean enabled) {
      this.percentileHistograms = enabled;
      return this;
    }

    /**
     * Makes the observer.
     *
     * @return the observer, never {@code null}
     * @throws IllegalArgumentException naming every extra tag whose key Hermod sets itself
     */
    public MessagingObserver build() {
      return new MicrometerObserver(MetricsConfig.of(registry, tags, percentileHistograms));
    }
  }
}
