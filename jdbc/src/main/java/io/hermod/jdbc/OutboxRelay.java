package io.hermod.jdbc;

/**
 * A running relay: one thread that claims lanes of the outbox, publishes their committed rows in
 * order, waits for the receipts and then deletes (or marks) the rows. Thread-safe; {@link #close()}
 * stops it and hands its lanes to the other relays at once.
 *
 * @since 0.4
 */
public interface OutboxRelay extends AutoCloseable {

  /**
   * This relay's id, as recorded in the lane table.
   *
   * @return the id, never {@code null}
   */
  String id();

  /**
   * How many rows this relay has published with a receipt since it started (its throughput).
   *
   * @return the count
   */
  long published();

  /** Stops the relay after its current batch and releases its lanes; idempotent. */
  @Override
  void close();
}
