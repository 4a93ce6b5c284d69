package io.hermod.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An immutable declaration of a channel: its name, kind, guarantee and failure handling.
 *
 * <p>Build one with {@link #queue(String)} or {@link #topic(String)}:
 *
 * <pre>{@code
 * ChannelSpec orders = ChannelSpec.queue("orders")
 *     .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
 *     .maxDeliveryAttempts(5)
 *     .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10)))
 *     .build();
 * }</pre>
 *
 * <p>A value type: two declarations are equal when every setting is equal.
 *
 * @since 0.1
 */
public final class ChannelSpec {

  /** The suffix of a channel's dead-letter channel. */
  public static final String DEAD_LETTER_SUFFIX = ".dlq";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private final String name;
  private final ChannelKind kind;
  private final DeliveryGuarantee guarantee;
  private final Durability durability;
  private final @Nullable Duration ttl;
  private final int maxDeliveryAttempts;
  private final Backoff backoff;
  private final boolean deadLetter;
  private final RetryExhaustion onRetriesExhausted;
  private final int maxLength;
  private final OverflowPolicy overflow;
  private final Duration dedupWindow;

  /** Validates every setting of {@code b} and reports every problem at once. */
  private ChannelSpec(Builder b) {
    List<String> problems = new ArrayList<>();
    if (b.name == null || !NAME.matcher(b.name).matches()) {
      problems.add(
          "channel name must be 1-200 characters of letters, digits, '.', '_' or '-' starting"
              + " with a letter or digit, was '"
              + b.name
              + "'");
    }
    if (b.ttl != null && (b.ttl.isNegative() || b.ttl.isZero())) {
      problems.add("ttl must be positive or absent, was " + b.ttl);
    }
    if (b.maxDeliveryAttempts < 1) {
      problems.add("maxDeliveryAttempts must be >= 1, was " + b.maxDeliveryAttempts);
    }
    if (b.maxLength < 0) {
      problems.add("maxLength must be >= 0 (0 = unbounded), was " + b.maxLength);
    }
    if (b.dedupWindow.isNegative() || b.dedupWindow.isZero()) {
      problems.add("dedupWindow must be positive, was " + b.dedupWindow);
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(b.name == null ? "?" : b.name, problems);
    }
    this.name = b.name;
    this.kind = b.kind;
    this.guarantee = b.guarantee;
    this.durability = b.durability;
    this.ttl = b.ttl;
    this.maxDeliveryAttempts = b.maxDeliveryAttempts;
    this.backoff = b.backoff;
    this.deadLetter = b.deadLetter;
    this.onRetriesExhausted = b.onRetriesExhausted;
    this.maxLength = b.maxLength;
    this.overflow = b.overflow;
    this.dedupWindow = b.dedupWindow;
  }

  /**
   * Starts a queue declaration.
   *
   * @param name the channel name
   * @return a builder with the defaults, never {@code null}
   */
  public static Builder queue(String name) {
    return new Builder(name, ChannelKind.QUEUE);
  }

  /**
   * Starts a topic declaration.
   *
   * @param name the channel name
   * @return a builder with the defaults, never {@code null}
   */
  public static Builder topic(String name) {
    return new Builder(name, ChannelKind.TOPIC);
  }

  /**
   * The channel name: letters, digits, {@code . _ -}, at most 200 characters.
   *
   * @return the name, never {@code null}
   */
  public String name() {
    return name;
  }

  /**
   * Queue (one consumer per message) or topic (one copy per subscription).
   *
   * @return the kind
   */
  public ChannelKind kind() {
    return kind;
  }

  /**
   * At-least-once or exactly-once.
   *
   * @return the delivery guarantee
   */
  public DeliveryGuarantee guarantee() {
    return guarantee;
  }

  /**
   * Memory or persistent.
   *
   * @return the durability
   */
  public Durability durability() {
    return durability;
  }

