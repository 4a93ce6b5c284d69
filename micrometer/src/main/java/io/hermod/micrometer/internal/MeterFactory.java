package io.hermod.micrometer.internal;

import io.hermod.spi.observation.Endpoint;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.function.ToDoubleFunction;

/**
 * Registers meters with the observer's extra tags and settings. Only called when a meter is first
 * needed for an endpoint, error type or operation, never per message.
 */
final class MeterFactory {

  private final MetricsConfig config;

  MeterFactory(MetricsConfig config) {
    this.config = config;
  }

  /** The registry's clock, so durations follow a test's {@code MockClock}. */
  Clock clock() {
    return config.registry().config().clock();
  }

  /** The extra tags with {@code messaging.system}, {@code hermod.binding}, the destination. */
  Tags destinationTags(Endpoint endpoint) {
    return config
        .tags()
        .and(
            Names.SYSTEM,
            endpoint.system(),
            Names.BINDING,
            endpoint.binding(),
            Names.DESTINATION,
            endpoint.channelName());
  }

  /** {@link #destinationTags} and the consumer group, for a subscription. */
  Tags consumerTags(Endpoint endpoint) {
    String subscription = endpoint.subscription();
    return destinationTags(endpoint)
        .and(Names.CONSUMER_GROUP, subscription == null ? "" : subscription);
  }

  /** The extra tags with {@code hermod.binding}, for what belongs to a binding, not a channel. */
  Tags bindingTags(String binding) {
    return config.tags().and(Names.BINDING, binding);
  }

  Counter counter(String name, String description, String unit, Tags tags) {
    return Counter.builder(name)
        .description(description)
        .baseUnit(unit)
        .tags(tags)
        .register(config.registry());
  }

  Timer timer(String name, String description, Tags tags) {
    return Timer.builder(name)
        .description(description)
        .tags(tags)
        .publishPercentileHistogram(config.percentileHistograms())
        .register(config.registry());
  }

  /**
   * A gauge that holds its object weakly (Micrometer's default): the observer keeps the object
   * while the gauge is wanted, so a gauge it failed to remove still cannot keep it alive.
   */
  <T> Gauge gauge(
      String name, String description, String unit, Tags tags, T object, ToDoubleFunction<T> f) {
    return Gauge.builder(name, object, f)
        .description(description)
        .baseUnit(unit)
        .tags(tags)
        .register(config.registry());
  }

  void remove(Meter meter) {
    config.registry().remove(meter);
  }
}
