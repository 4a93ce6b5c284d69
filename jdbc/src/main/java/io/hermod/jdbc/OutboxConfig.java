package io.hermod.jdbc;

import io.hermod.api.ConfigurationException;
import io.hermod.jdbc.internal.SqlNames;
import io.hermod.spi.PayloadCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link Outbox} stores messages and how its relays publish them. Immutable and thread-safe;
 * made by {@link #custom()} (every value has a default) or {@link #defaults()}.
 *
 * @since 0.4
 */
public final class OutboxConfig {

  private static final OutboxConfig DEFAULTS = custom().build();

  private final String table;
  private final boolean createSchema;
  private final int lanes;
  private final int batchSize;
  private final Duration pollInterval;
  private final Duration lease;
  private final Duration sendTimeout;
  private final Duration retention;
  private final List<PayloadCodec> codecs;

  private OutboxConfig(Builder b) {
    this.table = b.table;
    this.createSchema = b.createSchema;
    this.lanes = b.lanes;
    this.batchSize = b.batchSize;
    this.pollInterval = b.pollInterval;
    this.lease = b.lease;
    this.sendTimeout = b.sendTimeout;
    this.retention = b.retention;
    this.codecs = List.copyOf(b.codecs);
  }

  /**
   * The defaults: table {@code hermod_outbox}, schema created, 16 lanes, batches of 100, a poll
   * every 200 ms, 30 s leases, a 10 s send timeout, sent rows deleted at once.
   *
   * @return the default configuration, never {@code null}
   */
  public static OutboxConfig defaults() {
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
   * The outbox table; the module also uses {@code <table>_lane} and {@code <table>_relay}.
   *
   * @return the table name, never {@code null}
   */
  public String table() {
    return table;
  }

  /**
   * Whether the outbox creates its tables when they are missing.
   *
   * @return {@code true} to create them
   */
  public boolean createSchema() {
    return createSchema;
  }

  /**
   * How many lanes the rows are spread over by key; each lane is relayed by one relay at a time.
   *
   * @return the lane count
   */
  public int lanes() {
    return lanes;
  }

  /**
   * The most rows a relay publishes in one round.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * How long an idle relay waits before it looks for rows again.
   *
   * @return the interval, never {@code null}
   */
  public Duration pollInterval() {
    return pollInterval;
  }

  /**
   * How long a relay's claim on its lanes lasts without renewal; after a crash, the lanes pass to
   * another relay once it has expired.
   *
   * @return the lease, never {@code null}
   */
  public Duration lease() {
    return lease;
  }

  /**
   * How long a relay waits for a batch's receipts before it leaves the rows for the next round.
   *
   * @return the timeout, never {@code null}
   */
  public Duration sendTimeout() {
    return sendTimeout;
  }

  /**
   * How long sent rows are kept; {@link Duration#ZERO} deletes them as soon as they are sent.
   *
   * @return the retention, never {@code null}
   */
  public Duration retention() {
    return retention;
  }

  /**
   * Payload codecs consulted before the built-in ones; give the outbox the codecs given to {@code
   * Hermod.builder().codec(...)}, so that rows are encoded as a direct send would be.
   *
   * @return the codecs, never {@code null}
   */
  public List<PayloadCodec> codecs() {
    return codecs;
  }

  @Override
  public String toString() {
    return "OutboxConfig[table="
        + table
        + ", createSchema="
        + createSchema
        + ", lanes="
        + lanes
        + ", batchSize="
        + batchSize
        + ", pollInterval="
        + pollInterval
        + ", lease="
        + lease
        + ", sendTimeout="
        + sendTimeout
        + ", retention="
        + retention
        + "]";
  }

  /** Builds an {@link OutboxConfig}; not thread-safe. */
  public static final class Builder {
    private String table = "hermod_outbox";
    private boolean createSchema = true;
    private int lanes = 16;
    private int batchSize = 100;
    private Duration pollInterval = Duration.ofMillis(200);
    private Duration lease = Duration.ofSeconds(30);
    private Duration sendTimeout = Duration.ofSeconds(10);
    private Duration retention = Duration.ZERO;
    private final List<PayloadCodec> codecs = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the outbox table ({@code table} or {@code schema.table}).
     *
     * @param table a plain SQL identifier
     * @return this builder
     */
    public Builder table(String table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /**
     * Sets whether missing tables are created; {@code false} for schemas managed by migrations (the
     * SQL is {@code io/hermod/jdbc/outbox-postgresql.sql} in this module's jar).
     *
     * @param createSchema {@code true} to create them
     * @return this builder
     */
    public Builder createSchema(boolean createSchema) {
      this.createSchema = createSchema;
      return this;
    }

    /**
     * Sets the lane count (1 to 1024); fixed once the lane table exists.
     *
     * @param lanes the count
     * @return this builder
     */
    public Builder lanes(int lanes) {
      this.lanes = lanes;
      return this;
    }

    /**
     * Sets the batch size (1 to 10,000).
     *
     * @param batchSize the most rows per round
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sets the idle poll interval (positive).
     *
     * @param pollInterval the interval
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
      return this;
    }

    /**
     * Sets the lane lease; it must exceed twice the send timeout.
     *
     * @param lease the lease
     * @return this builder
     */
    public Builder lease(Duration lease) {
      this.lease = Objects.requireNonNull(lease, "lease");
      return this;
    }

    /**
     * Sets the send timeout (positive, less than half the lease).
     *
     * @param sendTimeout the timeout
     * @return this builder
     */
    public Builder sendTimeout(Duration sendTimeout) {
      this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
      return this;
    }

    /**
     * Sets how long sent rows are kept ({@link Duration#ZERO}: deleted at once).
     *
     * @param retention the retention, not negative
     * @return this builder
     */
    public Builder retention(Duration retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * Adds a payload codec, consulted before the built-in ones.
     *
     * @param codec the codec
     * @return this builder
     */
    public Builder codec(PayloadCodec codec) {
      codecs.add(Objects.requireNonNull(codec, "codec"));
      return this;
    }

    /**
     * Checks every value and builds the configuration.
     *
     * @return the configuration, never {@code null}
     * @throws ConfigurationException listing every invalid value, each with its key
     */
    public OutboxConfig build() {
      List<String> problems = new ArrayList<>();
      SqlNames.problem("table", table, "_unsent").ifPresent(problems::add);
      if (lanes < 1 || lanes > 1024) {
        problems.add("lanes is " + lanes + ", must be between 1 and 1024");
      }
      if (batchSize < 1 || batchSize > 10_000) {
        problems.add("batchSize is " + batchSize + ", must be between 1 and 10000");
      }
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        problems.add("pollInterval is " + pollInterval + ", must be positive");
      }
      if (sendTimeout.isNegative() || sendTimeout.isZero()) {
        problems.add("sendTimeout is " + sendTimeout + ", must be positive");
      } else if (lease.compareTo(sendTimeout.multipliedBy(2)) <= 0) {
        problems.add(
            "lease is "
                + lease
                + ", must exceed twice sendTimeout ("
                + sendTimeout
                + "): a relay publishes only while its lease outlasts the send, so that no two"
                + " relays publish a lane at once");
      }
      if (retention.isNegative()) {
        problems.add("retention is " + retention + ", must be zero (delete when sent) or more");
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException("the hermod-jdbc outbox", problems);
      }
      return new OutboxConfig(this);
    }
  }
}