  /**
   * How long a message may wait before it expires.
   *
   * @return a positive duration, or {@code null} for never
   */
  public @Nullable Duration ttl() {
    return ttl;
  }

  /**
   * How many times a message is handed to a handler before it is given up.
   *
   * @return the attempts, {@code >= 1}
   */
  public int maxDeliveryAttempts() {
    return maxDeliveryAttempts;
  }

  /**
   * The delay before each redelivery.
   *
   * @return the backoff
   */
  public Backoff backoff() {
    return backoff;
  }

  /**
   * Whether exhausted and undecodable messages go to {@link #deadLetterChannel()}.
   *
   * @return {@code true} if dead-lettering is on
   */
  public boolean deadLetter() {
    return deadLetter;
  }

  /**
   * What happens to an exhausted message when {@link #deadLetter()} is off.
   *
   * @return drop or stop
   */
  public RetryExhaustion onRetriesExhausted() {
    return onRetriesExhausted;
  }

  /**
   * The most messages the channel holds.
   *
   * @return the bound, {@code 0} for unbounded
   */
  public int maxLength() {
    return maxLength;
  }

  /**
   * What a send to a full bounded channel does.
   *
   * @return the overflow policy
   */
  public OverflowPolicy overflow() {
    return overflow;
  }

  /**
   * How long message ids are remembered for deduplication under {@link
   * DeliveryGuarantee#EXACTLY_ONCE}.
   *
   * @return a positive duration, never {@code null}
   */
  public Duration dedupWindow() {
    return dedupWindow;
  }

  /**
   * The name of this channel's dead-letter channel, {@code <name>.dlq}.
   *
   * @return the dead-letter channel name, never {@code null}
   */
  public String deadLetterChannel() {
    return name + DEAD_LETTER_SUFFIX;
  }

  /**
   * Whether per-key order must be kept on this channel.
   *
   * @return {@code true} for exactly-once channels
   */
  public boolean ordered() {
    return guarantee == DeliveryGuarantee.EXACTLY_ONCE;
  }

  /**
   * A builder pre-filled with this declaration.
   *
   * @return a new builder, never {@code null}
   */
  public Builder toBuilder() {
    Builder b = new Builder(name, kind);
    b.guarantee = guarantee;
    b.durability = durability;
    b.ttl = ttl;
    b.maxDeliveryAttempts = maxDeliveryAttempts;
    b.backoff = backoff;
    b.deadLetter = deadLetter;
    b.onRetriesExhausted = onRetriesExhausted;
    b.maxLength = maxLength;
    b.overflow = overflow;
    b.dedupWindow = dedupWindow;
    return b;
  }

  /**
   * Whether {@code o} is a declaration with equal settings.
   *
   * @param o the object to compare with
   * @return {@code true} if every setting is equal
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ChannelSpec c)) {
      return false;
    }
    return name.equals(c.name)
        && kind == c.kind
        && guarantee == c.guarantee
        && durability == c.durability
        && Objects.equals(ttl, c.ttl)
        && maxDeliveryAttempts == c.maxDeliveryAttempts
        && Objects.equals(backoff, c.backoff)
        && deadLetter == c.deadLetter
        && onRetriesExhausted == c.onRetriesExhausted
        && maxLength == c.maxLength
        && overflow == c.overflow
        && dedupWindow.equals(c.dedupWindow);
  }

  /**
   * A hash over every setting, consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        kind,
        guarantee,
        durability,
        ttl,
        maxDeliveryAttempts,
        backoff,
        deadLetter,
        onRetriesExhausted,
        maxLength,
        overflow,
        dedupWindow);
  }

  /**
   * Every setting, in the form a record prints: {@code ChannelSpec[name=..., kind=..., ...]}.
   *
   * @return a description, never {@code null}
   */
  @Override
  public String toString() {
    return "ChannelSpec[name="
        + name
        + ", kind="
        + kind
        + ", guarantee="
        + guarantee
        + ", durability="
        + durability
        + ", ttl="
        + ttl
        + ", maxDeliveryAttempts="
        + maxDeliveryAttempts
        + ", backoff="
        + backoff
        + ", deadLetter="
        + deadLetter
        + ", onRetriesExhausted="
        + onRetriesExhausted
        + ", maxLength="
        + maxLength
        + ", overflow="
        + overflow
        + ", dedupWindow="
        + dedupWindow
        + "]";
  }

