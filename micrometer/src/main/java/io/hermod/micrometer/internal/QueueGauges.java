package io.hermod.micrometer.internal;

import io.hermod.api.ChannelStatistics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The backlog and broker in-flight gauges of one subscription, read from core's statistics
 * supplier. Core already caches the broker's answer for a second, so a storm of registry reads asks
 * the broker at most once a second; this class adds no cache of its own.
 */
final class QueueGauges {

  private final MeterFactory meters;
  // Held here, strongly, while subscribed; the gauges hold it only weakly.
  private final Supplier<ChannelStatistics> statistics;
  private final Gauge backlog;
  private final Gauge inFlight;

  QueueGauges(MeterFactory meters, Tags tags, Supplier<ChannelStatistics> statistics) {
    this.meters = meters;
    this.statistics = statistics;
    this.backlog =
        meters.gauge(
            Names.BACKLOG,
            "Messages waiting to be delivered, as the broker tells (NaN: the broker cannot tell)",
            "messages",
            tags,
            statistics,
            s -> read(s, ChannelStatistics::waiting));
    this.inFlight =
        meters.gauge(
            Names.BROKER_IN_FLIGHT,
            "Messages delivered and not yet settled, as the broker tells (NaN: the broker cannot"
                + " tell)",
            "messages",
            tags,
            statistics,
            s -> read(s, ChannelStatistics::inFlight));
  }

  /** The figure, or NaN where it is unknown (never a made-up zero) or the broker did not answer. */
  static double read(
      Supplier<ChannelStatistics> statistics, Function<ChannelStatistics, OptionalLong> figure) {
    OptionalLong value;
    try {
      value = figure.apply(statistics.get());
    } catch (RuntimeException unavailable) {
      return Double.NaN;
    }
    return value.isPresent() ? value.getAsLong() : Double.NaN;
  }

  void remove() {
    meters.remove(backlog);
    meters.remove(inFlight);
  }
}
