package io.hermod.core.internal;

import io.hermod.api.ChannelStatistics;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription's broker statistics as observers read them: asked of the broker at most once per
 * {@link #MAX_AGE}, however often a metrics registry polls, and unknown (never an exception) when
 * the broker cannot answer. Thread-safe.
 */
final class CachedStatistics implements Supplier<ChannelStatistics> {

  private static final Logger log = LoggerFactory.getLogger(CachedStatistics.class);
  static final Duration MAX_AGE = Duration.ofSeconds(1);

  private final Supplier<ChannelStatistics> broker;
  private final String what;
  private @Nullable ChannelStatistics last;
  private long readAt;

  CachedStatistics(Supplier<ChannelStatistics> broker, String what) {
    this.broker = broker;
    this.what = what;
  }

  @Override
  public synchronized ChannelStatistics get() {
    long now = System.nanoTime();
    if (last != null && now - readAt < MAX_AGE.toNanos()) {
      return last;
    }
    ChannelStatistics read;
    try {
      read = broker.get();
    } catch (RuntimeException e) {
      log.debug("cannot read the statistics of {}: {}", what, e.toString());
      read = ChannelStatistics.unknown();
    }
    last = read;
    readAt = System.nanoTime();
    return read;
  }
}
