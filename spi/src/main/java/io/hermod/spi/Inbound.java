package io.hermod.spi;

/**
 * A running consumer of one channel or subscription. Thread-safe.
 *
 * <p>Contract: it never has more than the subscription's prefetch of deliveries handed to the
 * handler and not yet settled; on an ordered channel it hands over the messages of one key in order
 * and, among competing consumers, lets only one consumer hold a key's messages at a time.
 *
 * @since 0.1
 */
public interface Inbound extends AutoCloseable {

  /** Stops fetching new messages; unsettled ones stay valid. */
  void pause();

  /** Resumes fetching after {@link #pause()}. */
  void resume();

  /**
   * Stops consuming. Deliveries still unsettled are returned to the broker (redelivered to other
   * consumers); settling them afterwards is ignored. Idempotent.
   */
  @Override
  void close();
}
