package io.hermod.api;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable message: a payload plus the CloudEvents attributes and the routing metadata Hermod
 * carries on every broker.
 *
 * <pre>{@code
 * Message<Order> m = Message.builder(order)
 *     .key(order.customerId())        // ordering key
 *     .routingKey("orders.eu.created") // for routed and wildcard subscriptions
 *     .header("tenant", "acme")
 *     .build();
 * }</pre>
 *
 * @param id the message id, also the deduplication id; generated (a UUID) if not set
 * @param source the CloudEvents {@code source}: who sent it; defaults to {@code /hermod}
 * @param type the CloudEvents {@code type}; defaults to the payload's class name
 * @param subject the CloudEvents {@code subject}, or {@code null}
 * @param time when the message was created
 * @param contentType the payload's media type, or {@code null} to let the codec decide
 * @param key the ordering key (partition key, message group), or {@code null}
 * @param routingKey the routing key subscriptions filter on, {@code .}-separated words, or {@code
 *     null}
 * @param headers application headers, never {@code null}; names and values are strings
 * @param correlationId ties a reply to its request, or {@code null}
 * @param replyTo the channel a reply should go to, or {@code null}
 * @param expiresAt after this instant the message is never delivered, or {@code null}
 * @param deliverAt before this instant the message is not delivered, or {@code null}
 * @param payload the payload
 * @param <T> the payload type
 * @since 0.1
 */