  /**
   * Builds a {@link ChannelSpec}. Defaults: at-least-once, persistent where the binding can be
   * ({@link Durability#PREFER_PERSISTENT}), no TTL, 5 delivery attempts, exponential backoff 100 ms
   * x2 up to 10 s, dead-lettering on, unbounded, 5 minute dedup window.
   *
   * <p>Not thread-safe; the {@link ChannelSpec} it builds is.
   */
  public static final class Builder {
    private final String name;
    private final ChannelKind kind;
    private DeliveryGuarantee guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
    private Durability durability = Durability.PREFER_PERSISTENT;
    private @Nullable Duration ttl;
    private int maxDeliveryAttempts = 5;
    private Backoff backoff =
        Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10));
    private boolean deadLetter = true;
    private RetryExhaustion onRetriesExhausted = RetryExhaustion.DROP;
    private int maxLength;
    private OverflowPolicy overflow = OverflowPolicy.REJECT;
    private Duration dedupWindow = Duration.ofMinutes(5);

    private Builder(String name, ChannelKind kind) {
      this.name = name;
      this.kind = kind;
    }

    /**
     * Sets the delivery guarantee.
     *
     * @param guarantee at-least-once or exactly-once
     * @return this builder
     */
    public Builder guarantee(DeliveryGuarantee guarantee) {
      this.guarantee = guarantee;
      return this;
    }

    /**
     * Sets where messages live.
     *
     * @param durability memory or persistent
     * @return this builder
     */
    public Builder durability(Durability durability) {
      this.durability = durability;
      return this;
    }

    /**
     * Sets the default time-to-live of messages on this channel.
     *
     * @param ttl a positive duration, or {@code null} for none
     * @return this builder
     */
    public Builder ttl(@Nullable Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    /**
     * Sets how many times a message is handed to a handler before it is given up.
     *
     * @param attempts {@code >= 1}
     * @return this builder
     */
    public Builder maxDeliveryAttempts(int attempts) {
      this.maxDeliveryAttempts = attempts;
      return this;
    }

    /**
     * Sets the delay before each redelivery.
     *
     * @param backoff the backoff
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    /**
     * Turns dead-lettering on or off.
     *
     * @param deadLetter whether exhausted messages go to {@code <name>.dlq}
     * @return this builder
     */
    public Builder deadLetter(boolean deadLetter) {
      this.deadLetter = deadLetter;
      return this;
    }

    /**
     * Sets what happens to exhausted messages when dead-lettering is off.
     *
     * @param action drop or stop
     * @return this builder
     */
    public Builder onRetriesExhausted(RetryExhaustion action) {
      this.onRetriesExhausted = action;
      return this;
    }

    /**
     * Bounds the channel.
     *
     * @param maxLength the most messages waiting; {@code 0} for unbounded
     * @param overflow what a send to a full channel does
     * @return this builder
     */
    public Builder maxLength(int maxLength, OverflowPolicy overflow) {
      this.maxLength = maxLength;
      this.overflow = overflow;
      return this;
    }

    /**
     * Sets how long message ids are remembered for deduplication.
     *
     * @param window a positive duration
     * @return this builder
     */
    public Builder dedupWindow(Duration window) {
      this.dedupWindow = window;
      return this;
    }

    /**
     * Builds the declaration.
     *
     * @return the declaration, never {@code null}
     * @throws ConfigurationException listing every invalid setting
     */
    public ChannelSpec build() {
      return new ChannelSpec(this);
    }
  }
}
