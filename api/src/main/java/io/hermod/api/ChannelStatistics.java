package io.hermod.api;

import java.util.OptionalLong;

/**
 * What the broker can tell about a channel's (or a subscription's) queue right now. Each figure is
 * unknown where the broker cannot tell it, never a made-up zero.
 *
 * @since 0.3
 */
public final class ChannelStatistics {

  private static final long UNKNOWN = -1;

  /** Nothing known. */
  public static final ChannelStatistics UNKNOWN_ALL =
      new ChannelStatistics(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);

  private final long waiting;
  private final long inFlight;
  private final long enqueued;
  private final long acknowledged;

  private ChannelStatistics(long waiting, long inFlight, long enqueued, long acknowledged) {
    this.waiting = waiting;
    this.inFlight = inFlight;
    this.enqueued = enqueued;
    this.acknowledged = acknowledged;
  }

  /**
   * Statistics with every figure unknown, to fill in with the {@code with*} methods.
   *
   * @return the statistics
   */
  public static ChannelStatistics unknown() {
    return UNKNOWN_ALL;
  }

  /**
   * These statistics with the backlog known.
   *
   * @param messages messages waiting to be delivered (Kafka: consumer lag), {@code >= 0}
   * @return new statistics
   */
  public ChannelStatistics withWaiting(long messages) {
    return new ChannelStatistics(checked(messages), inFlight, enqueued, acknowledged);
  }

  /**
   * These statistics with the in-flight count known.
   *
   * @param messages messages delivered and not yet settled, {@code >= 0}
   * @return new statistics
   */
  public ChannelStatistics withInFlight(long messages) {
    return new ChannelStatistics(waiting, checked(messages), enqueued, acknowledged);
  }

  /**
   * These statistics with the total enqueued known.
   *
   * @param messages messages ever put on the channel, as far as the broker remembers, {@code >= 0}
   * @return new statistics
   */
  public ChannelStatistics withEnqueued(long messages) {
    return new ChannelStatistics(waiting, inFlight, checked(messages), acknowledged);
  }

  /**
   * These statistics with the total acknowledged known.
   *
   * @param messages messages ever settled by this subscription, as far as the broker remembers,
   *     {@code >= 0}
   * @return new statistics
   */
  public ChannelStatistics withAcknowledged(long messages) {
    return new ChannelStatistics(waiting, inFlight, enqueued, checked(messages));
  }

  private static long checked(long messages) {
    if (messages < 0) {
      throw new IllegalArgumentException("a message count must be >= 0, was " + messages);
    }
    return messages;
  }

  /**
   * Messages waiting to be delivered: the backlog.
   *
   * @return the count, or empty if the broker cannot tell
   */
  public OptionalLong waiting() {
    return of(waiting);
  }

  /**
   * Messages delivered to consumers and not yet settled.
   *
   * @return the count, or empty if the broker cannot tell
   */
  public OptionalLong inFlight() {
    return of(inFlight);
  }

  /**
   * Messages ever put on the channel (a counter: its rate is the rate in).
   *
   * @return the count, or empty if the broker cannot tell
   */
  public OptionalLong enqueued() {
    return of(enqueued);
  }

  /**
   * Messages ever settled by the subscription (a counter: its rate is the rate out).
   *
   * @return the count, or empty if the broker cannot tell
   */
  public OptionalLong acknowledged() {
    return of(acknowledged);
  }

  private static OptionalLong of(long value) {
    return value == UNKNOWN ? OptionalLong.empty() : OptionalLong.of(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelStatistics s
        && s.waiting == waiting
        && s.inFlight == inFlight
        && s.enqueued == enqueued
        && s.acknowledged == acknowledged;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(waiting) * 31
        + Long.hashCode(inFlight) * 17
        + Long.hashCode(enqueued)
        + Long.hashCode(acknowledged);
  }

  @Override
  public String toString() {
    return "ChannelStatistics[waiting="
        + text(waiting)
        + ", inFlight="
        + text(inFlight)
        + ", enqueued="
        + text(enqueued)
        + ", acknowledged="
        + text(acknowledged)
        + "]";
  }

  private static String text(long value) {
    return value == UNKNOWN ? "unknown" : Long.toString(value);
  }
}
