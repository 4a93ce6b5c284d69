package io.hermod.micrometer.internal;

import io.hermod.api.ChannelStatistics;
import io.hermod.spi.observation.AfterFailure;
import io.hermod.spi.observation.DeadLetterReason;
import io.hermod.spi.observation.Endpoint;
import io.hermod.spi.observation.ProcessObservation;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one subscription (or receiver). Registered all at once when it is first seen, so a
 * dashboard shows a zero rather than nothing; only the meters of an error type or dead-letter
 * reason wait until one happens.
 */
final class ConsumerMeters {

  private final MeterFactory meters;
  private final Clock clock;
  private final Tags tags;
  private final Counter consumed;
  private final Timer processed;
  private final ErrorTypes<Timer> failed;
  private final Counter redeliveries;
  private final Counter dropped;
  private final Counter deduplicated;
  private final Counter filtered;
  private final Counter expired;
  private final Map<DeadLetterReason, Counter> deadLettered = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Gauge inFlightGauge;
  // Guarded by the observer's lock: subscribe and unsubscribe are rare, and serialized there.
  private @Nullable QueueGauges queue;
  private int subscribers;

  ConsumerMeters(MeterFactory meters, Endpoint endpoint) {
    this.meters = meters;
    this.clock = meters.clock();
    this.tags = meters.consumerTags(endpoint);
    Tags process = tags.and(Names.OPERATION, Names.OPERATION_PROCESS);
    this.consumed =
        meters.counter(Names.CONSUMED, "Deliveries handed to the application", "messages", process);
    this.processed = processTimer(process, Names.NO_ERROR);
    this.failed = new ErrorTypes<>(type -> processTimer(process, type));
    this.redeliveries =
        meters.counter(
            Names.REDELIVERIES,
            "Deliveries whose processing failed and that went back for another attempt",
            "messages",
            tags);
    this.dropped =
        meters.counter(
            Names.DROPPED,
            "Deliveries whose attempts were used up, acknowledged and dropped (no dead-letter"
                + " channel)",
            "messages",
            tags);
    this.deduplicated =
        meters.counter(
            Names.DEDUPLICATED,
            "Duplicates of processed messages, acknowledged without reaching the application",
            "messages",
            tags);
    this.filtered =
        meters.counter(
            Names.FILTERED,
            "Deliveries not matching the subscription's filter, acknowledged without reaching the"
                + " application",
            "messages",
            tags);
    this.expired =
        meters.counter(
            Names.EXPIRED,
            "Expired deliveries, acknowledged without reaching the application",
            "messages",
            tags);
    this.inFlightGauge =
        meters.gauge(
            Names.CONSUMER_IN_FLIGHT,
            "Deliveries being processed by the application now",
            "messages",
            tags,
            inFlight,
            AtomicInteger::get);
  }

  private Timer processTimer(Tags process, String errorType) {
    return meters.timer(
        Names.PROCESS_DURATION,
        "Time from handing a delivery to the application until it was settled",
        process.and(Names.ERROR_TYPE, errorType));
  }

  ProcessObservation start() {
    consumed.increment();
    inFlight.incrementAndGet();
    return new Observation(clock.monotonicTime());
  }

  void filtered() {
    filtered.increment();
  }

  void expired() {
    expired.increment();
  }

  void deduplicated() {
    deduplicated.increment();
  }

  void deadLettered(DeadLetterReason reason) {
    Counter counter = deadLettered.get(reason);
    if (counter == null) {
      counter =
          deadLettered.computeIfAbsent(
              reason,
              r ->
                  meters.counter(
                      Names.DEAD_LETTERED,
                      "Messages put on their dead-letter channel",
                      "messages",
                      tags.and(Names.DEAD_LETTER_REASON, r.tag())));
    }
    counter.increment();
  }

  /**
   * A subscription started: registers the backlog and broker in-flight gauges. A second
   * subscription with the same names (two facades on one broker) reads the same queue, so the first
   * one's gauges serve both.
   */
  void subscribed(Supplier<ChannelStatistics> statistics) {
    if (subscribers++ == 0 || queue == null) {
      queue = new QueueGauges(meters, tags, statistics);
    }
  }

  /**
   * A subscription stopped.
   *
   * @return whether it was the last one, so the gauges are to go
   */
  boolean unsubscribed() {
    return --subscribers <= 0;
  }

  /**
   * Unregisters the gauges and drops the statistics supplier, so nothing here keeps a closed facade
   * reachable; counters and timers stay, counting on if the subscription returns.
   */
  void removeGauges() {
    meters.remove(inFlightGauge);
    QueueGauges q = queue;
    if (q != null) {
      q.remove();
      queue = null;
    }
  }

  private final class Observation implements ProcessObservation {
    private final long start;

    Observation(long start) {
      this.start = start;
    }

    @Override
    public void succeeded() {
      inFlight.decrementAndGet();
      processed.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(Throwable error, AfterFailure then) {
      inFlight.decrementAndGet();
      ConsumerMeters.this
          .failed
          .of(error)
          .record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
      switch (then) {
        case REDELIVER -> redeliveries.increment();
        case DROP -> dropped.increment();
        // Counted by deadLettered once the dead-letter send is confirmed; a stop shows as the
        // failed processing alone.
        case DEAD_LETTER, STOP -> {}
      }
    }
  }
}
