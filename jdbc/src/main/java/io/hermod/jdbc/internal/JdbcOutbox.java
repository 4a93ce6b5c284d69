package io.hermod.jdbc.internal;

import io.hermod.api.ConfigurationException;
import io.hermod.api.Messaging;
import io.hermod.core.internal.Codecs;
import io.hermod.jdbc.Outbox;
import io.hermod.jdbc.OutboxBacklog;
import io.hermod.jdbc.OutboxConfig;
import io.hermod.jdbc.OutboxPublisher;
import io.hermod.jdbc.OutboxRelay;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/** The {@link Outbox} on PostgreSQL. Thread-safe; immutable after {@link #open}. */
public final class JdbcOutbox implements Outbox {

  private final DataSource dataSource;
  private final OutboxConfig config;
  private final OutboxStore store;
  private final Codecs codecs;

  private JdbcOutbox(DataSource dataSource, OutboxConfig config) {
    this.dataSource = dataSource;
    this.config = config;
    this.store = new OutboxStore(config.table());
    this.codecs = Codecs.create(config.codecs(), true);
  }

  /**
   * Opens the outbox: creates the schema when configured to, and checks that the lane table has the
   * configured number of lanes (a writer and a relay disagreeing on it would strand rows).
   *
   * @param dataSource the database
   * @param config the configuration
   * @return the outbox
   */
  public static JdbcOutbox open(DataSource dataSource, OutboxConfig config) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(config, "config");
    JdbcOutbox outbox = new JdbcOutbox(dataSource, config);
    try (Connection c = dataSource.getConnection()) {
      if (config.createSchema()) {
        Schema.apply(
            c,
            config.table(),
            Schema.statements(
                "outbox-postgresql.sql",
                Map.of(
                    "table",
                    config.table(),
                    "name",
                    Schema.unqualified(config.table()),
                    "lanes",
                    Integer.toString(config.lanes()))));
      }
      int lanes = outbox.store.laneCount(c);
      if (lanes != config.lanes()) {
        throw new ConfigurationException(
            "the hermod-jdbc outbox",
            List.of(
                "lanes is "
                    + config.lanes()
                    + " but "
                    + config.table()
                    + "_lane holds "
                    + lanes
                    + " lanes; the lane count is fixed when the tables are created: set lanes("
                    + lanes
                    + ")"));
      }
    } catch (SQLException e) {
      throw JdbcErrors.database(
          "open the outbox table " + config.table(),
          config.createSchema()
              ? "check the DataSource and that its user may create tables"
              : "create the tables with io/hermod/jdbc/outbox-postgresql.sql, or set"
                  + " createSchema(true)",
          e);
    }
    return outbox;
  }

  @Override
  public <T> OutboxPublisher<T> publisher(String channel, Class<T> payloadType) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(payloadType, "payloadType");
    if (channel.isBlank()) {
      throw new IllegalArgumentException("outbox publisher: channel is blank; name a channel");
    }
    return new JdbcOutboxPublisher<>(
        channel, payloadType, codecs.forType(payloadType), store, config.lanes());
  }

  @Override
  public OutboxRelay startRelay(Messaging messaging) {
    return Relay.start(dataSource, config, store, Objects.requireNonNull(messaging, "messaging"));
  }

  @Override
  public OutboxBacklog backlog() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return store.backlog(c);
    }
  }

  @Override
  public int purgeSent() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return store.purge(c, config.retention());
    }
  }

  @Override
  public OutboxConfig config() {
    return config;
  }
}
