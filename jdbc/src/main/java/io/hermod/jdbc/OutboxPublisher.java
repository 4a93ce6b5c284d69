package io.hermod.jdbc;

import io.hermod.api.Message;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes one channel's messages into the outbox, through the caller's connection and inside the
 * caller's transaction: the message is published if and only if that transaction commits.
 * Thread-safe (a connection is used by one thread at a time, as JDBC requires).
 *
 * <p>Database failures are the caller's transaction's failures, so they surface as the {@link
 * SQLException} the caller's own statements throw; the caller rolls back as for any other.
 *
 * @param <T> the payload type
 * @since 0.4
 */
public interface OutboxPublisher<T> {

  /**
   * The channel the messages are published to.
   *
   * @return the channel name, never {@code null}
   */
  String channel();

  /**
   * Writes a message with this payload and a generated id.
   *
   * @param connection the caller's connection, in the caller's transaction; never committed or
   *     closed here
   * @param payload the payload
   * @return the message id, never {@code null}
   * @throws SQLException when the row cannot be written
   */
  String send(Connection connection, T payload) throws SQLException;

  /**
   * Writes a message (id, key, routing key, headers and every other attribute are kept; the relay
   * publishes it with the same id, so a retry is a duplicate an exactly-once channel drops).
   *
   * @param connection the caller's connection, in the caller's transaction; never committed or
   *     closed here
   * @param message the message
   * @return the message id, never {@code null}
   * @throws SQLException when the row cannot be written
   * @throws io.hermod.api.SerializationException when the payload cannot be encoded
   */
  String send(Connection connection, Message<T> message) throws SQLException;
}
