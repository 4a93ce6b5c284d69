package io.hermod.api;

import java.util.List;

/**
 * The subscriptions {@link Messaging#register(Object)} started for one object's {@link
 * MessageListener} methods; closing it closes them all. Thread-safe; {@link #close()} is
 * idempotent.
 *
 * @since 0.1
 */
public interface Registration extends AutoCloseable {

  /**
   * The running subscriptions, one per listener method.
   *
   * @return the subscriptions, never {@code null}
   */
  List<Subscription> subscriptions();

  /** Closes every subscription of this registration. */
  @Override
  void close();
}
