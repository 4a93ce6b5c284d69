package io.hermod.api;

import java.util.ArrayList;
import java.util.List;

/**
 * How a subscription or receiver consumes: its name, filter, concurrency and prefetch.
 *
 * @param name the subscription name; instances with the same name on a topic share (compete for)
 *     one copy of each message. On a queue every consumer competes regardless of name.
 * @param filter what to select
 * @param concurrency how many handlers may run at once, {@code >= 1}
 * @param prefetch the most messages held unacknowledged by this subscription, {@code >=
 *     concurrency}
 * @param startPosition where a new subscription starts
 * @since 0.1
 */
public record SubscriptionOptions(
    String name, Filter filter, int concurrency, int prefetch, StartPosition startPosition) {

  /** The subscription name used when none is given. */
  public static final String DEFAULT_NAME = "default";

  /** Validates every setting and reports every problem at once. */
  public SubscriptionOptions {
    List<String> problems = new ArrayList<>();
    if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]{1,100}")) {
      problems.add(
          "subscription name must be 1-100 letters, digits, '.', '_' or '-', was '" + name + "'");
    }
    if (concurrency < 1) {
      problems.add("concurrency must be >= 1, was " + concurrency);
    }
    if (prefetch < concurrency) {
      problems.add("prefetch must be >= concurrency (" + concurrency + "), was " + prefetch);
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(String.valueOf(name), problems);
    }
  }

  /**
   * The defaults: name {@code default}, no filter, concurrency 1, prefetch 32, latest.
   *
   * @return the default options, never {@code null}
   */
  public static SubscriptionOptions defaults() {
    return builder().build();
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a builder, never {@code null}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options named {@code name}, otherwise defaults.
   *
   * @param name the subscription name
   * @return the options, never {@code null}
   */
  public static SubscriptionOptions named(String name) {
    return builder().name(name).build();
  }

  /** Builds {@link SubscriptionOptions}. Not thread-safe. */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private Filter filter = Filter.none();
    private int concurrency = 1;
    private int prefetch = -1;
    private StartPosition startPosition = StartPosition.LATEST;

    private Builder() {}

    /**
     * Sets the subscription name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the filter.
     *
     * @param filter the filter
     * @return this builder
     */
    public Builder filter(Filter filter) {
      this.filter = filter;
      return this;
    }

    /**
     * Sets how many handlers may run at once.
     *
     * @param concurrency {@code >= 1}
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets the most unacknowledged messages held; defaults to {@code max(32, 2 * concurrency)}.
     *
     * @param prefetch {@code >= concurrency}
     * @return this builder
     */
    public Builder prefetch(int prefetch) {
      this.prefetch = prefetch;
      return this;
    }

    /**
     * Sets where a new subscription starts.
     *
     * @param position latest or earliest
     * @return this builder
     */
    public Builder startPosition(StartPosition position) {
      this.startPosition = position;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options, never {@code null}
     * @throws ConfigurationException listing every invalid setting
     */
    public SubscriptionOptions build() {
      int p = prefetch < 0 ? Math.max(32, 2 * concurrency) : prefetch;
      return new SubscriptionOptions(name, filter, concurrency, p, startPosition);
    }
  }
}
