package io.hermod.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * @param name the channel name: letters, digits, {@code . _ -}, at most 200 characters
 * @param kind queue (one consumer per message) or topic (one copy per subscription)
 * @param guarantee at-least-once or exactly-once
 * @param durability memory or persistent
 * @param ttl how long a message may wait before it expires; {@code null} means never
 * @param maxDeliveryAttempts how many times a message is handed to a handler before it is given up,
 *     {@code >= 1}
 * @param backoff the delay before each redelivery
 * @param deadLetter whether exhausted and undecodable messages go to {@link #deadLetterChannel()}
 * @param onRetriesExhausted what happens to an exhausted message when {@code deadLetter} is off
 * @param maxLength the most messages the channel holds; {@code 0} means unbounded
 * @param overflow what a send to a full bounded channel does
 * @param dedupWindow how long message ids are remembered for deduplication under {@link
 *     DeliveryGuarantee#EXACTLY_ONCE}
 * @since 0.1
 */
public record ChannelSpec(
    String name,
    ChannelKind kind,
    DeliveryGuarantee guarantee,
    Durability durability,
    @Nullable Duration ttl,
    int maxDeliveryAttempts,
    Backoff backoff,
    boolean deadLetter,
    RetryExhaustion onRetriesExhausted,
    int maxLength,
    OverflowPolicy overflow,
    Duration dedupWindow) {

  /** The suffix of a channel's dead-letter channel. */
  public static final String DEAD_LETTER_SUFFIX = ".dlq";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  /** Validates every component and reports every problem at once. */
  public ChannelSpec {
    List<String> problems = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      problems.add(
          "channel name must be 1-200 characters of letters, digits, '.', '_' or '-' starting"
              + " with a letter or digit, was '"
              + name
              + "'");
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      problems.add("ttl must be positive or absent, was " + ttl);
    }
    if (maxDeliveryAttempts < 1) {
      problems.add("maxDeliveryAttempts must be >= 1, was " + maxDeliveryAttempts);
    }
    if (maxLength < 0) {
      problems.add("maxLength must be >= 0 (0 = unbounded), was " + maxLength);
    }
    if (dedupWindow.isNegative() || dedupWindow.isZero()) {
      problems.add("dedupWindow must be positive, was " + dedupWindow);
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(name == null ? "?" : name, problems);
    }
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
      return new ChannelSpec(
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
  }
}