public record Message<T>(
    String id,
    String source,
    String type,
    @Nullable String subject,
    Instant time,
    @Nullable String contentType,
    @Nullable String key,
    @Nullable String routingKey,
    Map<String, String> headers,
    @Nullable String correlationId,
    @Nullable String replyTo,
    @Nullable Instant expiresAt,
    @Nullable Instant deliverAt,
    T payload) {

  /** The CloudEvents source used when none is set. */
  public static final String DEFAULT_SOURCE = "/hermod";

  /** Checks required components and freezes the headers. */
  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(payload, "payload");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("message id must not be empty");
    }
    headers =
        headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /**
   * A message with the given payload and every attribute defaulted.
   *
   * @param payload the payload
   * @param <T> the payload type
   * @return a new message, never {@code null}
   */
  public static <T> Message<T> of(T payload) {
    return builder(payload).build();
  }

  /**
   * Starts a message with the given payload.
   *
   * @param payload the payload
   * @param <T> the payload type
   * @return a builder, never {@code null}
   */
  public static <T> Builder<T> builder(T payload) {
    return new Builder<>(payload);
  }

  /**
   * A builder pre-filled with this message.
   *
   * @return a new builder, never {@code null}
   */
  public Builder<T> toBuilder() {
    Builder<T> b = new Builder<>(payload);
    b.id = id;
    b.source = source;
    b.type = type;
    b.subject = subject;
    b.time = time;
    b.contentType = contentType;
    b.key = key;
    b.routingKey = routingKey;
    b.headers.putAll(headers);
    b.correlationId = correlationId;
    b.replyTo = replyTo;
    b.expiresAt = expiresAt;
    b.deliverAt = deliverAt;
    return b;
  }

  /**
   * This message with another payload; every attribute is kept.
   *
   * @param newPayload the new payload
   * @param <U> the new payload type
   * @return a new message, never {@code null}
   */
  public <U> Message<U> withPayload(U newPayload) {
    return new Message<>(
        id,
        source,
        type,
        subject,
        time,
        contentType,
        key,
        routingKey,
        headers,
        correlationId,
        replyTo,
        expiresAt,
        deliverAt,
        newPayload);
  }

  /**
   * One header's value.
   *
   * @param name the header name
   * @return the value, or {@code null} if absent
   */
  public @Nullable String header(String name) {
    return headers.get(name);
  }

  /**
   * Whether the message has expired at {@code now}.
   *
   * @param now the current instant
   * @return {@code true} if {@link #expiresAt()} is set and not after {@code now}
   */
  public boolean isExpired(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }

  /**
   * Builds a {@link Message}. Not thread-safe.
   *
   * @param <T> the payload type
   */
  public static final class Builder<T> {
    private final T payload;
    private @Nullable String id;
    private String source = DEFAULT_SOURCE;
    private @Nullable String type;
    private @Nullable String subject;
    private @Nullable Instant time;
    private @Nullable String contentType;
    private @Nullable String key;
    private @Nullable String routingKey;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable String correlationId;
    private @Nullable String replyTo;
    private @Nullable Instant expiresAt;
    private @Nullable Instant deliverAt;

    private Builder(T payload) {
      this.payload = Objects.requireNonNull(payload, "payload");
    }

    /**
     * Sets the id (and dedup id).
     *
     * @param id a non-empty id
     * @return this builder
     */
    public Builder<T> id(String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the CloudEvents source.
     *
     * @param source a URI reference naming the sender
     * @return this builder
     */
    public Builder<T> source(String source) {
      this.source = source;
      return this;
    }

    /**
     * Sets the CloudEvents type.
     *
     * @param type the event type
     * @return this builder
     */
    public Builder<T> type(String type) {
      this.type = type;
      return this;
    }

    /**
     * Sets the CloudEvents subject.
     *
     * @param subject the subject, or {@code null}
     * @return this builder
     */
    public Builder<T> subject(@Nullable String subject) {
      this.subject = subject;
      return this;
    }

    /**
     * Sets the creation time.
     *
     * @param time the instant
     * @return this builder
     */
    public Builder<T> time(Instant time) {
      this.time = time;
      return this;
    }

    /**
     * Sets the payload's media type.
     *
     * @param contentType e.g. {@code application/json}, or {@code null}
     * @return this builder
     */
    public Builder<T> contentType(@Nullable String contentType) {
      this.contentType = contentType;
      return this;
    }

    /**
     * Sets the ordering key.
     *
     * @param key the key, or {@code null}
     * @return this builder
     */
    public Builder<T> key(@Nullable String key) {
      this.key = key;
      return this;
    }

    /**
     * Sets the routing key.
     *
     * @param routingKey {@code .}-separated words, or {@code null}
     * @return this builder
     */
    public Builder<T> routingKey(@Nullable String routingKey) {
      this.routingKey = routingKey;
      return this;
    }

    /**
     * Adds or replaces a header.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder<T> header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds or replaces several headers.
     *
     * @param values the headers
     * @return this builder
     */
    public Builder<T> headers(Map<String, String> values) {
      values.forEach(this::header);
      return this;
    }

    /**
     * Removes a header.
     *
     * @param name the name
     * @return this builder
     */
    public Builder<T> removeHeader(String name) {
      headers.remove(name);
      return this;
    }

    /**
     * Sets the correlation id.
     *
     * @param correlationId the id, or {@code null}
     * @return this builder
     */
    public Builder<T> correlationId(@Nullable String correlationId) {
      this.correlationId = correlationId;
      return this;
    }

    /**
     * Sets the reply channel.
     *
     * @param replyTo the channel name, or {@code null}
     * @return this builder
     */
    public Builder<T> replyTo(@Nullable String replyTo) {
      this.replyTo = replyTo;
      return this;
    }

    /**
     * Sets the expiry instant.
     *
     * @param expiresAt the instant, or {@code null}
     * @return this builder
     */
    public Builder<T> expiresAt(@Nullable Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /**
     * Sets the earliest delivery instant.
     *
     * @param deliverAt the instant, or {@code null}
     * @return this builder
     */
    public Builder<T> deliverAt(@Nullable Instant deliverAt) {
      this.deliverAt = deliverAt;
      return this;
    }

    /**
     * Builds the message, generating the id, type and time where unset.
     *
     * @return the message, never {@code null}
     */
    public Message<T> build() {
      return new Message<>(
          id != null ? id : MessageIds.next(),
          source,
          type != null ? type : payload.getClass().getName(),
          subject,
          time != null ? time : Instant.now(),
          contentType,
          key,
          routingKey,
          headers,
          correlationId,
          replyTo,
          expiresAt,
          deliverAt,
          payload);
    }
  }
}
