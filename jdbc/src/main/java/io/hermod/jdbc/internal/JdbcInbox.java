package io.hermod.jdbc.internal;

import io.hermod.api.MessageHandler;
import io.hermod.jdbc.Inbox;
import io.hermod.jdbc.InboxConfig;
import io.hermod.jdbc.JdbcHandler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Inbox} on PostgreSQL. The processed-id row is inserted first, with {@code ON CONFLICT
 * DO NOTHING}: a row already committed means a duplicate; a row another delivery of the same
 * message is inserting right now makes this insert wait for that transaction, so two concurrent
 * deliveries never both run the handler. Thread-safe.
 */
public final class JdbcInbox implements Inbox {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcInbox.class);

  private final DataSource dataSource;
  private final InboxConfig config;
  private final String insert;
  private final String purge;
  private final AtomicLong nextPurgeNanos = new AtomicLong(System.nanoTime());

  private JdbcInbox(DataSource dataSource, InboxConfig config) {
    this.dataSource = dataSource;
    this.config = config;
    this.insert =
        "INSERT INTO "
            + config.table()
            + " (subscription, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
    this.purge =
        "DELETE FROM "
            + config.table()
            + " WHERE processed_at < clock_timestamp() - ? * INTERVAL '1 millisecond'";
  }

  /**
   * Opens the inbox, creating its table when configured to.
   *
   * @param dataSource the database
   * @param config the configuration
   * @return the inbox
   */
  public static JdbcInbox open(DataSource dataSource, InboxConfig config) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(config, "config");
    if (config.createSchema()) {
      try (Connection c = dataSource.getConnection()) {
        Schema.apply(
            c,
            config.table(),
            Schema.statements(
                "inbox-postgresql.sql",
                Map.of("table", config.table(), "name", Schema.unqualified(config.table()))));
      } catch (SQLException e) {
        throw JdbcErrors.database(
            "create the inbox table " + config.table(),
            "check the DataSource and that its user may create tables, or create it with"
                + " io/hermod/jdbc/inbox-postgresql.sql and set createSchema(false)",
            e);
      }
    }
    return new JdbcInbox(dataSource, config);
  }

  @Override
  public <T> MessageHandler<T> handler(String subscription, JdbcHandler<T> handler) {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(handler, "handler");
    return delivery -> {
      try (Connection c = dataSource.getConnection()) {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
          int inserted;
          try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, subscription);
            ps.setString(2, delivery.message().id());
            inserted = ps.executeUpdate();
          }
          if (inserted == 0) {
            // Processed and committed before: acknowledge without running the handler again.
            c.rollback();
          } else {
            handler.handle(c, delivery);
            c.commit();
          }
        } catch (Exception | Error e) {
          rollbackQuietly(c, e);
          restoreQuietly(c, autoCommit, e);
          throw e;
        }
        c.setAutoCommit(autoCommit);
      }
      purgeWhenDue();
    };
  }

  @Override
  public int purgeExpired() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(purge)) {
      ps.setLong(1, config.retention().toMillis());
      return ps.executeUpdate();
    }
  }

  /** At most once per purge interval across the handler threads; a failure only waits a round. */
  private void purgeWhenDue() {
    long due = nextPurgeNanos.get();
    if (System.nanoTime() - due < 0
        || !nextPurgeNanos.compareAndSet(
            due, System.nanoTime() + config.purgeInterval().toNanos())) {
      return;
    }
    try {
      purgeExpired();
    } catch (SQLException e) {
      LOG.warn("inbox {}: expired ids not purged this time: {}", config.table(), e.toString());
    }
  }

  /** Hands a pooled connection back as it came; a broken one must not hide the real failure. */
  private static void restoreQuietly(Connection c, boolean autoCommit, Throwable failure) {
    try {
      c.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static void rollbackQuietly(Connection c, Throwable failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
