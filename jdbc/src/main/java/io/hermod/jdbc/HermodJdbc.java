package io.hermod.jdbc;

import io.hermod.jdbc.internal.JdbcInbox;
import io.hermod.jdbc.internal.JdbcOutbox;
import javax.sql.DataSource;

/**
 * The entry point of {@code hermod-jdbc}: makes outboxes and inboxes on a {@link DataSource}
 * (PostgreSQL). Creating one checks the schema (and creates it unless told not to), so a missing
 * table or an unreachable database fails here, not on the first message.
 *
 * @since 0.4
 */
public final class HermodJdbc {

  private HermodJdbc() {}

  /**
   * An outbox with the {@linkplain OutboxConfig#defaults() default configuration}.
   *
   * @param dataSource the database holding the outbox table (the application's own)
   * @return the outbox, never {@code null}
   */
  public static Outbox outbox(DataSource dataSource) {
    return outbox(dataSource, OutboxConfig.defaults());
  }

  /**
   * An outbox.
   *
   * @param dataSource the database holding the outbox table (the application's own)
   * @param config its configuration
   * @return the outbox, never {@code null}
   */
  public static Outbox outbox(DataSource dataSource, OutboxConfig config) {
    return JdbcOutbox.open(dataSource, config);
  }

  /**
   * An inbox with the {@linkplain InboxConfig#defaults() default configuration}.
   *
   * @param dataSource the database the handlers write to
   * @return the inbox, never {@code null}
   */
  public static Inbox inbox(DataSource dataSource) {
    return inbox(dataSource, InboxConfig.defaults());
  }

  /**
   * An inbox.
   *
   * @param dataSource the database the handlers write to
   * @param config its configuration
   * @return the inbox, never {@code null}
   */
  public static Inbox inbox(DataSource dataSource, InboxConfig config) {
    return JdbcInbox.open(dataSource, config);
  }
}
