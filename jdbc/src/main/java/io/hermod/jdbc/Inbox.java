package io.hermod.jdbc;

import io.hermod.api.MessageHandler;
import java.sql.SQLException;

/**
 * An idempotent inbox: wraps a handler so that its database writes and the record "this
 * subscription processed this message id" commit in one transaction. A duplicate delivery finds the
 * record and is acknowledged without running the handler; a failing handler rolls back both, and
 * the message is redelivered. Thread-safe; holds no connection or thread of its own.
 *
 * @since 0.4
 */
public interface Inbox {

  /**
   * Wraps {@code handler} for one subscription.
   *
   * @param subscription the name processed ids are recorded under (the subscription's name: two
   *     subscriptions each process every message once)
   * @param handler the handler, given a connection in the transaction
   * @param <T> the payload type
   * @return the handler to subscribe with, never {@code null}
   */
  <T> MessageHandler<T> handler(String subscription, JdbcHandler<T> handler);

  /**
   * Deletes processed ids older than the {@linkplain InboxConfig#retention() retention} (handling
   * messages does this by itself every {@linkplain InboxConfig#purgeInterval() purge interval}).
   *
   * @return how many were deleted
   * @throws SQLException when the database refuses
   */
  int purgeExpired() throws SQLException;
}
