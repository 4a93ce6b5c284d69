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
 * <p>A value type: two messages are equal when every attribute and the payload are equal (the
 * payload compared with its own {@code equals}, so two {@code byte[]} payloads are equal only when
 * they are the same array). Build one with {@link #of(Object)} or {@link #builder(Object)}; change
 * one with {@link #toBuilder()} or {@link #withPayload(Object)}.
 *
 * @param <T> the payload type
 * @since 0.1
 */
public final class Message<T> {

  /** The CloudEvents source used when none is set. */
  public static final String DEFAULT_SOURCE = "/hermod";

  private final String id;
  private final String source;
  private final String type;
  private final @Nullable String subject;
  private final Instant time;
  private final @Nullable String contentType;
  private final @Nullable String key;
  private final @Nullable String routingKey;
  private final Map<String, String> headers;
  private final @Nullable String correlationId;
  private final @Nullable String replyTo;
  private final @Nullable Instant expiresAt;
  private final @Nullable Instant deliverAt;
  private final T payload;

  /** Checks required attributes and freezes the headers. */
  private Message(
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
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(payload, "payload");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("message id must not be empty");
    }
    this.id = id;
    this.source = source;
    this.type = type;
    this.subject = subject;
    this.time = time;
    this.contentType = contentType;
    this.key = key;
    this.routingKey = routingKey;
    this.headers = frozen(headers);
    this.correlationId = correlationId;
    this.replyTo = replyTo;
    this.expiresAt = expiresAt;
    this.deliverAt = deliverAt;
    this.payload = payload;
  }

  /** A frozen copy of headers; a map this class froze already is taken as it is. */
  private static Map<String, String> frozen(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return Map.of();
    }
    if (headers.getClass() == FROZEN_TYPE || headers.getClass() == SINGLE_TYPE) {
      return headers;
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /**
   * The class of the maps {@link #frozen} makes. The private constructor gets its headers only from
   * a builder (its own {@code LinkedHashMap}, copied) or from another message (already frozen,
   * shared as it is): a map of this class there is always one this class froze.
   */
  private static final Class<?> FROZEN_TYPE =
      Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

  /**
   * The class of {@code Map.of(name, value)}: immutable, null-free and of one entry, so in no order
   * to lose. {@link #withHeaders} makes one when it adds the only header (a trace context, say).
   */
  private static final Class<?> SINGLE_TYPE = Map.of("", "").getClass();

  /**
   * A message with the given payload and every attribute defaulted.
   *
   * @param payload the payload
   * @param <T> the payload type
   * @return a new message, never {@code null}
   */
  public static <T> Message<T> of(T payload) {
    // What builder(payload).build() makes, without the builder: most sends start here.
    Objects.requireNonNull(payload, "payload");
    return new Message<>(
        MessageIds.next(),
        DEFAULT_SOURCE,
        payload.getClass().getName(),
        null,
        Instant.now(),
        null,
        null,
        null,
        Map.of(),
        null,
        null,
        null,
        null,
        payload);
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
    if (!headers.isEmpty()) {
      b.headers = new LinkedHashMap<>(headers);
    }
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
   * @return a new message, or this one if {@code newPayload} is its payload object itself; never
   *     {@code null}
   */
  @SuppressWarnings("unchecked")
  public <U> Message<U> withPayload(U newPayload) {
    if (newPayload == payload) {
      // Same object, so same type: an identity decode (byte[] channels) costs no copy.
      return (Message<U>) this;
    }
    return copy(headers, contentType, newPayload);
  }

  /**
   * This message with another payload in another content type, every other attribute kept: what
   * encoding or decoding a message makes of it, in one copy.
   *
   * @param newPayload the new payload
   * @param newContentType the content type of {@code newPayload}, e.g. {@code application/json}
   * @param <U> the new payload type
   * @return a new message, or this one if neither changes; never {@code null}
   * @since 0.3
   */
  @SuppressWarnings("unchecked")
  public <U> Message<U> withPayload(U newPayload, String newContentType) {
    Objects.requireNonNull(newContentType, "content type");
    if (newPayload == payload && newContentType.equals(contentType)) {
      return (Message<U>) this;
    }
    return copy(headers, newContentType, newPayload);
  }

  /**
   * This message with headers added, replacing headers of the same names; every other attribute is
   * kept. Cheaper than {@link #toBuilder()} for the one thing it does: the headers are copied once.
   *
   * @param added the headers to add
   * @return a new message, or this one if {@code added} is empty; never {@code null}
   * @since 0.3
   */
  public Message<T> withHeaders(Map<String, String> added) {
    if (added.isEmpty()) {
      return this;
    }
    if (headers.isEmpty() && added.size() == 1) {
      Map.Entry<String, String> only = added.entrySet().iterator().next();
      return copy(
          Map.of(
              Objects.requireNonNull(only.getKey(), "header name"),
              Objects.requireNonNull(only.getValue(), "header value")),
          contentType,
          payload);
    }
    LinkedHashMap<String, String> all =
        new LinkedHashMap<>((int) ((headers.size() + added.size()) / 0.75f) + 1);
    all.putAll(headers);
    added.forEach(
        (name, value) ->
            all.put(
                Objects.requireNonNull(name, "header name"),
                Objects.requireNonNull(value, "header value")));
    return copy(Collections.unmodifiableMap(all), contentType, payload);
  }

  /** This message with other headers (frozen, or to be frozen), content type and payload. */
  private <U> Message<U> copy(
      Map<String, String> newHeaders, @Nullable String newContentType, U newPayload) {
    return new Message<>(
        id,
        source,
        type,
        subject,
        time,
        newContentType,
        key,
        routingKey,
        newHeaders,
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
   * The message id, also the deduplication id; generated (a UUID) if not set.
   *
   * @return the id, never {@code null} or empty
   */
  public String id() {
    return id;
  }

  /**
   * The CloudEvents {@code source}: who sent it; {@link #DEFAULT_SOURCE} if not set.
   *
   * @return the source, never {@code null}
   */
  public String source() {
    return source;
  }

  /**
   * The CloudEvents {@code type}; the payload's class name if not set.
   *
   * @return the type, never {@code null}
   */
  public String type() {
    return type;
  }

  /**
   * The CloudEvents {@code subject}.
   *
   * @return the subject, or {@code null}
   */
  public @Nullable String subject() {
    return subject;
  }

  /**
   * When the message was created.
   *
   * @return the creation instant, never {@code null}
   */
  public Instant time() {
    return time;
  }

  /**
   * The payload's media type.
   *
   * @return the media type, or {@code null} to let the codec decide
   */
  public @Nullable String contentType() {
    return contentType;
  }

  /**
   * The ordering key (partition key, message group).
   *
   * @return the key, or {@code null}
   */
  public @Nullable String key() {
    return key;
  }

  /**
   * The routing key subscriptions filter on, {@code .}-separated words.
   *
   * @return the routing key, or {@code null}
   */
  public @Nullable String routingKey() {
    return routingKey;
  }

  /**
   * The application headers; names and values are strings.
   *
   * @return an unmodifiable map in insertion order, never {@code null}
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * Ties a reply to its request.
   *
   * @return the correlation id, or {@code null}
   */
  public @Nullable String correlationId() {
    return correlationId;
  }

  /**
   * The channel a reply should go to.
   *
   * @return the channel name, or {@code null}
   */
  public @Nullable String replyTo() {
    return replyTo;
  }

  /**
   * After this instant the message is never delivered.
   *
   * @return the expiry instant, or {@code null}
   */
  public @Nullable Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Before this instant the message is not delivered.
   *
   * @return the earliest delivery instant, or {@code null}
   */
  public @Nullable Instant deliverAt() {
    return deliverAt;
  }

  /**
   * The payload.
   *
   * @return the payload, never {@code null}
   */
  public T payload() {
    return payload;
  }

  /**
   * Whether {@code o} is a message with equal attributes, headers and payload.
   *
   * @param o the object to compare with
   * @return {@code true} if every attribute and the payload are equal
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Message<?> m)) {
      return false;
    }
    return id.equals(m.id)
        && source.equals(m.source)
        && type.equals(m.type)
        && Objects.equals(subject, m.subject)
        && time.equals(m.time)
        && Objects.equals(contentType, m.contentType)
        && Objects.equals(key, m.key)
        && Objects.equals(routingKey, m.routingKey)
        && headers.equals(m.headers)
        && Objects.equals(correlationId, m.correlationId)
        && Objects.equals(replyTo, m.replyTo)
        && Objects.equals(expiresAt, m.expiresAt)
        && Objects.equals(deliverAt, m.deliverAt)
        && payload.equals(m.payload);
  }

  /**
   * A hash over every attribute, the headers and the payload, consistent with {@link
   * #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(
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
        payload);
  }

  /**
   * Every attribute, the headers and the payload, in the form a record prints: {@code
   * Message[id=..., source=..., ..., payload=...]}.
   *
   * @return a description, never {@code null}
   */
  @Override
  public String toString() {
    return "Message[id="
        + id
        + ", source="
        + source
        + ", type="
        + type
        + ", subject="
        + subject
        + ", time="
        + time
        + ", contentType="
        + contentType
        + ", key="
        + key
        + ", routingKey="
        + routingKey
        + ", headers="
        + headers
        + ", correlationId="
        + correlationId
        + ", replyTo="
        + replyTo
        + ", expiresAt="
        + expiresAt
        + ", deliverAt="
        + deliverAt
        + ", payload="
        + payload
        + "]";
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
    // Made on the first header: most messages have none, and a builder is made per message.
    private @Nullable Map<String, String> headers;
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
      Map<String, String> h = headers;
      if (h == null) {
        h = headers = new LinkedHashMap<>();
      }
      h.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
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
     * Removes a header, if set.
     *
     * @param name the header name
     * @return this builder
     * @since 0.5
     */
    public Builder<T> removeHeader(String name) {
      Map<String, String> h = headers;
      if (h != null) {
        h.remove(name);
      }
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
          headers != null ? headers : Map.of(),
          correlationId,
          replyTo,
          expiresAt,
          deliverAt,
          payload);
    }
  }
}
