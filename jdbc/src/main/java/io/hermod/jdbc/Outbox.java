package io.hermod.jdbc;

import io.hermod.api.Messaging;
import java.sql.SQLException;

/**
 * A transactional outbox: messages are written as rows through the caller's own JDBC connection,
 * inside the caller's transaction, and published by {@linkplain #startRelay(Messaging) relays} once
 * committed. A rolled-back transaction publishes nothing. Thread-safe; holds no connection and no
 * thread of its own, so it needs no closing (its relays do).
 *
 * @since 0.4
 */
public interface Outbox {

  /**
   * A writer of one channel's messages.
   *
   * @param channel the channel the relay will publish to (declared on the relay's {@code
   *     Messaging})
   * @param payloadType the payload type, encoded by the same codecs a direct send uses
   * @param <T> the payload type
   * @return the publisher, never {@code null}
   */
  <T> OutboxPublisher<T> publisher(String channel, Class<T> payloadType);

  /**
   * Starts a relay publishing committed rows through {@code messaging}. Any number of relays, in
   * any number of processes, may run on one outbox: each lane of rows is published by one relay at
   * a time.
   *
   * @param messaging where the rows are published; the channels must be declared on it
   * @return the running relay, to be closed, never {@code null}
   */
  OutboxRelay startRelay(Messaging messaging);

  /**
   * How many committed rows wait to be published and how long the oldest has waited: the outbox
   * depth to alert on.
   *
   * @return the backlog, never {@code null}
   * @throws SQLException when the database cannot be read
   */
  OutboxBacklog backlog() throws SQLException;

  /**
   * Deletes sent rows older than the {@linkplain OutboxConfig#retention() retention} (relays do
   * this once a minute by themselves).
   *
   * @return how many rows were deleted
   * @throws SQLException when the database refuses
   */
  int purgeSent() throws SQLException;

  /**
   * This outbox's configuration.
   *
   * @return the configuration, never {@code null}
   */
  OutboxConfig config();
}
