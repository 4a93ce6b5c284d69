package io.hermod.jdbc;

import io.hermod.api.Delivery;
import java.sql.Connection;

/**
 * A message handler that writes to the database inside the inbox's transaction.
 *
 * @param <T> the payload type
 * @since 0.4
 */
@FunctionalInterface
public interface JdbcHandler<T> {

  /**
   * Handles one delivery. Returning commits the writes and acknowledges the message; throwing rolls
   * them back and the message is redelivered.
   *
   * @param connection the transaction's connection; do not commit, roll back or close it
   * @param delivery the delivery
   * @throws Exception to roll back and have the message redelivered
   */
  void handle(Connection connection, Delivery<T> delivery) throws Exception;
}
