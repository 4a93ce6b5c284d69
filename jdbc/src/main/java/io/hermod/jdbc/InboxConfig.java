package io.hermod.jdbc;

import io.hermod.api.ConfigurationException;
import io.hermod.jdbc.internal.SqlNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link Inbox} records processed messages. Immutable and thread-safe; made by {@link
 * #custom()} (every value has a default) or {@link #defaults()}.
 *
 * @since 0.4
 */
public final class InboxConfig {

  private static final InboxConfig DEFAULTS = custom().build();

  private final String table;
  private final boolean createSchema;
  private final Duration retention;
  private final Duration purgeInterval;

  private InboxConfig(Builder b) {
    this.table = b.table;
    this.createSchema = b.createSchema;
    this.retention = b.retention;
    this.purgeInterval = b.purgeInterval;
  }

  /**
   * The defaults: table {@code hermod_inbox}, schema created, ids kept 7 days, purged at most once
   * a minute.
   *
   * @return the default configuration, never {@code null}
   */
  public static InboxConfig defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder, never {@code null}
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * The processed-message table.
   *
   * @return the table name, never {@code null}
   */
  public String table() {
    return table;
  }

  /**
   * Whether the inbox creates its table when it is missing.
   *
   * @return {@code true} to create it
   */
  public boolean createSchema() {
    return createSchema;
  }

  /**
   * How long a processed id is remembered: a duplicate arriving later runs the handler again, so
   * make it longer than the broker can redeliver or a publisher can retry.
   *
   * @return the window, never {@code null}
   */
  public Duration retention() {
    return retention;
  }

  /**
   * How often, at most, handling a message also deletes expired ids.
   *
   * @return the interval, never {@code null}
   */
  public Duration purgeInterval() {
    return purgeInterval;
  }

  @Override
  public String toString() {
    return "InboxConfig[table="
        + table
        + ", createSchema="
        + createSchema
        + ", retention="
        + retention
        + ", purgeInterval="
        + purgeInterval
        + "]";
  }

  /** Builds an {@link InboxConfig}; not thread-safe. */
  public static final class Builder {
    private String table = "hermod_inbox";
    private boolean createSchema = true;
    private Duration retention = Duration.ofDays(7);
    private Duration purgeInterval = Duration.ofMinutes(1);

    private Builder() {}

    /**
     * Sets the processed-message table ({@code table} or {@code schema.table}).
     *
     * @param table a plain SQL identifier
     * @return this builder
     */
    public Builder table(String table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /**
     * Sets whether a missing table is created; {@code false} for schemas managed by migrations (the
     * SQL is {@code io/hermod/jdbc/inbox-postgresql.sql} in this module's jar).
     *
     * @param createSchema {@code true} to create it
     * @return this builder
     */
    public Builder createSchema(boolean createSchema) {
      this.createSchema = createSchema;
      return this;
    }

    /**
     * Sets how long processed ids are remembered (positive).
     *
     * @param retention the window
     * @return this builder
     */
    public Builder retention(Duration retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * Sets how often, at most, expired ids are deleted (positive).
     *
     * @param purgeInterval the interval
     * @return this builder
     */
    public Builder purgeInterval(Duration purgeInterval) {
      this.purgeInterval = Objects.requireNonNull(purgeInterval, "purgeInterval");
      return this;
    }

    /**
     * Checks every value and builds the configuration.
     *
     * @return the configuration, never {@code null}
     * @throws ConfigurationException listing every invalid value, each with its key
     */
    public InboxConfig build() {
      List<String> problems = new ArrayList<>();
      SqlNames.problem("table", table, "_at").ifPresent(problems::add);
      if (retention.isNegative() || retention.isZero()) {
        problems.add("retention is " + retention + ", must be positive");
      }
      if (purgeInterval.isNegative() || purgeInterval.isZero()) {
        problems.add("purgeInterval is " + purgeInterval + ", must be positive");
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException("the hermod-jdbc inbox", problems);
      }
      return new InboxConfig(this);
    }
  }
}
