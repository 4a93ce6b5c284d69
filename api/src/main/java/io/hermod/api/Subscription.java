package io.hermod.api;

/**
 * A running push subscription. Thread-safe.
 *
 * @since 0.1
 */
public interface Subscription extends AutoCloseable {

  /**
   * The channel consumed.
   *
   * @return the channel name, never {@code null}
   */
  String channel();

  /**
   * The subscription name.
   *
   * @return the name, never {@code null}
   */
  String name();

  /** Stops taking new messages; handlers already running finish. */
  void pause();

  /** Takes messages again after {@link #pause()}. */
  void resume();

  /**
   * Whether the subscription is paused.
   *
   * @return {@code true} while paused
   */
  boolean isPaused();

  /**
   * Stops deliveries: waits briefly for running handlers, returns what was not processed to the
   * broker. Idempotent.
   */
  @Override
  void close();
}
